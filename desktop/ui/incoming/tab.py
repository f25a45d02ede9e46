"""The 收文 tab: filter bar, SQL-paged register, registration form and handling panel."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.incoming import query
from desktop.services.progress import Progress
from desktop.ui.incoming.filters import IncomingFilterBar
from desktop.ui.incoming.source import IncomingSource
from desktop.ui.messages import Messages
from desktop.ui.ops import INCOMING, REFERENCE, AppContext
from desktop.ui.register.model import RegisterModel
from desktop.ui.register.widgets import ALL, RegisterView
from desktop.ui.tasks import BackgroundTask

if TYPE_CHECKING:
    from desktop.ui.incoming.import_dialog import ImportFlow


class IncomingTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.source = IncomingSource(ctx.reader, ctx.visible)
        self.filter_bar = IncomingFilterBar()
        self.model = RegisterModel(self.source, self.filter_bar.to_filter(), self)
        self.form = self.process = self.attachments = None  # type: ignore[assignment]
        self._shown: int | None = None  # the document every pane shows
        self._reselecting = False  # putting the selection back: not a user's choice
        self.detail = QTabWidget()
        self.view = RegisterView(self.model, self.filter_bar, self.detail)
        self.view.set_column_widths(self.source.widths(), beside_title=(query.COLUMN_KEYS.index("step"),))
        self._build_toolbar()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(self._toolbar)
        lay.addWidget(self.view, 1)
        self._connect()
        self.model.ensure_loaded()
        # The edit panels import the ORM services and the combo choices scan the whole
        # register: both wait until the first rows are painted.
        QTimer.singleShot(0, self, self.ensure_detail)

    def ensure_detail(self) -> None:
        if self.form is not None or self.ctx.closed:
            return
        from desktop.services.incoming.kind import INCOMING as INCOMING_KIND
        from desktop.ui.attachments import AttachmentOwner, AttachmentsPanel
        from desktop.ui.incoming.form import IncomingForm
        from desktop.ui.incoming.process import ProcessPanel

        self.form = IncomingForm(self.ctx)
        self.process = ProcessPanel(self.ctx)
        self.attachments = AttachmentsPanel(self.ctx, AttachmentOwner(INCOMING_KIND, INCOMING))
        self.detail.addTab(self.form, "登记(&E)")  # Alt+E / Alt+L / Alt+K: the panes by keyboard
        self.detail.addTab(self.process, "办理(&L)")
        self.detail.addTab(self.attachments, "附件(&K)")
        from desktop.ui.history import RecordHistory

        self.history = RecordHistory(self.ctx, INCOMING)  # who changed what, from the log
        self.detail.addTab(self.history, "历史(&H)")
        self.form.saved.connect(self._after_save)
        self.form.leave.connect(self.focus_register)
        self.process.leave.connect(self.focus_register)
        # The panels announce their changes on the bus (ops.run); _on_changed reloads
        # every pane from there, whoever made the change.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.attachments, self.focus_register,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.model.reloaded.connect(self._after_reload)
        self._load_choices()
        self.view.table.setFocus()
        if not self._offer_draft() and self.model.rowCount():
            self.view.table.selectRow(0)

    def _offer_draft(self) -> bool:
        """Typing left unsaved by a crash or a failed save is offered back, newest first."""
        drafts = self.form.drafts.all()
        if not drafts:
            return False
        draft = drafts[0]
        what = draft.fields.get("title") or draft.fields.get("sender") or "（无标题）"
        where = "新登记" if draft.doc_id is None else "修改中的收文"
        if not Messages.confirm(self, f"上次有未保存的{where}内容：\n{what}\n（{draft.saved_at:%Y-%m-%d %H:%M}）\n\n"
                                      "是否恢复？选“否”将丢弃它。", "恢复未保存的内容"):
            self.form.drafts.discard(draft.key)
            return False
        if draft.doc_id is None:
            self.new_document()
        else:
            self.view.select_id(draft.doc_id)
            self._show(draft.doc_id)
            if self._shown != draft.doc_id:
                return False
        self.form.fill_from_draft(draft.fields)
        self.detail.setCurrentWidget(self.form)
        return True

    @property
    def _may_edit(self) -> bool:
        return self.ctx.principal is None or self.ctx.principal.may("edit")

    def _build_toolbar(self) -> None:
        self._toolbar = QHBoxLayout()
        for text, slot in (("新建登记 (Ctrl+N)", self.new_document), ("打印处理笺 (Ctrl+P)", self.export_slip),
                           ("登记簿 PDF…", lambda: self.export_register("pdf")),
                           ("导出 Excel…", lambda: self.export_register("xlsx")), ("导入 Excel…", self.import_xlsx)):
            btn = QPushButton(text)
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard users have shortcuts; Tab stays in the form
            btn.clicked.connect(slot)
            if text.startswith(("新建登记", "导入")):  # only for roles that register (checked in services too)
                btn.setVisible(self._may_edit)
            self._toolbar.addWidget(btn)
        self._toolbar.addStretch(1)

    def _connect(self) -> None:
        self.filter_bar.changed.connect(lambda: self.model.set_filter(self.filter_bar.to_filter()))
        self.view.current_changed.connect(self._show)
        self.view.open_requested.connect(self._open)
        self.view.new_requested.connect(self.new_document)
        QShortcut(QKeySequence.StandardKey.Print, self, self.export_slip)
        self.ctx.bus.changed.connect(self._on_changed)

    def _load_choices(self) -> None:
        """Sender completion (directory first, then history) and the filter combos."""
        from desktop.services.reference import organisation_names

        senders = query.distinct_values(self.ctx.reader, "sender", 300, self.ctx.visible)
        orgs = self.ctx.ops.read(organisation_names)
        self.form.set_sender_choices(list(dict.fromkeys([*orgs, *senders])))
        self.filter_bar.set_choices(senders, query.distinct_departments(self.ctx.reader, self.ctx.visible))
        from desktop.services.incoming.directory import choices

        self.process.set_directory(*self.ctx.ops.read(choices))

    # --- selection and editing -------------------------------------------------------------

    def _editing(self) -> bool:
        return bool(self.form.dirty or self.process.dirty)

    def _may_leave(self) -> bool:
        """Unsaved typing in the 登记 form or the 办理 panel is dropped only when the user says so."""
        if not self._editing():
            return True
        return Messages.confirm(self, "当前收文有未保存的输入（登记或办理）。\n"
                                      "选“是”放弃这些输入；选“否”保留输入，继续编辑当前收文。", "放弃未保存的输入？")

    def _reselect(self, doc_id: int | None) -> None:
        """Put the register's selection back on ``doc_id`` without treating it as a choice."""
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
            self._reselect(self._shown)  # declined: the old selection and the typing stay
            return
        self._load_panes(doc_id)

    def _load_panes(self, doc_id: int | None) -> None:
        """Every pane from one read of the document (or all of them empty)."""
        self._shown = doc_id
        if doc_id is None:
            self.form.show_nothing()
            self.process.set_document(None)
            self.attachments.set_owner(None)
            self.history.show_record(None)
            return
        self.form.load(doc_id)
        self.process.set_document(doc_id, self.form.detail)
        self.attachments.set_owner(doc_id, getattr(self.form.detail, "attachments", None))
        self.history.show_record(doc_id)

    def show_record(self, doc_id: int) -> None:
        """Select ``doc_id`` (a link from another tab); the filter is cleared if it hides it."""
        self.ensure_detail()
        if self.model.row_of(doc_id) < 0:
            self.filter_bar.reset()
        self.view.select_id(doc_id)
        self._show(doc_id)

    def _open(self, doc_id: int) -> None:
        """Enter on a register row: to the 办理 panel, on the usual next action."""
        self._show(doc_id)
        if self._shown != doc_id:
            return
        self.detail.setCurrentWidget(self.process)
        self.process.focus_next()

    def focus_register(self) -> None:
        """Esc from a pane: back to the register row."""
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
        self.history.show_record(doc_id)
        self.process.set_document(doc_id, self.form.detail)
        self.attachments.set_owner(doc_id, getattr(self.form.detail, "attachments", None))
        self._reselect(doc_id)

    def _after_reload(self, _count: int) -> None:
        """A new filter or a change: keep the shown document selected, or say 未选择 when
        the register no longer lists it (unless something is being typed for it)."""
        if self.form is None or self._shown is None:
            return
        if self.model.row_of(self._shown) >= 0:
            self._reselect(self._shown)
        elif not self._editing():
            self._load_panes(None)

    def show_filtered(self, filt: query.IncomingFilter, origin: str = "") -> None:
        """Show the register with exactly ``filt`` (a chart's drill-down): the bar shows its
        fields, the register lists what the chart counted (作废 left out, as there), and a
        line above the bar says so (the bar has no control for 作废)."""
        bar = self.filter_bar

        def fill() -> None:
            bar.date_from.set_value(filt.date_from)
            bar.date_to.set_value(filt.date_to)
            bar.sender.setCurrentText(filt.sender or ALL)
            for box, value in ((bar.doc_type, filt.doc_type), (bar.step, filt.step)):
                box.setCurrentIndex(max(0, box.findData(value)))
            bar.overdue.setChecked(filt.overdue)

        bar.reset_silently_then(fill)  # applies the bar's own filter; then exactly ``filt``
        self.model.set_filter(filt)
        for d in (bar.date_from, bar.date_to):  # their toggled signal was blocked while filling
            d.edit.setEnabled(d.check.isChecked())
        note = "" if filt.include_cancelled else "（不含作废）"
        bar.show_origin(f"来自图表：{origin or '所选统计'}{note}；修改筛选条件后恢复普通筛选")
        self.view.table.setFocus()

    def _on_changed(self, kinds: frozenset) -> None:
        if INCOMING in kinds:
            self.model.reload()
            if self.form is not None and self._shown is not None:
                self._refresh_panes(self._shown)
        if REFERENCE in kinds and self.form is not None:
            self._load_choices()

    def _refresh_panes(self, doc_id: int) -> None:
        """After any change every pane shows the new state; typing in progress is kept."""
        from desktop.services.incoming import register

        detail = self.ctx.ops.read(lambda s: register.get_incoming(s, doc_id))
        if not self.form.dirty:
            self.form.load(doc_id, detail)
        self.process.set_document(doc_id, detail)
        self.attachments.set_owner(doc_id, detail.attachments)

    # --- paper -------------------------------------------------------------------------------

    @staticmethod
    def ask_save_path(parent: QWidget, title: str, name: str, pattern: str) -> str:
        from desktop.ui.dialogs import ask_save_file

        return ask_save_file(parent, title, name, pattern)

    @staticmethod
    def ask_open_path(parent: QWidget) -> str:
        from desktop.ui.dialogs import ask_open_file

        return ask_open_file(parent, "导入收文登记簿", "Excel 文件 (*.xlsx)")

    def export_slip(self) -> None:
        doc_id = self.form.doc_id if self.form is not None else None
        if doc_id is None:
            Messages.info(self, "请先选择一份收文。")
            return
        from desktop.reports.incoming_pdf import build_incoming_slip
        from desktop.services.incoming.slip import slip_data_by_id
        from desktop.ui.print_preview import preview_pdf

        data = self.ctx.ops.read(lambda s: slip_data_by_id(s, doc_id))
        out = Path(tempfile.mkdtemp(prefix="ybt-")) / f"收文处理笺-{doc_id}.pdf"
        pages = build_incoming_slip(data, out)
        preview_pdf(out, self, pages, title=f"收文处理笺 {data.number}")  # the 收文编号, not the row id

    def export_register(self, kind: str) -> None:
        filt = self.model.filter
        label = _period_label(filt)
        pattern = "PDF 文件 (*.pdf)" if kind == "pdf" else "Excel 文件 (*.xlsx)"
        path = self.ask_save_path(self, "导出收文登记簿", f"收文登记簿.{kind}", pattern)
        if not path:
            return
        store = self.ctx.store

        def work(progress: Progress):
            with store.read() as session:
                if kind == "pdf":
                    from desktop.reports.incoming_pdf import build_incoming_register

                    build_incoming_register(session, filt, label, Path(path), progress=progress)
                else:
                    from desktop.reports.incoming_xlsx import export_incoming_xlsx

                    export_incoming_xlsx(session, filt, Path(path), progress=progress)
            return path

        task = BackgroundTask(self, "正在导出收文登记簿…", work)
        task.done.connect(self._export_done)
        task.start()
        self._task = task

    def _export_done(self, result, error) -> None:
        if error is not None:
            from desktop.ui.errors import show_error

            show_error(self, error, "导出收文登记簿")  # 取消: no file, nothing to say
            return
        from desktop.ui.dialogs import announce_saved

        announce_saved(self, result, "收文登记簿")

    def import_xlsx(self) -> ImportFlow | None:
        """Ask for a workbook and start importing it; the flow's ``finished(n)`` tells the end."""
        path = self.ask_open_path(self)
        if not path:
            return None
        from desktop.ui.incoming.import_dialog import run_import

        return run_import(self, self.ctx, Path(path))


def _period_label(filt: query.IncomingFilter) -> str:
    if filt.date_from or filt.date_to:
        start = filt.date_from.isoformat() if filt.date_from else "最早"
        end = filt.date_to.isoformat() if filt.date_to else dt.date.today().isoformat()
        return f"{start} 至 {end}"
    return f"全部（截至 {dt.date.today().isoformat()}）"
