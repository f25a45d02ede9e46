"""The 收文 registration form. Errors appear beside the field; the form keeps what was typed."""
from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import ServiceError
from desktop.services.incoming import docno, duplicates, register
from desktop.services.incoming.steps import FROZEN_STEPS
from desktop.ui.incoming.filters import DOC_TYPES, SECRECY, URGENCY
from desktop.ui.messages import Messages
from desktop.ui.ops import INCOMING, AppContext
from desktop.ui.register.widgets import OptionalDate

DRAFT_DELAY_MS = 800  # a pause in typing, then the draft is written


def _combo(items) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    return box


class IncomingForm(QWidget):
    saved = Signal(int)  # document id
    leave = Signal()  # Esc with nothing to revert: back to the register

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id: int | None = None
        self.detail: register.IncomingDetail | None = None  # of doc_id, as last loaded
        self._dirty = False
        self._loading = False
        from desktop.locations import drafts_dir
        from desktop.services.drafts import Drafts

        self.drafts = Drafts(drafts_dir(), ctx.path)  # unsaved typing, kept across a crash
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._keep_draft)
        self._build()
        self._connect()
        self.start_new()

    # --- layout --------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.number = QLabel()
        self.received_at = QDateTimeEdit()
        self.received_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received_at.setCalendarPopup(True)
        self.sender = QLineEdit()
        self.sender.setPlaceholderText("如 湖南省卫生健康委员会")
        self.sender_doc_no = QLineEdit()
        self.sender_doc_no.setPlaceholderText("如 湘卫发〔2026〕12号，可直接粘贴")
        self.title = QLineEdit()
        self.doc_type = _combo(DOC_TYPES)
        self.secrecy = _combo(SECRECY)
        self.urgency = _combo(URGENCY)
        self.copies = QSpinBox()
        self.copies.setRange(1, 999)
        self.pages = QSpinBox()
        self.pages.setRange(0, 9999)
        self.deadline = OptionalDate("有时限")
        self.for_reading_only = QCheckBox("阅知件（只需传阅，无需承办）")
        self.remarks = QLineEdit()
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #a05a00;")
        self.hint.setWordWrap(True)
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.revert_button = QPushButton("撤销修改 (Esc)")
        self.errors: dict[str, QLabel] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("收文编号", self.number)
        for key, label, widget in (
            ("received_at", "收文日期", self.received_at),
            ("sender", "来文单位", self.sender),
            ("sender_doc_no", "来文字号", self.sender_doc_no),
            ("title", "文件标题", self.title),
        ):
            form.addRow(label, self._with_error(key, widget))
        row = QHBoxLayout()
        for label, w in (("文种", self.doc_type), ("密级", self.secrecy), ("紧急程度", self.urgency)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addStretch(1)
        form.addRow("", self._with_error("doc_type", self._wrap(row)))
        row = QHBoxLayout()
        for label, w in (("份数", self.copies), ("页数", self.pages)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addStretch(1)
        form.addRow("", self._with_error("copies", self._wrap(row)))
        form.addRow("办理时限", self._with_error("deadline", self.deadline))
        form.addRow("", self.for_reading_only)
        form.addRow("备注", self.remarks)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addLayout(form)
        lay.addWidget(self.hint)
        lay.addLayout(buttons)
        lay.addStretch(1)

    @staticmethod
    def _wrap(layout) -> QWidget:
        w = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        w.setLayout(layout)
        return w

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        label = QLabel()
        label.setStyleSheet("color: #c0392b;")
        label.hide()
        self.errors[key] = label
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(label)
        return self._wrap(box)

    def _connect(self) -> None:
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        # Esc belongs to the form only while focus is in it (the 办理 panel has its own).
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.escape,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.sender_doc_no.editingFinished.connect(self._normalise_doc_no)
        for w in (self.sender, self.sender_doc_no, self.title, self.remarks):
            w.textEdited.connect(self._mark_dirty)
        for w in (self.doc_type, self.secrecy, self.urgency):
            w.currentIndexChanged.connect(self._mark_dirty)
        for w in (self.copies, self.pages):
            w.valueChanged.connect(self._mark_dirty)
        self.received_at.dateTimeChanged.connect(self._mark_dirty)
        self.deadline.changed.connect(self._mark_dirty)
        self.for_reading_only.toggled.connect(self._mark_dirty)

    def set_sender_choices(self, names: list[str]) -> None:
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.sender.setCompleter(completer)

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
            d = self.data()
            self.drafts.save(self.draft_key, {
                "received_at": d.received_at.isoformat(), "sender": d.sender, "sender_doc_no": d.sender_doc_no,
                "title": d.title, "doc_type": d.doc_type, "secrecy": d.secrecy, "urgency": d.urgency,
                "copies": d.copies, "pages": d.pages, "deadline": d.deadline.isoformat() if d.deadline else None,
                "for_reading_only": d.for_reading_only, "remarks": d.remarks})

    def _drop_draft(self) -> None:
        """The typing was saved or deliberately dropped: its draft goes too."""
        self._draft_timer.stop()
        self.drafts.discard(self.draft_key)

    def fill_from_draft(self, fields: dict) -> None:
        """Put a kept draft back into the form (the document, if any, is loaded first)."""
        import datetime as dt

        self.received_at.setDateTime(QDateTime(dt.datetime.fromisoformat(fields["received_at"])))
        for name in ("sender", "sender_doc_no", "title", "remarks"):
            getattr(self, name).setText(fields.get(name, ""))
        for name in ("doc_type", "secrecy", "urgency"):
            getattr(self, name).setCurrentText(fields.get(name, ""))
        self.copies.setValue(int(fields.get("copies", 1)))
        self.pages.setValue(int(fields.get("pages", 0)))
        deadline = fields.get("deadline")
        self.deadline.set_value(dt.date.fromisoformat(deadline) if deadline else None)
        self.for_reading_only.setChecked(bool(fields.get("for_reading_only")))
        self._dirty = True
        self.hint.setText("已恢复上次未保存的内容，请核对后保存（Ctrl+S）。")

    def start_new(self, focus: bool = True) -> None:
        if self._dirty:
            self._drop_draft()
        self._loading = True
        self.doc_id = None
        self.detail = None
        self.heading.setText("登记新收文")
        self.number.setText("保存后自动编号")
        self.received_at.setDateTime(QDateTime.currentDateTime())
        for w in (self.sender, self.sender_doc_no, self.title, self.remarks):
            w.clear()
        self.doc_type.setCurrentIndex(0)
        self.secrecy.setCurrentIndex(0)
        self.urgency.setCurrentIndex(0)
        self.copies.setValue(1)
        self.pages.setValue(0)
        self.deadline.set_value(None)
        self.for_reading_only.setChecked(False)
        self._clear_errors()
        self.hint.clear()
        self._loading = False
        self._dirty = False
        self._set_editable(True)
        if focus:
            self.sender.setFocus()

    def load(self, doc_id: int, detail: register.IncomingDetail | None = None) -> None:
        if detail is None:
            detail = self.ctx.ops.read(lambda s: register.get_incoming(s, doc_id))
        if self._dirty:
            self._drop_draft()
        self.detail = detail
        self._loading = True
        self.doc_id = doc_id
        self.heading.setText(f"收文 {detail.number}（{detail.step}）")  # the stage, e.g. 已归档
        self.number.setText(detail.number)
        self.received_at.setDateTime(QDateTime(detail.received_at))
        self.sender.setText(detail.sender)
        self.sender_doc_no.setText(detail.sender_doc_no)
        self.title.setText(detail.title)
        self.doc_type.setCurrentText(detail.doc_type)
        self.secrecy.setCurrentText(detail.secrecy)
        self.urgency.setCurrentText(detail.urgency)
        self.copies.setValue(detail.copies)
        self.pages.setValue(detail.pages)
        self.deadline.set_value(detail.deadline)
        self.for_reading_only.setChecked(detail.for_reading_only)
        self.remarks.setText(detail.remarks)
        self._clear_errors()
        self.hint.clear()
        self._loading = False
        self._dirty = False
        frozen = detail.step in FROZEN_STEPS
        who = self.ctx.principal
        may_edit = who is None or who.may("edit")
        self._set_editable(not frozen and may_edit)
        if frozen:
            self.hint.setText(f"该文{detail.step}，登记内容不能再修改。")
        elif not may_edit:
            self.hint.setText(f"{who.name}（{who.role}）可以查看，不能修改登记内容。" if who else "")

    def show_nothing(self) -> None:
        """No document selected (a filter left it out): nothing to show or edit."""
        self.start_new(focus=False)
        self.heading.setText("未选择")
        self.number.setText("")
        self._set_editable(False)
        self.hint.setText("在登记簿中选择一份收文，或按 Ctrl+N 登记新收文。")

    def _set_editable(self, editable: bool) -> None:
        for w in (self.received_at, self.sender, self.sender_doc_no, self.title, self.doc_type,
                  self.secrecy, self.urgency, self.copies, self.pages, self.deadline,
                  self.for_reading_only, self.remarks, self.save_button, self.revert_button):
            w.setEnabled(editable)

    def data(self) -> register.IncomingInput:
        return register.IncomingInput(
            received_at=self.received_at.dateTime().toPython().replace(second=0, microsecond=0),
            sender=self.sender.text().strip(),
            sender_doc_no=self.sender_doc_no.text().strip(),
            title=self.title.text().strip(),
            doc_type=self.doc_type.currentText(),
            secrecy=self.secrecy.currentText(),
            urgency=self.urgency.currentText(),
            copies=self.copies.value(),
            pages=self.pages.value(),
            deadline=self.deadline.value(),
            for_reading_only=self.for_reading_only.isChecked(),
            remarks=self.remarks.text().strip(),
        )

    # --- actions ---------------------------------------------------------------------

    def _normalise_doc_no(self) -> None:
        text = self.sender_doc_no.text()
        if not text.strip():
            return
        normal = docno.normalise(text)
        if normal != text:
            self.sender_doc_no.setText(normal)
        if not self.sender.text().strip():
            proposed = self.ctx.ops.read(lambda s: docno.propose_sender(s, normal))
            if proposed:
                self.sender.setText(proposed)
                self.hint.setText(f"已按文号代字填入来文单位：{proposed}")

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
            label.clear()

    def show_error(self, exc: ServiceError) -> None:
        label = self.errors.get(exc.field or "")
        if label is None:
            Messages.error(self, exc.message)
            return
        label.setText(exc.message)
        label.show()

    def save(self) -> bool:
        if not self.save_button.isEnabled():
            return False
        self._clear_errors()
        data = self.data()
        dups = self.ctx.ops.read(
            lambda s: duplicates.possible_duplicates(s, data.sender, docno.normalise(data.sender_doc_no), self.doc_id)
        )
        if dups and data.sender_doc_no:
            listing = "\n".join(f"{number}  {title}" for _id, number, title in dups[:5])
            if not Messages.confirm(self, f"可能重复：同一来文单位和来文字号已登记过：\n{listing}\n\n仍然保存？"):
                return False
        doc_id = self.doc_id
        if doc_id is None:
            result = self.ctx.ops.run(lambda s: register.register_incoming(s, data, self.ctx.actor),
                                      {INCOMING}, parent=self, on_error=self.show_error)
        else:
            result = self.ctx.ops.run(lambda s: register.update_incoming(s, doc_id, data, self.ctx.actor),
                                      {INCOMING}, parent=self, on_error=self.show_error)
        if not result.ok:
            return False
        saved_id = doc_id if doc_id is not None else result.value
        self._drop_draft()
        self._dirty = False
        self.load(saved_id)
        self.saved.emit(saved_id)
        return True

    def escape(self) -> None:
        """Esc: drop the typing if there is any, otherwise go back to the register."""
        if self._dirty:
            self.revert()
        else:
            self.leave.emit()

    def revert(self) -> None:
        if self.doc_id is None:
            if self._dirty and not Messages.confirm(self, "放弃正在登记的内容？"):
                return
            self.start_new()
        else:
            self.load(self.doc_id)
