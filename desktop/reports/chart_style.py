"""What every chart shares: the shipped CJK font, colours, sizes, the empty-chart note.

Figures are matplotlib.figure.Figure objects made directly, never through pyplot, so no
global figure state exists and no GUI backend is loaded: the 图表 tab puts them on a Qt
canvas, the monthly report and the exports render them with the Agg/PDF/SVG backends.

The font is WenQuanYi Micro Hei (desktop.fonts.register_matplotlib: added with
font_manager.addfont, the same face the window uses): a sans-serif face reads better in
charts than the 宋 of the red-header documents, and it renders and embeds in PNG, SVG
and PDF without a missing-glyph warning (tests/reports/test_charts.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from desktop.fonts import register_matplotlib

INCOMING = "#2F6DB5"
INCOMING_LIGHT = "#9DBBE0"
OUTGOING = "#D9822B"
OUTGOING_LIGHT = "#F0C08F"
GOOD = "#3A8F4C"
BAD = "#C0392B"
GREY = "#777777"
SIZE = (7.2, 3.8)  # inches: a chart in the tab's grid, and a half page of the report at 200 dpi
EMPTY_TEXT = "本期无数据"


@dataclass
class Chart:
    """A figure and what clicking its parts opens: artist → (label, value, drill filter)."""

    figure: Figure
    targets: dict[Artist, tuple[str, float, Any]] = field(default_factory=dict)
    parts: dict[str, Any] = field(default_factory=dict)  # the artists a later period updates in place

    def target(self, artist: Artist, label: str, value: float, drill: Any) -> None:
        if drill is not None:
            artist.set_picker(True)
            self.targets[artist] = (label, value, drill)


def new_figure(margins: tuple[float, float, float, float] = (0.08, 0.97, 0.9, 0.12),
               size: tuple[float, float] = SIZE, **adjust: float) -> Figure:
    """A figure with fixed margins (left, right, top, bottom as fractions): each chart
    gives its own. matplotlib's constrained layout would fit them by itself, but costs
    ~100 ms per chart at every draw, most of the 图表 tab's redraw time."""
    register_matplotlib()
    fig = Figure(figsize=size, dpi=100)
    left, right, top, bottom = margins
    fig.subplots_adjust(left=left, right=right, top=top, bottom=bottom, **adjust)
    fig.set_facecolor("white")
    return fig


def style_axes(ax: Axes, title: str) -> None:
    ax.set_title(title, fontsize=11, loc="left", y=1.0)  # y given: no title placement pass at each draw (~15 ms)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)


def empty_note(ax: Axes) -> None:
    ax.text(0.5, 0.5, EMPTY_TEXT, transform=ax.transAxes, ha="center", va="center", fontsize=12, color=GREY)
    ax.set_xticks([])
    ax.set_yticks([])
