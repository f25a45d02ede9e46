"""督办's 办理 pages: one per action of services.supervision.actions, each one service call
(ui.action_page). 修改 opens the 事项 form and the two printouts print; they have no page."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QSpinBox

from desktop.services.supervision import actions as A
from desktop.services.supervision import register, workflow
from desktop.services.supervision.fields import EVALUATIONS, REMINDER_METHODS
from desktop.ui.action_page import CallPage, Field, date_edit
from desktop.ui.directory_edit import DirectoryEdit
from desktop.ui.ops import SUPERVISION

if TYPE_CHECKING:
    from desktop.services.supervision.detail import SupervisionDetail

# Action bar texts, each its own Alt+letter (the panes use E L I K H, the counts A W Y M R J).
BUTTONS = {
    A.REPORT: "进展(&P)", A.REMIND: "催办(&U)", A.REQUEST_EXTENSION: "申请延期(&Q)", A.APPROVE_EXTENSION: "批准延期(&G)",
    A.REFUSE_EXTENSION: "驳回延期(&B)", A.CLOSE: "办结(&D)", A.ACCEPT: "审结通过(&V)", A.SEND_BACK: "审结退回(&T)",
    A.EVALUATE: "评价(&N)", A.SPLIT: "分解(&C)", A.CANCEL: "撤销(&Z)", A.EDIT: "修改(&X)",
    A.PRINT_NOTICE: "打印通知单 (Ctrl+P)", A.PRINT_REMINDER: "打印催办单(&O)",
}
NO_PAGE = (A.EDIT, A.PRINT_NOTICE, A.PRINT_REMINDER)


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def _choices(items, fixed: bool = True) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    box.setProperty("fixed_choices", fixed)
    return box


class Page(CallPage):
    """A 督办 page: a percent box resets with the rest; the pending extension is the one decided;
    an 附件 button (进展, 办结) adds files to the item while it is still open."""

    pending_extension: int | None = None

    def __init__(self, key: str, submit_text: str, fields: list[Field], fn: Any, *, files: bool = False) -> None:
        super().__init__(key, submit_text, fields, fn, {SUPERVISION})
        self.files_button: QPushButton | None = None
        if files:
            self.files_button = QPushButton("添加附件…")
            self.files_button.setToolTip("佐证材料、进展材料：加到本事项的“附件”页（须在办结前添加）")
            self.layout().itemAt(2).layout().insertWidget(1, self.files_button)

    def widget(self, key: str) -> Any:
        return next(f.widget for f in self.fields if f.key == key)

    def reset(self) -> None:
        super().reset()
        for f in self.fields:
            if isinstance(f.widget, QSpinBox):
                f.widget.setValue(f.widget.minimum())

    def set_detail(self, detail: SupervisionDetail) -> None:
        if not self.dirty:
            self.reset()  # an untouched page shows today's date, even after midnight
        pending = [x for x in detail.extensions if not x.decision]
        self.pending_extension = pending[-1].id if pending else None
        if self.key == A.REPORT and not self.dirty:
            self.widget("percent").setValue(detail.percent)
        if self.key == A.CLOSE and not self.dirty and detail.result:  # sent back: amend the last result
            self.widget("result").setText(detail.result)
            self.widget("evidence").setText(detail.evidence)
        if self.key == A.EVALUATE and not self.dirty and detail.evaluation:
            self.widget("evaluation").setCurrentText(detail.evaluation)
            self.widget("note").setText(detail.evaluation_note)


def _decide(approve: bool):
    def call(s, item_id, who, add, p: Page):
        if p.pending_extension is None:
            from desktop.services.errors import ServiceError

            raise ServiceError("该事项没有待审批的延期申请。")
        return workflow.decide_extension(s, p.pending_extension, approve, who, p.value("note"))
    return call


def _split(s, item_id, who, add, p: Page) -> list[int]:
    names = register.split_names(p.value("departments"))
    return register.split_item(s, item_id, [register.SubItemInput(n) for n in names], who)


def _percent() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 100)
    box.setSuffix(" %")
    return box


def build_pages(reporter: DirectoryEdit, reminder: DirectoryEdit, departments: DirectoryEdit) -> dict[str, Page]:
    """Every action's page, keyed by services.supervision.actions' names."""
    departments.setPlaceholderText("每个分项一个科室，多个用“、”分隔")
    pages = [
        Page(A.REPORT, "记录进展", [
            Field("text", "进展情况", _line("如：已完成自查，正在整改")), Field("percent", "完成进度", _percent()),
            Field("reported_by", "报送人", reporter), Field("reported_on", "报送日期", date_edit())],
            lambda s, d, who, add, p: workflow.report_progress(
                s, d, p.value("text"), p.widget("percent").value(), who, p.value("reported_on"),
                p.value("reported_by")), files=True),
        Page(A.REMIND, "记录催办", [
            Field("method", "催办方式", _choices(REMINDER_METHODS)), Field("answer", "科室答复", _line()),
            Field("reminded_by", "催办人", reminder), Field("reminded_on", "催办日期", date_edit())],
            lambda s, d, who, add, p: workflow.remind(s, d, p.value("method"), who, p.value("reminded_on"),
                                                      p.value("reminded_by"), p.value("answer"))),
        Page(A.REQUEST_EXTENSION, "提交延期申请", [
            Field("reason", "延期理由", _line()), Field("new_deadline", "延至", date_edit()),
            Field("requested_on", "申请日期", date_edit())],
            lambda s, d, who, add, p: workflow.request_extension(
                s, d, p.value("new_deadline"), p.value("reason"), who, p.value("requested_on"))),
        Page(A.APPROVE_EXTENSION, "批准延期", [Field("note", "审批意见", _line("可不填"))], _decide(True)),
        Page(A.REFUSE_EXTENSION, "驳回延期", [Field("note", "驳回理由", _line())], _decide(False)),
        Page(A.CLOSE, "办结", [
            Field("result", "办理结果", _line()), Field("evidence", "佐证材料", _line("如：整改报告一份（文件加到附件）")),
            Field("closed_on", "办结日期", date_edit())],
            lambda s, d, who, add, p: workflow.close(s, d, p.value("result"), who, p.value("closed_on"),
                                                     p.value("evidence")), files=True),
        Page(A.ACCEPT, "审结通过", [], lambda s, d, who, add, p: workflow.accept(s, d, who)),
        Page(A.SEND_BACK, "退回重办", [Field("reason", "退回理由", _line())],
             lambda s, d, who, add, p: workflow.send_back(s, d, p.value("reason"), who)),
        Page(A.EVALUATE, "保存评价", [Field("evaluation", "评价", _choices(EVALUATIONS)), Field("note", "说明", _line())],
             lambda s, d, who, add, p: workflow.evaluate(s, d, p.value("evaluation"), who, p.value("note"))),
        Page(A.SPLIT, "分解", [Field("departments", "承办科室", departments)], _split),
        Page(A.CANCEL, "撤销督办", [Field("reason", "撤销理由", _line())],
             lambda s, d, who, add, p: workflow.cancel(s, d, p.value("reason"), who)),
    ]
    for page in pages:
        page.setObjectName(f"page_{page.key}")
    return {page.key: page for page in pages}

