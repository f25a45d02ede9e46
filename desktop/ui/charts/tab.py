"""The 图表 tab: one period picker, the key figures, every chart of reports.charts.CHARTS.

matplotlib is imported with this module, i.e. when the tab is first shown, never at
start-up. Every figure is computed by services.stats in a thread on a read-only
connection of its own (loader.StatsLoader), the key figures first, then the charts in
view; each chart is drawn as its figures arrive, the ones out of view when scrolled to.
A click on a bar, a slice or a key figure asks the window to open the 收文, 发文 or 督办
register with the filter the figure was counted with, or the 值班 grid with a person's
duties marked (``drill``).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.charts import CHARTS, save_figure
from desktop.services import clock
from desktop.services.stats.figures import key_figures
from desktop.ui.charts.key_figures import KeyFigures
from desktop.ui.charts.loader import FIGURES, Request, StatsLoader
from desktop.ui.charts.panel import ChartPanel, drawing
from desktop.ui.charts.period_picker import PeriodPicker
from desktop.ui.ops import DUTY, INCOMING, OUTGOING, REFERENCE, SETTINGS, SUPERVISION

if TYPE_CHECKING:
    from desktop.services.stats.periods import Period
    from desktop.ui.ops import AppContext

COLUMNS = 2
_PATTERNS = {"png": "PNG 图片 (*.png)", "svg": "SVG 矢量图 (*.svg)", "pdf": "PDF 文件 (*.pdf)"}


class ChartsTab(QWidget):
    # an IncomingFilter, OutgoingFilter or SupervisionFilter and what it lists in words
    # (2026年10月 收文): the window shows that register with exactly those records; a
    # stats.duty.PersonDuties: the 值班 grid with those duties marked
    drill = Signal(object, str)
    ready = Signal()  # the key figures and every chart in view are shown for the period

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.picker = PeriodPicker(clock.today())
        self.pdf_button = QPushButton("整页导出 PDF…")
        self.report_button = QPushButton("院办工作月报 PDF…")
        self.report_button.setToolTip("按所选期间的月份生成月报（标题页、要点、图表与明细表）")
        self.figures = KeyFigures()
        self.panels = [ChartPanel(spec) for spec in CHARTS]
        self.data: dict[str, Any] = {}  # CHARTS key → its data, for the period shown
        self._pending: set[int] = set()  # charts of the period not drawn yet (no data yet, or out of view)
        self._figures_shown = False
        self._generation = 0  # of the period asked for: anything counted for an older one is dropped
        self._stale = False
        self.loader = StatsLoader(ctx.path)  # no parent: it closes its connection when the tab goes
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.destroyed.connect(self.loader.close)
        self._build()
        self.picker.changed.connect(self.show_period)
        self.figures.drill.connect(self.drill)
        for panel in self.panels:
            panel.drill.connect(self.drill)
            panel.export.connect(self.export_chart)
            panel.placed.connect(lambda: QTimer.singleShot(0, self, self._draw_visible))
        self.pdf_button.clicked.connect(self.export_tab_pdf)
        self.report_button.clicked.connect(self.export_monthly_report)
        ctx.bus.changed.connect(self._on_changed)
        self.show_period(self.picker.period)

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.report_button)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        cell = 0
        for panel in self.panels:
            if panel.spec.wide:  # a row of its own
                cell += cell % COLUMNS
                grid.addWidget(panel, cell // COLUMNS, 0, 1, COLUMNS)
                cell += COLUMNS
            else:
                grid.addWidget(panel, cell // COLUMNS, cell % COLUMNS)
                cell += 1
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(grid_host)
        self.scroll.verticalScrollBar().valueChanged.connect(self._draw_visible)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.figures)
        lay.addWidget(self.scroll, 1)

    @property
    def period(self) -> Period:
        return self.picker.period

    @property
    def settled(self) -> bool:
        """The key figures and every chart in view show the period asked for."""
        return self.isVisible() and self._figures_shown and not any(self._in_view(i) for i in self._pending)

    def _in_view(self, index: int) -> bool:
        """Whether any of the panel lies in the scroll area's view (from the layout's
        geometry: a panel's visible region is not known until it has been painted once)."""
        if not self.isVisible():
            return False
        panel, viewport = self.panels[index], self.scroll.viewport()
        top = panel.mapTo(viewport, QPoint(0, 0)).y()
        return panel.height() > 0 and top < viewport.height() and top + panel.height() > 0

    def show_period(self, period: Period) -> None:
        """Ask for the period's figures: the key figures, the charts in view, then the rest
        (a chart out of view is drawn when scrolled to). The key figures come first: a
        dozen small queries, each waiting for the interpreter while a chart is drawn here,
        they would be the last to arrive behind the charts."""
        self._generation += 1
        self.data.clear()
        self._pending = set(range(len(self.panels)))
        self._figures_shown = False
        self._stale = False
        seen = [i for i in self._pending if self._in_view(i)] or [0, 1]  # before the first show: the top row
        jobs = [(FIGURES, key_figures), *((CHARTS[i].key, CHARTS[i].data) for i in seen),
                *((CHARTS[i].key, CHARTS[i].data) for i in sorted(self._pending) if i not in seen)]
        self.loader.request(Request(self._generation, period, self.ctx.visible, clock.today(), jobs))

    def _loaded(self, generation: int, key: str, data: Any) -> None:
        if generation != self._generation:
            return  # counted for a period no longer shown
        if key == FIGURES:
            self.figures.show_figures(data, self.period.previous_noun, self.period.label)
            self._figures_shown = True
        else:
            self.data[key] = data
            index = next(i for i, spec in enumerate(CHARTS) if spec.key == key)
            if self._in_view(index):
                self._draw_chart(index)
            else:  # the layout may not have placed it yet: look again once it has
                QTimer.singleShot(0, self, self._draw_visible)
        self._announce()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            from desktop.ui.errors import show_error

            show_error(self, exc, "统计图表")

    def _announce(self) -> None:
        if self.settled:
            self.ready.emit()

    def _draw_chart(self, index: int) -> None:
        spec, panel = CHARTS[index], self.panels[index]
        if spec.key not in self.data:  # not counted yet: counted here (an export needs it now)
            self.data[spec.key] = spec.data(self.ctx.reader, self.period, self.ctx.visible, clock.today())
        self._pending.discard(index)
        data = self.data[spec.key]
        with drawing():
            if panel.chart is not None and spec.update is not None and spec.update(panel.chart, data, self.period):
                panel.show_chart(panel.chart)  # the same figure, changed in place
            else:
                panel.show_chart(spec.draw(data, self.period))

    def _draw_visible(self, *_args) -> None:
        drawn = False
        for index in sorted(self._pending):
            if CHARTS[index].key in self.data and self._in_view(index):
                self._draw_chart(index)
                drawn = True
        if drawn:
            self._announce()

    def draw_all(self) -> None:
        """Every chart of the period, in view or not (before an export)."""
        for index in sorted(self._pending):
            self._draw_chart(index)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._draw_visible()

    def _on_changed(self, kinds: frozenset) -> None:
        if kinds & {INCOMING, OUTGOING, SUPERVISION, DUTY, REFERENCE, SETTINGS}:
            if self.isVisible():
                self.show_period(self.period)
            else:
                self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.show_period(self.period)
        else:
            self._draw_visible()
        QTimer.singleShot(0, self, self._draw_visible)  # once the layout has placed the panels

    # --- files -------------------------------------------------------------------------

    @staticmethod
    def ask_save_path(parent: QWidget, title: str, name: str, pattern: str) -> str:
        from desktop.ui.dialogs import ask_save_file

        return ask_save_file(parent, title, name, pattern)

    def _saved(self, path: str, what: str) -> None:
        from desktop.ui.dialogs import announce_saved

        announce_saved(self, path, what)

    def export_chart(self, key: str, suffix: str) -> None:
        self.draw_all()
        panel = next(p for p in self.panels if p.spec.key == key)
        name = f"{panel.spec.title}（{self.period.label}）.{suffix}"
        path = self.ask_save_path(self, f"导出“{panel.spec.title}”", name, _PATTERNS[suffix])
        if not path or panel.chart is None:
            return
        from desktop.services.files import atomic_output

        with atomic_output(Path(path)) as tmp:  # no half-written file if it fails
            save_figure(panel.chart, tmp, suffix)
        self._saved(path, panel.spec.title)

    def _report_data(self, period: Period):
        from desktop.reports.monthly_report import ReportData
        from desktop.services.hospital import hospital_name
        from desktop.services.stats.supervision import overdue_items

        today = clock.today()
        return ReportData(
            hospital=self.ctx.ops.read(hospital_name), period=period, today=today,
            figures=key_figures(self.ctx.reader, period, self.ctx.visible, today),
            charts={spec.key: spec.data(self.ctx.reader, period, self.ctx.visible, today) for spec in CHARTS},
            overdue=overdue_items(self.ctx.reader, period, today))

    def export_tab_pdf(self) -> None:
        path = self.ask_save_path(self, "整页导出 PDF", f"图表（{self.period.label}）.pdf", _PATTERNS["pdf"])
        if not path:
            return
        from desktop.reports.monthly_report import build_charts_pdf

        build_charts_pdf(self._report_data(self.period), Path(path))
        self._saved(path, "图表")

    def export_monthly_report(self) -> None:
        from desktop.services.stats.periods import month

        period = month(self.period.end)
        path = self.ask_save_path(self, "院办工作月报", f"院办工作月报（{period.label}）.pdf", _PATTERNS["pdf"])
        if not path:
            return
        from desktop.reports.monthly_report import build_monthly_report

        build_monthly_report(self._report_data(period), Path(path))
        self._saved(path, "院办工作月报")
