"""The 值班 tab: a month's roster as a grid, with the counts, the generation report, the
换班 history and the duty log beside it. Every change goes through ctx.ops.run and is
announced as DUTY; the tab reloads itself from the bus (the status bar's 今日值班 too)."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import clock
from desktop.ui.duty import actions, exports
from desktop.ui.duty.grid_model import KIND_COLOURS, MonthGridModel
from desktop.ui.duty.panes import CountsPane, LogPane, ReportPane, SwapsPane, month_label
from desktop.ui.ops import DUTY, REFERENCE, SETTINGS

if TYPE_CHECKING:
    from desktop.services.duty.grid import GridCell
    from desktop.ui.ops import AppContext

LEGEND = ("<span style='background:{holiday}'>&nbsp;节假日&nbsp;</span>&nbsp; "
          "<span style='background:{rest}'>&nbsp;休息日&nbsp;</span>&nbsp; "
          "<span style='background:{makeup}'>&nbsp;调休上班&nbsp;</span>&nbsp; "
          "［锁］已锁定（重新生成时保留）&nbsp; <span style='color:#B00000'>！红字：有冲突</span>"
          "&nbsp; 回车：换人 &nbsp;Delete：清除 &nbsp;Ctrl+L：锁定/解锁 &nbsp;Alt+←/→：上月/下月").format(**KIND_COLOURS)


class DutyTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        today = clock.today()
        self.first = today.replace(day=1)
        self.pending_swap: tuple[dt.date, int, int] | None = None  # the first cell of a 换班
        self._build()
        from desktop.services.duty.setup import ensure_defaults

        ctx.ops.run(ensure_defaults, set(), parent=self)  # first use: the default roles and shifts
        ctx.bus.changed.connect(self._changed)
        self.reload()

    # --- construction ---------------------------------------------------------------

    def _build(self) -> None:
        self.prev_button = QPushButton("◀ 上月")
        self.next_button = QPushButton("下月 ▶")
        self.month_edit = QDateEdit()
        self.month_edit.setDisplayFormat("yyyy年M月")
        self.month_edit.setCalendarPopup(True)
        month_caption = QLabel("月份(&M)：")
        month_caption.setBuddy(self.month_edit)
        self.generate_button = QPushButton("生成值班表(&G)")
        self.lock_button = QPushButton("锁定/解锁")
        self.swap_button = QPushButton("换班(&W)…")
        self.pool_button = QPushButton("值班人员(&R)…")
        self.print_button = QPushButton("打印(&P)…")
        self.export_button = QPushButton("导出(&E)")  # its menu: ui.duty.exports
        top = QHBoxLayout()
        for w in (self.prev_button, month_caption, self.month_edit, self.next_button):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.generate_button, self.lock_button, self.swap_button, self.pool_button,
                  self.print_button, self.export_button):
            top.addWidget(w)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #FFF0B8; color: #8A1F00; padding: 6px; font-weight: bold;")
        self.legend = QLabel(LEGEND)
        self.legend.setWordWrap(True)
        self.model = MonthGridModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setWordWrap(False)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(lambda index: actions.choose(self, index))
        self.counts = CountsPane()
        self.report = ReportPane()
        self.swaps = SwapsPane()
        self.log = LogPane(lambda: actions.add_log(self), lambda _t: self._reload_log())
        self.side = QTabWidget()
        self.side.addTab(self.counts, "值班次数")
        self.side.addTab(self.report, "排班结果")
        self.side.addTab(self.swaps, "换班记录")
        self.side.addTab(self.log, "值班日志")
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(self.side)
        split.setSizes([560, 700])  # the grid's 7 columns need ~450 px; the counts want the rest
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(self.legend)
        lay.addWidget(split, 1)
        self._connect()

    def _connect(self) -> None:
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.month_edit.dateChanged.connect(self._picked)
        self.generate_button.clicked.connect(lambda: actions.generate(self))
        self.lock_button.clicked.connect(lambda: actions.toggle_lock(self))
        self.swap_button.clicked.connect(lambda: actions.swap(self))
        self.pool_button.clicked.connect(lambda: actions.manage_pools(self))
        self.print_button.clicked.connect(lambda: actions.print_roster(self))
        self.export_menu = exports.install(self, self.export_button)
        for keys, slot in (("Alt+Left", lambda: self.go(-1)), ("Alt+Right", lambda: self.go(1)),
                           ("Ctrl+L", lambda: actions.toggle_lock(self))):
            act = QAction(self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                actions.choose(self, self.view.currentIndex())
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                actions.clear(self, self.view.currentIndex())
                return True
            # the month keys also here: the tab's shortcuts need an active window, the grid has the keys
            mods = event.modifiers()
            if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and mods & Qt.KeyboardModifier.ControlModifier:
                self.go(-1 if key == Qt.Key.Key_PageUp else 1)
                return True
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and mods & Qt.KeyboardModifier.AltModifier:
                self.go(-1 if key == Qt.Key.Key_Left else 1)
                return True
            if key == Qt.Key.Key_L and mods & Qt.KeyboardModifier.ControlModifier:
                actions.toggle_lock(self)
                return True
        return super().eventFilter(watched, event)

    # --- month -----------------------------------------------------------------------

    @property
    def year_month(self) -> tuple[int, int]:
        return self.first.year, self.first.month

    def go(self, step: int) -> None:
        month = self.first.month - 1 + step
        self.set_month(dt.date(self.first.year + month // 12, month % 12 + 1, 1))

    def set_month(self, first: dt.date) -> None:
        if first != self.first:
            self.first = first
            self.pending_swap = None
            self.report.clear()
            self.reload()

    def _picked(self, date: QDate) -> None:
        self.set_month(dt.date(date.year(), date.month(), 1))

    # --- data ------------------------------------------------------------------------

    def _changed(self, kinds: frozenset[str]) -> None:
        if kinds & {DUTY, SETTINGS, REFERENCE}:
            self.reload()

    def reload(self) -> None:
        from desktop.services.duty.edit import swaps
        from desktop.services.duty.grid import month_grid, person_counts
        from desktop.services.duty.period import month_bounds

        year, month = self.year_month
        current = self.view.currentIndex()
        grid, counts, swap_rows = self.ctx.ops.read(lambda s: (
            month_grid(s, year, month), person_counts(s, year, month), swaps(s, *month_bounds(year, month))))
        self.model.set_grid(grid)
        self.counts.set_counts(counts, {r.id: r.name for r in grid.roles})
        self.swaps.model.set_rows(swap_rows)
        self._reload_log()
        self.month_edit.blockSignals(True)
        self.month_edit.setDate(QDate(year, month, 1))
        self.month_edit.blockSignals(False)
        self._show_banner(grid.covered)
        if current.isValid():
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))
        elif self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 3))

    def _show_banner(self, covered: bool) -> None:
        year, month = self.year_month
        may = self.ctx.principal is None or self.ctx.principal.may("settings")
        where = "请在 设置 → 节假日… 中录入" if may else "请院办主任在 设置 → 节假日… 中录入"
        self.banner.setText(f"{year}年{month}月的节假日尚未录入：{where}国务院的放假通知，否则按普通周末排班。")
        self.banner.setVisible(not covered)

    def _reload_log(self) -> None:
        from desktop.services.duty.log import entries
        from desktop.services.duty.period import month_bounds

        text = self.log.search.text()
        rows = self.ctx.ops.read(lambda s: entries(s, *month_bounds(*self.year_month), text))
        self.log.model.set_rows(rows)

    def current_cell(self) -> GridCell | None:
        index = self.view.currentIndex()
        return self.model.cell_at(index.row(), index.column()) if index.isValid() else None

    def month_name(self) -> str:
        return month_label(self.first)

    def show_person(self, staff_id: int, start: dt.date, end: dt.date, role_id: int | None = None,
                    origin: str = "") -> int:
        """A chart's drill-down: the month of ``start`` with the person's duties (of
        ``role_id``, else of every role) from ``start`` to ``end`` selected on the grid and
        their row chosen in 值班次数; a line above the grid says where this came from and, for
        a period of several months, that only its first month is shown. The line goes with
        the next reload of the grid (another month, a change). Returns the cells marked."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        from desktop.services.duty.setup import people
        from desktop.ui.duty.grid_model import FIXED

        self.set_month(start.replace(day=1))
        chosen, first = QItemSelection(), None
        for row in range(self.model.rowCount()):
            day = self.model.day_at(row)
            for col in range(len(FIXED), self.model.columnCount()) if day and start <= day.day <= end else ():
                cell = self.model.cell_at(row, col)
                if cell and cell.staff_id == staff_id and role_id in (None, cell.role_id):
                    index = self.model.index(row, col)
                    chosen.select(index, index)
                    first = first or index
        flags = QItemSelectionModel.SelectionFlag
        self.view.selectionModel().select(chosen, flags.ClearAndSelect)
        if first is not None:
            self.view.selectionModel().setCurrentIndex(first, flags.NoUpdate)
            self.view.scrollTo(first)
        person = self.ctx.ops.read(lambda s: people(s, {staff_id})).get(staff_id)
        role = next((r.name for r in self.model.grid.roles if r.id == role_id), None) if self.model.grid else None
        self.side.setCurrentWidget(self.counts)
        for row, shown in enumerate(self.counts.model.rows):
            if person and (shown.name, shown.department) == (person.name, person.department) and role in (None,
                                                                                                      shown.role):
                self.counts.view.selectRow(row)
                break
        marked = len(chosen.indexes())
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        more = f"；期间共 {months} 个月，这里只标出第一个月（{self.month_name()}）" if months > 1 else ""
        if not hasattr(self, "drill_note"):
            self.drill_note = QLabel()
            self.drill_note.setStyleSheet("color: #7A4A00; background: #FFF4D6; padding: 2px 6px;")
            self.layout().insertWidget(1, self.drill_note)
            self.model.modelReset.connect(self.drill_note.hide)
        self.drill_note.setText(f"来自图表：{origin or '所选统计'}；已在值班表中选中 {marked} 个班次{more}")
        self.drill_note.show()
        self.view.setFocus()
        return marked
