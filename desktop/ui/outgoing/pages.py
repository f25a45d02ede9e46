"""发文's 办理 pages: one per action of services.outgoing.actions, each one service call."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

from desktop.services.outgoing import actions as A
from desktop.services.outgoing import numbering, query, workflow
from desktop.ui.action_page import ActionPage, CallPage, Field, date_edit
from desktop.ui.directory_edit import DirectoryEdit
from desktop.ui.ops import OUTGOING

if TYPE_CHECKING:
    from desktop.services.outgoing.register import OutgoingDetail

# Action bar texts: each its own Alt+letter (拟稿 E, 办理 L, 附件 K, 历史 H are the panes').
BUTTONS = {
    A.REVIEW: "核稿(&R)", A.COUNTERSIGN: "会签(&Q)", A.SIGN_OFF: "签发(&F)", A.RECHECK: "复核(&V)",
    A.PRINT: "印制(&Y)", A.DISPATCH: "核发(&D)", A.ARCHIVE: "归档(&G)", A.SEND_BACK: "退回修改(&T)",
    A.CANCEL: "作废(&Z)",
}


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def _copies(optional: bool) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0 if optional else 1, 9999)
    box.setSuffix(" 份")
    if optional:
        box.setSpecialValueText("暂不填")
    return box


def _widget(page: CallPage, key: str) -> Any:
    return next(f.widget for f in page.fields if f.key == key)


def _count(page: CallPage, key: str) -> int | None:
    return _widget(page, key).value() or None


class SignOffPage(CallPage):
    """签发: the signer from the directory's 签发人, the 代字 fitting the document's 文种."""

    choices: query.DirectoryChoices | None = None

    def set_detail(self, detail: OutgoingDetail) -> None:
        signer, code = _widget(self, "signed_by"), _widget(self, "code")
        names = self.choices.signers if self.choices else []
        codes = query.codes_for(self.choices, detail.doc_type) if self.choices else []
        for box, items in ((signer, names), (code, codes)):
            current = box.currentText() if self.dirty else ""
            box.clear()
            box.addItems(items)
            if current:
                box.setCurrentText(current)
        if detail.code and detail.seq is not None:  # numbered before: signed again under the same 代字
            code.setCurrentText(detail.code)


class DispatchPage(CallPage):
    def set_detail(self, detail: OutgoingDetail) -> None:
        if not self.dirty:
            _widget(self, "copies").setValue(detail.copies or 1)
            _widget(self, "issuing_authority").setText(detail.issuing_authority or "")


def _editable_combo() -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    return box


def build_pages(reviewer: DirectoryEdit) -> dict[str, ActionPage]:
    """Every action's page, keyed by services.outgoing.actions' names."""
    ch = {OUTGOING}
    pages: list[ActionPage] = [
        CallPage(A.REVIEW, "核稿通过", [Field("reviewer", "核稿人", reviewer)],
                 lambda s, d, who, add, p: workflow.review(s, d, p.value("reviewer"), who), ch),
        CallPage(A.COUNTERSIGN, "会签完成", [],
                 lambda s, d, who, add, p: workflow.countersign(s, d, who), ch),
        SignOffPage(A.SIGN_OFF, "签发并编号", [
            Field("signed_by", "签发人", _editable_combo()), Field("code", "机关代字", QComboBox()),
            Field("signed_on", "签发日期", date_edit())],
            lambda s, d, who, add, p: workflow.sign_off(
                s, d, p.value("signed_by"), p.value("signed_on"), p.value("code"), who), ch),
        CallPage(A.RECHECK, "复核通过", [], lambda s, d, who, add, p: workflow.recheck(s, d, who), ch),
        CallPage(A.PRINT, "印制完成", [Field("copies", "份数", _copies(optional=True))],
                 lambda s, d, who, add, p: workflow.print_copies(s, d, who, copies=_count(p, "copies")), ch),
        DispatchPage(A.DISPATCH, "核发", [
            Field("issued_on", "印发日期", date_edit()), Field("copies", "份数", _copies(optional=False)),
            Field("issuing_authority", "印发机关", _line("如 院办公室"))],
            lambda s, d, who, add, p: workflow.dispatch(
                s, d, who, issued_on=p.value("issued_on"), copies=_count(p, "copies"),
                issuing_authority=p.value("issuing_authority")), ch),
        CallPage(A.ARCHIVE, "归档", [Field("archive_volume", "卷号", _line()), Field("archive_item", "件号", _line()),
                                    Field("archived_on", "归档日期", date_edit())],
                 lambda s, d, who, add, p: workflow.archive(
                     s, d, p.value("archive_volume"), p.value("archive_item"), who, p.value("archived_on")), ch),
        CallPage(A.SEND_BACK, "退回修改", [Field("reason", "退回原因", _line("如：数据需核实"))],
                 lambda s, d, who, add, p: workflow.send_back(s, d, p.value("reason"), who), ch),
        CallPage(A.CANCEL, "作废（保留编号）", [Field("reason", "作废原因", _line())],
                 lambda s, d, who, add, p: numbering.cancel_number(s, d, p.value("reason"), who), ch),
    ]
    for page in pages:
        page.setObjectName(f"page_{page.key}")
    return {page.key: page for page in pages}
