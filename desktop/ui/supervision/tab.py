"""The 督办 tab, the director's dashboard: the counts on top (each lists what it counts),
the register with overdue first and how many days, filters, and the item's panes: 事项
(the form), 办理 (only what its stage and the user's role allow), 时间线, 附件, 历史."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.services import clock
from desktop.services.supervision import actions, query
from desktop.ui.messages import Messages
from desktop.ui.ops import REFERENCE, SUPERVISION, AppContext
from desktop.ui.register.model import RegisterModel
from desktop.ui.register.widgets import RegisterView
from desktop.ui.supervision import paper
from desktop.ui.supervision.dashboard import CountsBar, count_filter
from desktop.ui.supervision.filters import SupervisionFilterBar
from desktop.ui.supervision.source import HEADERS, SupervisionSource

if TYPE_CHECKING:
    from desktop.services.supervision.detail import SupervisionDetail


class SupervisionTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.source = SupervisionSource(ctx.reader)
        self.filter_bar = SupervisionFilterBar()
        self.model = RegisterModel(self.source, self.filter_bar.to_filter(), self,
                                   sort_column=HEADERS.index("状态"), descending=False)
        self.form = self.process = self.attachments = None  # type: ignore[assignment]
        self._shown: int | None = None
        self._reselecting = False
        self.counts = CountsBar()
        self.detail = QTabWidget()
        self.view = RegisterView(self.model, self.filter_bar, self.detail)
        # what is late and who is late on the first screen: 状态, 逾期, 主办科室, 责任人 beside the task
        self.view.set_column_widths(self.source.widths(), beside_title=tuple(
            HEADERS.index(h) for h in ("状态", "逾期", "主办科室", "责任人")))
        self._legend()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(self._toolbar())
        lay.addWidget(self.counts)
        lay.addWidget(self.view, 1)
        self.filter_bar.changed.connect(lambda: self.model.set_filter(self.filter_bar.to_filter()))
        self.counts.chosen.connect(lambda key: self.show_filtered(count_filter(key, clock.today())))
        self.view.current_changed.connect(self._show)
        self.view.open_requested.connect(self._open)
        self.view.new_requested.connect(self.new_item)
        QShortcut(QKeySequence.StandardKey.Print, self, lambda: self.print_form(reminder=False))
        self.ctx.bus.changed.connect(self._on_changed)
        self.model.ensure_loaded()
        self.refresh_counts()
        QTimer.singleShot(0, self, self.ensure_detail)

    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.new_button = QPushButton("新建督办 (Ctrl+N)")
        self.new_button.setVisible(actions.may_create(self.ctx.principal))
        buttons = ((self.new_button, self.new_item),
                   (QPushButton("打印通知单 (Ctrl+P)"), lambda: self.print_form(reminder=False)),
                   (QPushButton("打印催办单"), lambda: self.print_form(reminder=True)),
                   (QPushButton("督办通报…"), lambda: paper.print_bulletin(self.ctx, self)),
                   (QPushButton("导出通报 Excel…"), lambda: paper.export_bulletin(self.ctx, self)))
        for button, slot in buttons:
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard users have the shortcuts
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        return bar

    def _legend(self) -> None:
        """The register's legend in this register's words (紧急 red, 已撤销 struck out)."""
        samples = self.view.legend.samples
        samples["特急"].setText("紧急")
        samples["作废"].setText("已撤销")
        samples["加急"].hide()

    def ensure_detail(self) -> None:
        if self.form is not None or self.ctx.closed:
            return
        from desktop.services.supervision.kind import SUPERVISION as KIND
        from desktop.ui.attachments import AttachmentOwner, AttachmentsPanel
        from desktop.ui.history import RecordHistory
        from desktop.ui.supervision.form import SupervisionForm
        from desktop.ui.supervision.process import SupervisionProcess
        from desktop.ui.supervision.timeline import Timeline

        self.form = SupervisionForm(self.ctx)
        self.process = SupervisionProcess(self.ctx)
        self.timeline = Timeline()
        self.attachments = AttachmentsPanel(self.ctx, AttachmentOwner(KIND, SUPERVISION))
        self.history = RecordHistory(self.ctx, SUPERVISION)
        for pane, title in ((self.form, "事项(&E)"), (self.process, "办理(&L)"), (self.timeline, "时间线(&I)"),
                            (self.attachments, "附件(&K)"), (self.history, "历史(&H)")):
            self.detail.addTab(pane, title)
        self.form.saved.connect(self._after_save)
        self.form.leave.connect(self.focus_register)
        self.form.open_record.connect(self._open_link)
        self.process.leave.connect(self.focus_register)
        self.process.open_record.connect(self._open_link)
        self.process.edit_requested.connect(self._edit)
        self.process.print_requested.connect(lambda key: self.print_form(key == actions.PRINT_REMINDER))
        self.process.files_requested.connect(self.attachments.ask_add)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.attachments, self.focus_register,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.model.reloaded.connect(self._after_reload)
        self._load_choices()
        self.view.table.setFocus()
        if self.model.rowCount():
            self.view.table.selectRow(0)
        else:
            self._load_panes(None)

    def _load_choices(self) -> None:
        from desktop.services.supervision.people import choices

        found = self.ctx.ops.read(choices)
        self.form.set_choices(found)
        self.process.set_choices(found)
        reader = self.ctx.reader
        self.filter_bar.set_choices(
            [*query.distinct_values(reader, "lead_department"), *found.departments],
            [*query.distinct_values(reader, "assigned_by"), *found.leaders])

    def refresh_counts(self) -> None:
        today = clock.today()
        self.counts.set_counts(query.dashboard(self.ctx.reader, today), today)

    # --- selection -------------------------------------------------------------------

    def _editing(self) -> bool:
        return bool(self.form is not None and (self.form.dirty or self.process.dirty))

    def _may_leave(self) -> bool:
        if not self._editing():
            return True
        return Messages.confirm(self, "当前督办事项有未保存的输入（事项或办理）。\n"
                                      "选“是”放弃这些输入；选“否”保留输入，继续编辑。", "放弃未保存的输入？")

    def _reselect(self, item_id: int | None) -> None:
        self._reselecting = True
        try:
            if item_id is None or not self.view.select_id(item_id):
                self.view.table.clearSelection()
        finally:
            self._reselecting = False

    def _show(self, item_id: int | None) -> None:
        self.ensure_detail()
        if self._reselecting or item_id is None or item_id == self._shown:
            return
        if not self._may_leave():
            self._reselect(self._shown)
            return
        self._load_panes(item_id)

    def _read(self, item_id: int) -> SupervisionDetail:
        from desktop.services.supervision.detail import get_detail

        return self.ctx.ops.read(lambda s: get_detail(s, item_id))

    def _load_panes(self, item_id: int | None, *, keep_typing: bool = False) -> None:
        """Every pane from one read of the item (or all empty): nothing typed for another
        item survives; ``keep_typing``: the same item changed, the form keeps its typing."""
        self._shown = item_id
        if item_id is None:
            self.form.show_nothing()
            self.process.set_item(None)
            self.timeline.set_entries([])
            self.attachments.set_owner(None)
            self.history.show_record(None)
            return
        detail = self._read(item_id)
        if not (keep_typing and self.form.dirty and self.form.item_id == item_id):
            self.form.load(item_id, detail)
        self.process.set_item(item_id, detail)
        self.timeline.set_entries(detail.timeline, detail.number)
        self.attachments.set_owner(item_id)
        self.history.show_record(item_id)

    def show_record(self, item_id: int) -> None:
        """Select ``item_id`` and show its 事项 (a new item from 收文, a link); the filter
        is cleared when it hides the item."""
        self.ensure_detail()
        if self.model.row_of(item_id) < 0:
            self.model.reload()
            if self.model.row_of(item_id) < 0:
                self.filter_bar.reset()
        if item_id != self._shown and not self._may_leave():
            return
        self._load_panes(item_id)
        self._reselect(item_id)
        self.detail.setCurrentWidget(self.form)
        self.form.task.setFocus()

    def show_filtered(self, filt: query.SupervisionFilter, origin: str = "") -> None:
        """List exactly ``filt`` (a count here, or a 督办 chart's drill-down in 图表): the
        filter bar shows it, the first item is selected. ``origin``, the chart's figure, is
        said above the bar until the filter is changed: the bar has no field for the
        督办通报's items of a period, which the list then shows (one reload, of ``filt``)."""
        if origin:
            self.filter_bar.blockSignals(True)
            self.filter_bar.put(filt)
            self.filter_bar.blockSignals(False)
            self.model.set_filter(filt)
            self.filter_bar.show_origin(f"来自图表：{origin}；修改筛选条件后恢复普通筛选")
        else:
            self.filter_bar.put(filt)
        self.view.table.setFocus()
        if self.model.rowCount() and self.view.current_id() is None:
            self.view.table.selectRow(0)

    def show_overdue(self) -> None:
        """The start-up notice's click: the overdue items, the longest overdue first."""
        self.show_filtered(count_filter("overdue", clock.today()))

    def _open(self, item_id: int) -> None:
        self._show(item_id)
        if self._shown == item_id:
            self.detail.setCurrentWidget(self.process)
            self.process.focus_next()

    def _open_link(self, kind: str, record_id: int) -> None:
        if kind == "supervision":
            self.show_record(record_id)
        else:
            self.ctx.bus.show_record.emit(kind, record_id)

    def _edit(self) -> None:
        self.detail.setCurrentWidget(self.form)
        self.form.task.setFocus()

    def focus_register(self) -> None:
        self.view.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def new_item(self) -> None:
        if not actions.may_create(self.ctx.principal):
            return
        self.ensure_detail()
        if not self._may_leave():
            return
        self._reselect(None)
        self._load_panes(None)
        self.form.start_new()
        self.detail.setCurrentWidget(self.form)
        self.form.task.setFocus()

    def _after_save(self, item_id: int) -> None:
        self._load_panes(item_id)
        self._reselect(item_id)

    def _after_reload(self, _count: int) -> None:
        if self.form is None or self._shown is None:
            return
        if self.model.row_of(self._shown) >= 0:
            self._reselect(self._shown)

    def _on_changed(self, kinds: frozenset) -> None:
        if self.ctx.closed:
            return
        if SUPERVISION in kinds:
            self.model.reload()
            self.refresh_counts()
            if self.form is not None and self._shown is not None:
                self._load_panes(self._shown, keep_typing=True)
        if REFERENCE in kinds and self.form is not None:
            self._load_choices()

    # --- paper -----------------------------------------------------------------------

    def print_form(self, reminder: bool) -> None:
        item_id = self._shown
        if item_id is None:
            Messages.info(self, "请先选择一项督办。")
            return
        paper.print_form(self.ctx, self, item_id, reminder)
