"""The 发文 tab: filter bar, SQL-paged register, draft form, 办理 panel, 附件 and 历史."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.services.outgoing import query
from desktop.ui.messages import Messages
from desktop.ui.ops import OUTGOING, REFERENCE, SETTINGS, AppContext
from desktop.ui.outgoing.filters import OutgoingFilterBar
from desktop.ui.outgoing.paper import OutgoingPaper
from desktop.ui.outgoing.source import OutgoingSource
from desktop.ui.register.model import RegisterModel
from desktop.ui.register.widgets import ALL, RegisterView


class OutgoingTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.source = OutgoingSource(ctx.reader, ctx.visible)
        self.filter_bar = OutgoingFilterBar()
        sort_column = query.COLUMN_KEYS.index(query.DEFAULT_SORT)
        self.model = RegisterModel(self.source, self.filter_bar.to_filter(), self, sort_column=sort_column)
        self.form = self.process = self.attachments = None  # type: ignore[assignment]
        self._shown: int | None = None
        self._reselecting = False
        self.detail = QTabWidget()
        self.view = RegisterView(self.model, self.filter_bar, self.detail)
        # 文种 and 环节 follow the title: on a 1366-wide screen they are on the first screen
        self.view.set_column_widths(self.source.widths(), beside_title=(
            query.COLUMN_KEYS.index("doc_type"), query.COLUMN_KEYS.index("step")))
        self.paper = OutgoingPaper(ctx, self)
        toolbar = self._build_toolbar()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(toolbar)
        lay.addWidget(self.view, 1)
        self.filter_bar.changed.connect(lambda: self.model.set_filter(self.filter_bar.to_filter()))
        self.view.current_changed.connect(self._show)
        self.view.open_requested.connect(self._open)
        self.view.new_requested.connect(self.new_document)
        self.ctx.bus.changed.connect(self._on_changed)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.print_draft_sheet)
        self.model.ensure_loaded()
        QTimer.singleShot(0, self, self.ensure_detail)

    @property
    def _may_edit(self) -> bool:
        return self.ctx.principal is None or self.ctx.principal.may("edit")

    def _build_toolbar(self) -> QHBoxLayout:
        """Paper and Excel beside 新建; Ctrl+P prints the 正式文件 (what goes out), the rest by
        Alt+letter. The buttons take no focus: Tab stays in the register and the form."""
        toolbar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", "新建发文 (Ctrl+N)", self.new_document),
            ("document", "打印正式文件 (Ctrl+P)", self.print_document),
            ("sheet", "打印发文稿纸 (Ctrl+Shift+P)", self.print_draft_sheet),
            ("register", "登记簿 PDF(&B)…", lambda: self.paper.export_register("pdf", self.model.filter)),
            ("export", "导出 Excel(&X)…", lambda: self.paper.export_register("xlsx", self.model.filter)),
            ("import", "导入 Excel(&I)…", self.paper.import_xlsx),
            ("check", "编号检查(&J)…", self.number_check),
        ):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            if key in ("new", "import"):  # only for roles that enter documents (services check too)
                button.setVisible(self._may_edit)
            self.buttons[key] = button
            toolbar.addWidget(button)
        self.new_button = self.buttons["new"]
        toolbar.addStretch(1)
        return toolbar

    def print_document(self) -> None:
        self.paper.print_document(self._shown if self.form is not None else None)

    def print_draft_sheet(self) -> None:
        self.paper.print_draft_sheet(self._shown if self.form is not None else None)

    def number_check(self) -> None:
        from desktop.ui.outgoing.number_check import show_number_check

        show_number_check(self.ctx, self)

    def ensure_detail(self) -> None:
        if self.form is not None or self.ctx.closed:
            return
        from desktop.services.outgoing.kind import OUTGOING as OUTGOING_KIND
        from desktop.ui.attachments import AttachmentOwner, AttachmentsPanel
        from desktop.ui.history import RecordHistory
        from desktop.ui.outgoing.form import OutgoingForm
        from desktop.ui.outgoing.process import OutgoingProcess

        self.form = OutgoingForm(self.ctx)
        self.process = OutgoingProcess(self.ctx)
        self.attachments = AttachmentsPanel(self.ctx, AttachmentOwner(OUTGOING_KIND, OUTGOING))
        self.history = RecordHistory(self.ctx, OUTGOING)
        self.detail.addTab(self.form, "拟稿(&E)")
        self.detail.addTab(self.process, "办理(&L)")
        self.detail.addTab(self.attachments, "附件(&K)")
        self.detail.addTab(self.history, "历史(&H)")
        self.form.saved.connect(self._after_save)
        self.form.leave.connect(self.focus_register)
        self.form.open_incoming.connect(lambda doc_id: self.ctx.bus.show_record.emit("incoming", doc_id))
        self.process.leave.connect(self.focus_register)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.attachments, self.focus_register,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.model.reloaded.connect(self._after_reload)
        self._load_choices()
        self.view.table.setFocus()
        if self._offer_draft():
            return
        if self.model.rowCount():
            self.view.table.selectRow(0)
        else:
            self._load_panes(None)

    def _offer_draft(self) -> bool:
        """Typing left unsaved by a crash or a failed save is offered back, newest first."""
        drafts = self.form.drafts.all()
        if not drafts:
            return False
        draft = drafts[0]
        what = draft.fields.get("title") or draft.fields.get("main_recipients") or "（无标题）"
        where = "新发文" if draft.doc_id is None else "修改中的发文"
        if not Messages.confirm(self, f"上次有未保存的{where}内容：\n{what}\n（{draft.saved_at:%Y-%m-%d %H:%M}）\n\n"
                                      "是否恢复？选“否”将丢弃它。", "恢复未保存的发文"):
            self.form.drafts.discard(draft.key)
            return False
        if draft.doc_id is None:
            self.new_document()
        else:
            self.show_record(draft.doc_id)
            if self._shown != draft.doc_id:
                return False
        self.form.fill_from_draft(draft.fields)
        self.detail.setCurrentWidget(self.form)
        return True

    def _load_choices(self) -> None:
        choices = self.ctx.ops.read(query.directory_choices)
        self.form.set_choices(choices)
        self.process.set_choices(choices)
        reader = self.ctx.reader
        self.filter_bar.set_choices(
            [c for c, _t in choices.codes] + query.distinct_values(reader, "code"),
            choices.signers + query.distinct_values(reader, "signed_by"),
            choices.departments + query.distinct_values(reader, "drafting_department"))

    # --- selection -------------------------------------------------------------------

    def _editing(self) -> bool:
        return bool(self.form.dirty or self.process.dirty)

    def _may_leave(self) -> bool:
        if not self._editing():
            return True
        return Messages.confirm(self, "当前发文有未保存的输入（拟稿或办理）。\n"
                                      "选“是”放弃这些输入；选“否”保留输入，继续编辑当前发文。", "放弃未保存的输入？")

    def _reselect(self, doc_id: int | None) -> None:
        self._reselecting = True
        try:
            if doc_id is None or not self.view.select_id(doc_id):
                self.view.table.clearSelection()
        finally:
            self._reselecting = False

    def _show(self, doc_id: int | None) -> None:
        self.ensure_detail()
        if self._reselecting or doc_id is None or doc_id == self._shown:
            return
        if not self._may_leave():
            self._reselect(self._shown)
            return
        self._load_panes(doc_id)

    def _load_panes(self, doc_id: int | None) -> None:
        """Every pane from one read of the document (or all of them empty): nothing typed
        for another document survives."""
        self._shown = doc_id
        if doc_id is None:
            self.form.show_nothing()
            self.process.set_document(None)
            self.attachments.set_owner(None)
            self.history.show_record(None)
            return
        self.form.load(doc_id)
        self.process.set_document(doc_id, self.form.detail)
        self.attachments.set_owner(doc_id)
        self.history.show_record(doc_id)

    def show_record(self, doc_id: int) -> None:
        """Select ``doc_id`` and show it in the 拟稿 pane (a new 复文 from 收文, a link);
        the filter is cleared when it hides the document."""
        self.ensure_detail()
        if self.model.row_of(doc_id) < 0:
            self.model.reload()
            if self.model.row_of(doc_id) < 0:
                self.filter_bar.reset()
        if doc_id != self._shown and not self._may_leave():
            return
        self._load_panes(doc_id)
        self._reselect(doc_id)
        self.detail.setCurrentWidget(self.form)
        self.form.title.setFocus()

    def _open(self, doc_id: int) -> None:
        self._show(doc_id)
        if self._shown == doc_id:
            self.detail.setCurrentWidget(self.process)
            self.process.focus_next()

    def focus_register(self) -> None:
        self.view.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def new_document(self) -> None:
        if not self._may_edit:
            return
        self.ensure_detail()
        if not self._may_leave():
            return
        self._reselect(None)
        self._shown = None
        self.form.start_new()
        self.process.set_document(None)
        self.attachments.set_owner(None)
        self.history.show_record(None)
        self.detail.setCurrentWidget(self.form)

    def _after_save(self, doc_id: int) -> None:
        self._shown = doc_id
        self.process.set_document(doc_id, self.form.detail)
        self.attachments.set_owner(doc_id)
        self.history.show_record(doc_id)
        self._reselect(doc_id)

    def _after_reload(self, _count: int) -> None:
        if self.form is None or self._shown is None:
            return
        if self.model.row_of(self._shown) >= 0:
            self._reselect(self._shown)
        elif not self._editing():
            self._load_panes(None)

    def _on_changed(self, kinds: frozenset) -> None:
        if OUTGOING in kinds:
            self.model.reload()
            if self.form is not None and self._shown is not None:
                from desktop.services.outgoing import register

                doc_id = self._shown
                detail = self.ctx.ops.read(lambda s: register.get_detail(s, doc_id))
                if not self.form.dirty:
                    self.form.load(doc_id, detail)
                self.process.set_document(doc_id, detail)
        if (REFERENCE in kinds or SETTINGS in kinds) and self.form is not None:
            self._load_choices()

    def show_filtered(self, filt: query.OutgoingFilter, origin: str = "") -> None:
        """Show the register with exactly ``filt`` (a chart's drill-down): the bar shows its
        fields, the register lists what the chart counted, and a line above the bar says what
        the bar has no control for (作废 left out) until the filter is changed."""
        bar = self.filter_bar
        quiet = (bar, *bar.findChildren(QWidget))
        for w in quiet:
            w.blockSignals(True)
        bar.text.setText(filt.text)
        bar.date_from.set_value(filt.date_from)
        bar.date_to.set_value(filt.date_to)
        for box, value in ((bar.code, filt.code), (bar.doc_type, filt.doc_type), (bar.step, filt.step),
                           (bar.signed_by, filt.signed_by), (bar.department, filt.drafting_department),
                           (bar.secrecy, filt.secrecy)):
            if box.isEditable():
                box.setCurrentText(value or ALL)
            else:
                box.setCurrentIndex(max(0, box.findData(value)) if value else 0)
        for w in quiet:
            w.blockSignals(False)
        for d in (bar.date_from, bar.date_to):  # their toggled signal, blocked above, enables the edit
            d.edit.setEnabled(d.check.isChecked())
        self.model.set_filter(filt)
        note = "" if filt.include_cancelled else "（不含作废）"
        bar.show_origin(f"来自图表：{origin or '所选统计'}{note}；修改筛选条件后恢复普通筛选")
        self.view.table.setFocus()
