"""One page per 办理 action: its fields, its button, the one service call it makes.

Which pages are shown, and in what order, is services.incoming.actions' rule; a page
only collects what was typed for the document on screen and passes it on. Errors
appear beside the field they concern; a name the directory does not hold also offers
新增到目录, which repeats the same call with ``add_to_directory=True``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import clock
from desktop.services.incoming import actions as A
from desktop.services.incoming import links, register, workflow
from desktop.services.incoming.directory import UnknownNamesError
from desktop.ui.incoming.pickers import DirectoryEdit
from desktop.ui.ops import INCOMING, OUTGOING, SUPERVISION

if TYPE_CHECKING:
    from desktop.services.errors import ServiceError
    from desktop.services.incoming.register import IncomingDetail
    from desktop.services.store import Session

# Action bar button texts: every action has its own mnemonic (Alt+letter).
BUTTONS = {
    A.REVIEW: "初审(&C)", A.PROPOSE: "拟办(&N)", A.INSTRUCT: "批示(&P)", A.ASSIGN: "交办(&J)",
    A.OPINION: "承办意见(&O)", A.CIRCULATE: "传阅(&Y)", A.REMIND: "催办(&U)", A.COMPLETE: "办结(&B)",
    A.REOPEN: "撤销办结(&X)", A.ARCHIVE: "归档(&G)", A.SUPERVISE: "立督办(&D)", A.REPLY: "复文(&W)",
    A.CANCEL: "作废(&Z)",
}


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


@dataclass
class Field:
    key: str  # the ServiceError.field it answers to
    label: str
    widget: QWidget


class ActionPage(QWidget):
    """The fields of one action and its button; ``submitted`` asks the panel to run it."""

    submitted = Signal(bool)  # add_to_directory

    def __init__(self, key: str, submit_text: str, fields: list[Field], changes: set[str]) -> None:
        super().__init__()
        self.key, self.fields, self.changes = key, fields, changes
        self._dirty = False
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in fields:
            form.addRow(f.label, self._with_error(f))
        self.error = QLabel()  # errors that belong to no field
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.submit = QPushButton(submit_text)
        self.submit.setAutoDefault(True)  # Enter on it presses it
        self.submit.clicked.connect(lambda: self.submitted.emit(False))
        self.add_button = QPushButton("新增到目录")
        self.add_button.setToolTip("把上面的新名称加入 设置 → 科室与人员，再办理")
        self.add_button.setAutoDefault(True)
        self.add_button.clicked.connect(lambda: self.submitted.emit(True))
        self.add_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self._connect_fields()
        self.reset()

    def _with_error(self, f: Field) -> QWidget:
        label = QLabel()
        label.setStyleSheet("color: #c0392b;")
        label.setWordWrap(True)
        label.hide()
        self.errors[f.key] = label
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(f.widget)
        lay.addWidget(label)
        return box

    def _connect_fields(self) -> None:
        edits = [f.widget for f in self.fields]
        lines = [w for w in edits if isinstance(w, QLineEdit)]
        for w in edits:
            if isinstance(w, QLineEdit):
                w.textEdited.connect(self._mark_dirty)
                # Enter moves on to the next text field; on the last one it does the action
                # (dates and choices after it have their defaults: today, 电话).
                i = lines.index(w)
                w.returnPressed.connect(self._advance(lines[i + 1] if i + 1 < len(lines) else None))
            elif isinstance(w, QComboBox):
                w.activated.connect(self._mark_dirty)
            elif isinstance(w, QDateEdit):
                w.editingFinished.connect(self._mark_dirty)

    def _advance(self, nxt: QWidget | None) -> Callable[[], None]:
        def go() -> None:
            if nxt is None:
                self.submitted.emit(False)
            else:
                nxt.setFocus()
        return go

    def _mark_dirty(self, *_args: Any) -> None:
        self._dirty = True

    @property
    def dirty(self) -> bool:
        """Something was typed here and not yet used."""
        return self._dirty

    def first_widget(self) -> QWidget:
        return self.fields[0].widget if self.fields else self.submit

    def reset(self) -> None:
        """Empty fields, dates today: nothing typed for one document survives to another."""
        today = QDate(clock.today())
        for f in self.fields:
            w = f.widget
            if isinstance(w, QLineEdit):
                w.clear()
            elif isinstance(w, QDateEdit):
                w.setDate(today)
            elif isinstance(w, QComboBox) and w.property("fixed_choices"):
                w.setCurrentIndex(0)
        self._dirty = False
        self.clear_errors()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.error.clear()
        self.add_button.hide()

    def show_error(self, exc: ServiceError) -> None:
        label = self.errors.get(exc.field or "")
        if label is None:
            self.error.setText(exc.message)
        else:
            label.setText(exc.message)
            label.show()
        if isinstance(exc, UnknownNamesError):
            self.add_button.show()
            self.add_button.setFocus()

    def set_detail(self, detail: IncomingDetail) -> None:
        """Pages whose choices come from the document (the 承办意见 departments)."""

    def call(self, session: Session, doc_id: int, actor: str, add: bool) -> Any:
        raise NotImplementedError


class _Page(ActionPage):
    """An ActionPage whose call is a function of (session, doc_id, actor, add, page)."""

    def __init__(self, key: str, submit_text: str, fields: list[Field],
                 fn: Callable[..., Any], changes: set[str] | None = None) -> None:
        self._fn = fn
        super().__init__(key, submit_text, fields, changes or {INCOMING})

    def value(self, key: str) -> Any:
        w = next(f.widget for f in self.fields if f.key == key)
        if isinstance(w, QLineEdit):
            return w.text().strip()
        if isinstance(w, QDateEdit):
            return w.date().toPython()
        if isinstance(w, QComboBox):
            return w.currentText()
        raise TypeError(key)

    def call(self, session: Session, doc_id: int, actor: str, add: bool) -> Any:
        return self._fn(session, doc_id, actor, add, self)


class OpinionPage(_Page):
    def set_detail(self, detail: IncomingDetail) -> None:
        box = next(f.widget for f in self.fields if f.key == "department")
        assert isinstance(box, QComboBox)
        current = box.currentText()
        box.clear()
        box.addItems([a.department for a in detail.assignments])
        if current:
            box.setCurrentText(current)


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def _methods() -> QComboBox:
    box = QComboBox()
    box.addItems(["电话", "当面", "书面", "OA"])
    box.setProperty("fixed_choices", True)
    return box


def build_pages(departments: DirectoryEdit, leader: DirectoryEdit, reader: DirectoryEdit,
                task_dept: DirectoryEdit, reply_dept: DirectoryEdit) -> dict[str, ActionPage]:
    """Every action's page, keyed by services.incoming.actions' names."""
    departments.setPlaceholderText("从目录选择，多个用“、”分隔，第一个为主办")
    pages: list[ActionPage] = [
        _Page(A.REVIEW, "初审通过", [], lambda s, d, who, add, p: workflow.review(s, d, who)),
        _Page(A.PROPOSE, "保存拟办", [Field("proposal", "拟办意见", _line("如：拟请医务部牵头办理，报分管院领导阅示。"))],
              lambda s, d, who, add, p: workflow.propose(s, d, p.value("proposal"), who)),
        _Page(A.INSTRUCT, "添加批示", [Field("leader", "批示领导", leader), Field("instruction", "批示内容", _line()),
                                      Field("instructed_on", "批示日期", _date_edit())],
              lambda s, d, who, add, p: workflow.add_instruction(
                  s, d, p.value("leader"), p.value("instruction"), p.value("instructed_on"), who, add_to_directory=add)),
        _Page(A.ASSIGN, "交办", [Field("departments", "承办科室", departments)],
              lambda s, d, who, add, p: workflow.assign_departments(
                  s, d, workflow.parse_departments(p.value("departments")), None, who, add_to_directory=add)),
        OpinionPage(A.OPINION, "保存意见", [Field("department", "科室", QComboBox()), Field("opinion", "意见", _line())],
                    lambda s, d, who, add, p: workflow.record_opinion(s, d, p.value("department"), p.value("opinion"), who)),
        _Page(A.CIRCULATE, "送传阅", [Field("reader", "传阅人", reader)],
              lambda s, d, who, add, p: workflow.circulate(s, d, p.value("reader"), None, who, add_to_directory=add)),
        _Page(A.REMIND, "记录催办", [Field("method", "方式", _methods()), Field("note", "说明", _line())],
              lambda s, d, who, add, p: workflow.remind(s, d, p.value("method"), p.value("note"), who)),
        _Page(A.COMPLETE, "办结", [Field("result", "办理结果", _line()), Field("completed_on", "办结日期", _date_edit())],
              lambda s, d, who, add, p: workflow.complete(s, d, p.value("result"), p.value("completed_on"), who)),
        _Page(A.REOPEN, "撤销办结", [Field("reason", "撤销原因", _line())],
              lambda s, d, who, add, p: workflow.reopen(s, d, who, p.value("reason"))),
        _Page(A.ARCHIVE, "归档", [Field("archive_volume", "卷号", _line()), Field("archive_item", "件号", _line()),
                                 Field("archived_on", "归档日期", _date_edit())],
              lambda s, d, who, add, p: workflow.archive(
                  s, d, p.value("archive_volume"), p.value("archive_item"), p.value("archived_on"), who)),
        _Page(A.SUPERVISE, "建立督办", [Field("task", "督办事项", _line("据最近一条批示")),
                                       Field("lead_department", "主办科室", task_dept),
                                       Field("deadline", "办理时限", _date_edit())],
              lambda s, d, who, add, p: links.create_supervision_from_latest_instruction(
                  s, d, p.value("task"), p.value("lead_department"), p.value("deadline"), who, add_to_directory=add),
              {INCOMING, SUPERVISION}),
        _Page(A.REPLY, "建立复文", [Field("title", "发文标题", _line()), Field("drafting_department", "拟稿科室", reply_dept)],
              lambda s, d, who, add, p: links.create_reply_outgoing(
                  s, d, p.value("title"), p.value("drafting_department"), who),
              {INCOMING, OUTGOING}),
        _Page(A.CANCEL, "作废（保留编号）", [Field("reason", "作废原因", _line())],
              lambda s, d, who, add, p: register.cancel_incoming(s, d, p.value("reason"), who)),
    ]
    for page in pages:
        page.setObjectName(f"page_{page.key}")
    return {page.key: page for page in pages}

