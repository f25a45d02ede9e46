"""The 发文 draft form (拟稿): fields from services.outgoing.fields, errors beside the field,
typing kept when a save fails. After 签发 the signed text (标题, 文种, 主送/抄送, 附件说明,
正文) is read-only until the document is sent back; 备注 and the like stay editable."""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import ServiceError
from desktop.services.outgoing import query, register
from desktop.services.outgoing.fields import BODY_FIELDS, label
from desktop.services.outgoing.steps import FROZEN_STEPS
from desktop.services.outgoing.vocab import DOC_TYPES, SECRECY_LEVELS, URGENCY_LEVELS
from desktop.ui.action_page import with_error_note
from desktop.ui.directory_edit import DirectoryEdit
from desktop.ui.messages import Messages
from desktop.ui.ops import OUTGOING, AppContext
from desktop.ui.register.widgets import OptionalDate

if TYPE_CHECKING:
    from desktop.services.outgoing.register import OutgoingDetail

_LINES = ("title", "secrecy_term", "issuing_authority", "attachment_note", "remarks", "supervision_number")
_NAMES = ("main_recipients", "cc_recipients", "drafting_department", "drafter", "countersign_departments")
_COMBOS = ("doc_type", "secrecy", "urgency")
DRAFT_DELAY_MS = 800  # a pause in typing, then the draft is written


def _combo(items) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    return box


