"""One chart on a Qt canvas: click a bar or slice (or pick it with the arrow keys and
press Enter) to open its records (收文, 发文, 督办, or a person's duties in 值班); 导出 saves
it as PNG, SVG or PDF."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from desktop.services.stats.duty import PersonDuties
from desktop.services.supervision.query import SupervisionFilter

if TYPE_CHECKING:
    from desktop.reports.chart_style import Chart
    from desktop.reports.charts import ChartSpec

CANVAS_HEIGHT = 330
HINT = "单击柱形或扇区（或用方向键选中后按回车）打开对应的登记簿记录"
HINT_DUTY = "单击某人的柱形（或用方向键选中后按回车）在值班表中标出其本期值班"


def unit_of(drill: Any) -> str:
    """What a part counts: 督办 items (项), duties (次), else documents (件)."""
    if isinstance(drill, SupervisionFilter):
        return "项"
    return "次" if isinstance(drill, PersonDuties) else "件"


@contextmanager
def drawing() -> Iterator[None]:
    """No garbage collection while a chart is built or drawn: a drawing makes thousands of
    small objects, and a full collection set off among them walks every object of the
    program (~170,000 once matplotlib and the ORM are loaded), 50–100 ms in the middle of
    a redraw. The collector runs again afterwards, when the chart is on screen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ChartCanvas(FigureCanvasQTAgg):
    """The canvas takes focus; arrows move through the clickable parts, Enter opens one."""

    activated = Signal(int)  # index of the target
    moved = Signal(int)

    def __init__(self, figure) -> None:
        super().__init__(figure)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.count = 0
        self.current = -1

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        with drawing():
            super().paintEvent(event)

    def show_figure(self, figure) -> None:
        """Swap ``figure`` in, sized to this canvas as the canvas sizes its first one (at the
        screen's pixel ratio: the figure's dpi is its own dpi times the ratio)."""
        ratio = self.device_pixel_ratio
        figure.set_dpi(figure.get_dpi() * ratio)  # a new figure is at its own dpi (ratio 1)
        figure.set_canvas(self)
        self.figure = figure
        figure.set_size_inches(self.width() * ratio / figure.dpi, self.height() * ratio / figure.dpi, forward=False)
        self.draw_idle()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        if self.count and key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
            step = 1 if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) else -1
            self.current = (self.current + step) % self.count if self.current >= 0 else 0
            self.moved.emit(self.current)
        elif self.current >= 0 and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit(self.current)
        else:
            super().keyPressEvent(event)


class ChartPanel(QFrame):
    """``drill(filter, what)`` when a part with records behind it is chosen; ``export(key, suffix)``."""

    drill = Signal(object, str)
    export = Signal(str, str)
    placed = Signal()  # resized by the layout: whether it is in view may have changed

    def __init__(self, spec: ChartSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.chart: Chart | None = None
        self.canvas: ChartCanvas | None = None
        self._targets: list[tuple[Any, tuple[str, float, Any]]] = []
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(CANVAS_HEIGHT + 44)  # its full size before the first figure: what is in view is known
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")
        self.export_button = QPushButton("导出…")
        menu = QMenu(self.export_button)
        for suffix in ("png", "svg", "pdf"):
            menu.addAction(f"导出为 {suffix.upper()}…", lambda s=suffix: self.export.emit(spec.key, s))
        self.export_button.setMenu(menu)
        self.export_button.setAccessibleName(f"导出“{spec.title}”")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(4, 4, 4, 4)
        self._lay.addLayout(bottom)

    def show_chart(self, chart: Chart) -> None:
        """Show ``chart``: the first on a new canvas, the next ones on the same canvas, the
        figure fitted to the canvas's size and the screen's pixel ratio. Keeping the canvas
        keeps its renderer, and with it matplotlib's cache of text sizes: the labels of
        one period are mostly those of the next."""
        self.chart = chart
        self._targets = list(chart.targets.items())
        if self.canvas is None:
            self.canvas = ChartCanvas(chart.figure)
            self.canvas.setMinimumHeight(CANVAS_HEIGHT)
            self.canvas.setAccessibleName(self.spec.title)
            self.canvas.mpl_connect("pick_event", self._picked)
            self.canvas.activated.connect(lambda i: self._open(self._targets[i][1]))
            self.canvas.moved.connect(self._highlight)
            self._lay.insertWidget(0, self.canvas, 1)
        elif self.canvas.figure is chart.figure:
            self.canvas.draw_idle()
        else:
            self.canvas.show_figure(chart.figure)
            # the figure holds the canvas's event callbacks: a new figure needs its own
            self.canvas.mpl_connect("pick_event", self._picked)
        self.canvas.count = len(self._targets)
        self.canvas.current = -1
        duties = any(isinstance(t[2], PersonDuties) for _a, t in self._targets)
        hint = (HINT_DUTY if duties else HINT) if self._targets else ""
        self.status.setText("。".join(t for t in (hint, self.spec.note) if t))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.placed.emit()

    def _picked(self, event) -> None:
        if self.chart is not None and event.artist in self.chart.targets:
            self._open(self.chart.targets[event.artist])

    def _highlight(self, index: int) -> None:
        for k, (artist, _t) in enumerate(self._targets):
            artist.set_edgecolor("black" if k == index else "white")
            artist.set_linewidth(2.0 if k == index else 0.5)
        label, value, drill = self._targets[index][1]
        self.status.setText(f"已选：{label} {value:,.0f} {unit_of(drill)}（回车打开）")
        assert self.canvas is not None
        self.canvas.draw_idle()

    def _open(self, target: tuple[str, float, Any]) -> None:
        self.drill.emit(target[2], target[0])