class OutgoingForm(QWidget):
    saved = Signal(int)  # document id
    leave = Signal()  # Esc with nothing to revert: back to the register
    open_incoming = Signal(int)  # the 收文 this 发文 answers, clicked

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id: int | None = None
        self.detail: OutgoingDetail | None = None
        self._dirty = False
        self._loading = False
        self.errors: dict[str, QLabel] = {}
        from desktop.locations import drafts_dir
        from desktop.services.drafts import Drafts

        # unsaved typing kept across a crash, in a file of its own (收文's keys are the same)
        self.drafts = Drafts(drafts_dir() / "outgoing", ctx.path)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._keep_draft)
        self._build()
        self._connect()
        self.start_new(focus=False)

    # --- layout --------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.links = QLabel()
        self.links.setTextFormat(Qt.TextFormat.RichText)
        self.links.setWordWrap(True)
        self.title = QLineEdit()
        self.doc_type, self.secrecy, self.urgency = (_combo(DOC_TYPES), _combo(SECRECY_LEVELS),
                                                     _combo(URGENCY_LEVELS))
        self.main_recipients = DirectoryEdit(several=True)
        self.main_recipients.setPlaceholderText("从单位/科室目录选择，多个用“、”分隔")
        self.cc_recipients = DirectoryEdit(several=True)
        self.drafting_department, self.drafter = DirectoryEdit(), DirectoryEdit()
        self.countersign_departments = DirectoryEdit(several=True)
        self.countersign_departments.setPlaceholderText("需会签时填写，多个用“、”分隔")
        self.written_on = OptionalDate("指定")
        self.secrecy_term, self.issuing_authority = QLineEdit(), QLineEdit()
        self.secrecy_term.setPlaceholderText("如 1年")
        self.attachment_note, self.remarks = QLineEdit(), QLineEdit()
        self.attachment_note.setPlaceholderText("附件名称，多个用“、”分隔")
        self.supervision_number = QLineEdit()
        self.supervision_number.setPlaceholderText("此文办理的督办事项的编号，如 督〔2026〕12号（可不填）")
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(120)
        self.body.setPlaceholderText("正文（主送机关按“主送”栏印在正文之前，不必在此重复；"
                                     "标题层次：一、（一）1.（1））")
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #a05a00;")
        self.hint.setWordWrap(True)
        self.save_button = QPushButton("保存(&S) Ctrl+S")
        self.revert_button = QPushButton("撤销修改 (Esc)")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(label("title"), self._err("title", self.title))
        form.addRow("文种", self._err("doc_type", self._row(
            (None, self.doc_type), ("密级", self.secrecy), ("紧急程度", self.urgency))))
        form.addRow("保密期限", self._err("secrecy_term", self.secrecy_term))
        form.addRow("主送", self._err("main_recipients", self.main_recipients))
        form.addRow("抄送", self._err("cc_recipients", self.cc_recipients))
        form.addRow("拟稿科室", self._err("drafting_department", self._row(
            (None, self.drafting_department), ("拟稿人", self.drafter))))
        self.errors["drafter"] = self.errors["drafting_department"]
        form.addRow("会签科室", self._err("countersign_departments", self.countersign_departments))
        form.addRow("成文日期", self._err("written_on", self.written_on))
        form.addRow("印发机关", self._err("issuing_authority", self.issuing_authority))
        form.addRow("附件说明", self._err("attachment_note", self.attachment_note))
        form.addRow("正文", self._err("body", self.body))
        form.addRow("备注", self._err("remarks", self.remarks))
        form.addRow("关联督办", self._err("supervision_number", self.supervision_number))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addWidget(self.heading)
        lay.addWidget(self.links)
        lay.addLayout(form)
        lay.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(inner)
        # the hint and 保存 stay under the scrolling fields: on a 1366×768 screen the form
        # is taller than its pane, and a save button below the fold is a save not made
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 4)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(self.hint)
        outer.addLayout(buttons)

    @staticmethod
    def _row(*pairs: tuple[str | None, QWidget]) -> QWidget:
        w = QWidget()
        row = QHBoxLayout(w)
        row.setContentsMargins(0, 0, 0, 0)
        for text, widget in pairs:
            if text:
                row.addWidget(QLabel(text))
            row.addWidget(widget, 1)
        return w

    def _err(self, key: str, widget: QWidget) -> QWidget:
        return with_error_note(widget, self.errors, key)

    def _connect(self) -> None:
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.escape,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        for name in (*_LINES, *_NAMES):
            getattr(self, name).textEdited.connect(self._mark_dirty)
        for name in _COMBOS:
            getattr(self, name).currentIndexChanged.connect(self._mark_dirty)
        self.body.textChanged.connect(self._mark_dirty)
        self.written_on.changed.connect(self._mark_dirty)
        self.links.linkActivated.connect(self._link)

    def set_choices(self, choices: query.DirectoryChoices) -> None:
        for name in ("main_recipients", "cc_recipients"):
            getattr(self, name).set_names(choices.recipients)
        for name in ("drafting_department", "countersign_departments"):
            getattr(self, name).set_names(choices.departments)
        self.drafter.set_names(choices.staff)

    # --- state -----------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self, *_args) -> None:
        if not self._loading:
            self._dirty = True
            self._draft_timer.start()

    @property
    def draft_key(self) -> str:
        return "new" if self.doc_id is None else f"doc:{self.doc_id}"

    def _keep_draft(self) -> None:
        if self._dirty:
            fields = dataclasses.asdict(self.data())
            fields["written_on"] = fields["written_on"].isoformat() if fields["written_on"] else None
            self.drafts.save(self.draft_key, fields)

    def _drop_draft(self) -> None:
        """The typing was saved or deliberately dropped: its draft goes too."""
        self._draft_timer.stop()
        self.drafts.discard(self.draft_key)

    def fill_from_draft(self, fields: dict) -> None:
        """Put a kept draft back (the document, if any, is loaded first)."""
        day = fields.get("written_on")
        self._fill({**fields, "written_on": dt.date.fromisoformat(day) if day else None})
        self._dirty = True
        self.hint.setText("已恢复上次未保存的内容，请核对后保存（Ctrl+S）。")

    def _fill(self, values: dict) -> None:
        self._loading = True
        for name in (*_LINES, *_NAMES):
            getattr(self, name).setText(values.get(name) or "")
        for name in _COMBOS:
            getattr(self, name).setCurrentText(values.get(name) or getattr(self, name).itemText(0))
        self.body.setPlainText(values.get("body") or "")
        self.written_on.set_value(values.get("written_on"))
        self._clear_errors()
        self.hint.clear()
        self._loading = False
        self._dirty = False

    def start_new(self, focus: bool = True) -> None:
        if self._dirty:
            self._drop_draft()
        self.doc_id = self.detail = None
        self._fill({"doc_type": "通知", "drafter": self.ctx.actor})
        self.heading.setText("拟写新发文")
        self.links.clear()
        self._set_editable(True, True)
        if focus:
            self.title.setFocus()

    def load(self, doc_id: int, detail: OutgoingDetail | None = None) -> None:
        if detail is None:
            detail = self.ctx.ops.read(lambda s: register.get_detail(s, doc_id))
        if self._dirty:
            self._drop_draft()
        self.doc_id, self.detail = doc_id, detail
        self._fill(detail.values)
        self.heading.setText(f"发文 {detail.number or '（未编号）'}（{detail.step}）")
        self._show_links(detail)
        who = self.ctx.principal
        may_edit = who is None or who.may("edit")
        frozen = detail.step in FROZEN_STEPS
        self._set_editable(may_edit and not frozen, detail.signed_on is None)
        if frozen:
            self.hint.setText(f"该文{detail.step}，不能再修改。")
        elif not may_edit and who is not None:
            self.hint.setText(f"{who.name}（{who.role}）可以查看，不能修改发文。")
        elif detail.signed_on is not None:
            self.hint.setText("该文已签发，标题、文种、主送、抄送、附件说明和正文不能修改；如需修改，请先退回修改。")

    def _show_links(self, detail: OutgoingDetail) -> None:
        visible = self.ctx.visible
        answered, item = self.ctx.ops.read(
            lambda s: query.linked(s, detail.in_reply_to_id, detail.supervision_item_id, visible))
        parts = []
        if answered is not None:
            parts.append(f"复文，答复收文 <a href='incoming:{answered.id}'>{html.escape(answered.number)}</a> "
                         f"{html.escape(answered.title)}")
        if item is not None:
            parts.append(f"督办事项 {html.escape(item.number)} {html.escape(item.title)}")
        self.links.setText("<br>".join(parts))

    def _link(self, href: str) -> None:
        kind, _, ident = href.partition(":")
        if kind == "incoming" and ident.isdigit():
            self.open_incoming.emit(int(ident))

    def show_nothing(self) -> None:
        self.start_new(focus=False)
        self.heading.setText("未选择")
        self._set_editable(False, False)
        self.hint.setText("在登记簿中选择一份发文，或按 Ctrl+N 拟写新发文。")

    def _set_editable(self, editable: bool, text_editable: bool) -> None:
        for name in (*_LINES, *_NAMES, *_COMBOS):
            getattr(self, name).setEnabled(editable and (text_editable or name not in BODY_FIELDS))
        self.body.setReadOnly(not (editable and text_editable))
        self.written_on.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.revert_button.setEnabled(editable)

    def data(self) -> register.OutgoingInput:
        return register.OutgoingInput(
            **{name: getattr(self, name).text() for name in (*_LINES, *_NAMES)},
            **{name: getattr(self, name).currentText() for name in _COMBOS},
            written_on=self.written_on.value(), body=self.body.toPlainText())

    # --- saving ----------------------------------------------------------------------

    def _clear_errors(self) -> None:
        for note in self.errors.values():
            note.clear()
            note.hide()

    def show_error(self, exc: ServiceError) -> None:
        note = self.errors.get(exc.field or "")
        if note is None:
            Messages.error(self, exc.message)
            return
        note.setText(exc.message)
        note.show()

    def save(self) -> bool:
        if not self.save_button.isEnabled():
            return False
        self._clear_errors()
        data, doc_id, actor = self.data(), self.doc_id, self.ctx.actor
        if doc_id is None:
            result = self.ctx.ops.run(lambda s: register.create_draft(s, data, actor), {OUTGOING},
                                      parent=self, on_error=self.show_error)
        else:
            result = self.ctx.ops.run(lambda s: register.update_draft(s, doc_id, data, actor), {OUTGOING},
                                      parent=self, on_error=self.show_error)
        if not result.ok:
            return False  # the typing stays, the error beside its field
        saved_id = doc_id if doc_id is not None else result.value
        assert saved_id is not None
        self._drop_draft()
        self._dirty = False
        self.load(saved_id)
        self.saved.emit(saved_id)
        return True

    def escape(self) -> None:
        if self._dirty:
            self.revert()
        else:
            self.leave.emit()

    def revert(self) -> None:
        if self.doc_id is None:
            if self._dirty and not Messages.confirm(self, "放弃正在拟写的发文？"):
                return
            self.start_new()
        else:
            self.load(self.doc_id)
