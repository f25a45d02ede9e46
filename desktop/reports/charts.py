"""The charts of the 图表 tab and the monthly report, as Qt-free matplotlib figures.

CHARTS lists each chart once: its title, the services.stats.chart_data function that
computes it (one SQL aggregate or a few) and the function that draws it (the 值班 load
in reports.duty_chart).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from matplotlib.ticker import MaxNLocator

from desktop.reports.chart_style import (
    BAD,
    GOOD,
    GREY,
    INCOMING,
    INCOMING_LIGHT,
    OUTGOING,
    OUTGOING_LIGHT,
    Chart,
    empty_note,
    new_figure,
    style_axes,
)
from desktop.reports.duty_chart import duty_chart
from desktop.services.stats import chart_data
from desktop.services.stats.chart_data import Senders, Volume
from desktop.services.stats.incoming import Bar, HandlingMonth
from desktop.services.stats.periods import Period
from desktop.services.stats.supervision import DepartmentRow

MAX_DEPARTMENTS = 12
PIE_SLICES = 8  # the rest of the 文种 are one 其他 slice


def _month_labels(months: list[dt.date]) -> list[str]:
    """"11月" under each bar; January (and the first bar) carry the year."""
    return [f"{m.year}年\n{m.month}月" if k == 0 or m.month == 1 else f"{m.month}月" for k, m in enumerate(months)]


def volume_chart(data: Volume, period: Period) -> Chart:
    """收文 and 发文 per month as grouped bars, the same months a year earlier as lines."""
    chart = Chart(new_figure((0.08, 0.98, 0.9, 0.27)))
    ax = chart.figure.add_subplot()
    style_axes(ax, "收文、发文月度件数（近 12 个月，虚线为上年同期）")
    x = np.arange(len(data.months))
    width = 0.38
    bars = ax.bar(x - width / 2, [b.value for b in data.incoming], width, color=INCOMING, label="收文")
    sent = ax.bar(x + width / 2, [b.value for b in data.outgoing], width, color=OUTGOING, label="发文")
    lines = (ax.plot(x - width / 2, data.incoming_last_year, "--o", color=INCOMING_LIGHT, markersize=3,
                     linewidth=1.2, label="收文（上年同期）")[0],
             ax.plot(x + width / 2, data.outgoing_last_year, "--o", color=OUTGOING_LIGHT, markersize=3,
                     linewidth=1.2, label="发文（上年同期）")[0])
    chart.parts.update(ax=ax, incoming=bars.patches, outgoing=sent.patches, lines=lines)
    _volume_targets(chart, data)
    ax.set_xticks(x, _month_labels(data.months))
    ax.set_ylabel("件", fontsize=8)
    ax.legend(fontsize=7, ncols=4, loc="upper left", bbox_to_anchor=(0, -0.18), frameon=False)
    return chart


def _volume_targets(chart: Chart, data: Volume) -> None:
    chart.targets.clear()
    for patch, bar in zip(chart.parts["incoming"], data.incoming, strict=True):
        chart.target(patch, f"{bar.label} 收文", bar.value, bar.drill)
    for patch, bar in zip(chart.parts["outgoing"], data.outgoing, strict=True):
        chart.target(patch, f"{bar.label} 发文", bar.value, bar.drill)


def update_volume(chart: Chart, data: Volume, period: Period) -> bool:
    """The same chart for another period, its artists changed in place (no new axes, ticks
    or legend: a third of the cost of drawing it anew)."""
    p = chart.parts
    if len(p.get("incoming", ())) != len(data.months):
        return False
    for patches, bars in ((p["incoming"], data.incoming), (p["outgoing"], data.outgoing)):
        for patch, bar in zip(patches, bars, strict=True):
            patch.set_height(bar.value)
            patch.set_linewidth(0)  # a keyboard selection's outline goes with the old period
    p["lines"][0].set_ydata(data.incoming_last_year)
    p["lines"][1].set_ydata(data.outgoing_last_year)
    _volume_targets(chart, data)
    ax = p["ax"]
    ax.set_xticks(np.arange(len(data.months)), _month_labels(data.months))
    ax.relim()
    ax.autoscale_view()
    return True


def senders_chart(data: Senders, period: Period) -> Chart:
    """The ten senders with most documents, as horizontal bars, the largest on top."""
    chart = Chart(new_figure((0.34, 0.95, 0.9, 0.14)))
    ax = chart.figure.add_subplot()
    style_axes(ax, f"来文单位前 {len(data.top) or 10} 名（{period.label}）")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    if not data.top:
        empty_note(ax)
        return chart
    top = list(reversed(data.top))
    bars = ax.barh(range(len(top)), [b.value for b in top], color=INCOMING, height=0.6)
    ax.set_yticks(range(len(top)), [b.label for b in top], fontsize=8)
    ax.set_ylim(-0.6, max(len(top), 8) - 0.4)  # a few senders: slim bars, not slabs
    ax.bar_label(bars, fmt="%d", fontsize=7, padding=2)
    for patch, bar in zip(bars.patches, top, strict=True):
        chart.target(patch, f"{period.label} {bar.label}来文", bar.value, bar.drill)
    ax.set_xlabel("件", fontsize=8)
    return chart


def types_chart(data: list[Bar], period: Period) -> Chart:
    """收文 by 文种 as a ring; the small 文种 together as 其他 (not clickable: several filters)."""
    chart = Chart(new_figure((0.02, 0.62, 0.88, 0.04)))
    ax = chart.figure.add_subplot()
    style_axes(ax, f"收文文种构成（{period.label}）")
    ax.grid(False)
    if not data:
        empty_note(ax)
        return chart
    shown, rest = data[:PIE_SLICES], data[PIE_SLICES:]
    values = [b.value for b in shown] + ([sum(b.value for b in rest)] if rest else [])
    labels = [b.label for b in shown] + (["其他"] if rest else [])
    total = sum(values)
    wedges, _texts = ax.pie(values, startangle=90, counterclock=False,
                            wedgeprops={"width": 0.45, "edgecolor": "white"})
    # labels in a legend beside the ring: small slices' labels would overlap on it
    ax.legend(wedges, [f"{t}  {v:.0f} 件（{v / total:.1%}）" for t, v in zip(labels, values, strict=True)],
              fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    for wedge, bar in zip(wedges, shown, strict=False):
        chart.target(wedge, f"{period.label} 文种为“{bar.label}”的收文", bar.value, bar.drill)
    ax.set_aspect("equal")
    return chart


def handling_chart(data: list[HandlingMonth], period: Period) -> Chart:
    """收文 办结 per month: median and 90th percentile of working days, share within 时限."""
    chart = Chart(new_figure((0.08, 0.91, 0.9, 0.27)))
    ax = chart.figure.add_subplot()
    style_axes(ax, "收文办理时长（工作日）与按时限办结率（按办结月份）")
    x = np.arange(len(data))
    median, = ax.plot(x, _medians(data), "-o", color=INCOMING, markersize=3, label="中位数")
    p90, = ax.plot(x, _p90s(data), "-s", color=BAD, markersize=3, label="90% 在此以内")
    ax.set_ylabel("工作日", fontsize=8)
    ax.set_ylim(bottom=0)
    share = ax.twinx()
    shares = share.bar(x, _shares(data), 0.5, color=GOOD, alpha=0.25, label="按时限办结率")
    chart.parts.update(ax=ax, median=median, p90=p90, shares=shares.patches)
    share.set_ylim(0, 100)
    share.set_ylabel("按时限办结率 %", fontsize=8)
    share.tick_params(labelsize=8)
    share.spines[["top"]].set_visible(False)
    ax.set_zorder(share.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.set_xticks(x, _month_labels([m.month for m in data]))
    lines, names = ax.get_legend_handles_labels()
    bars, bar_names = share.get_legend_handles_labels()
    ax.legend(lines + bars, names + bar_names, fontsize=7, ncols=3, loc="upper left", bbox_to_anchor=(0, -0.18),
              frameon=False)
    return chart


_NAN = float("nan")


def _medians(data: list[HandlingMonth]) -> list[float]:
    return [_NAN if m.median is None else m.median for m in data]


def _p90s(data: list[HandlingMonth]) -> list[float]:
    return [_NAN if m.p90 is None else m.p90 for m in data]


def _shares(data: list[HandlingMonth]) -> list[float]:
    return [0 if m.within_share is None else m.within_share for m in data]


def update_handling(chart: Chart, data: list[HandlingMonth], period: Period) -> bool:
    """The same chart for another period, changed in place (see update_volume)."""
    p = chart.parts
    if len(p.get("shares", ())) != len(data):
        return False
    p["median"].set_ydata(_medians(data))
    p["p90"].set_ydata(_p90s(data))
    for patch, value in zip(p["shares"], _shares(data), strict=True):
        patch.set_height(value)
    ax = p["ax"]
    ax.set_xticks(np.arange(len(data)), _month_labels([m.month for m in data]))
    ax.set_autoscaley_on(True)
    ax.relim()
    ax.autoscale_view()
    ax.set_ylim(bottom=0)
    return True


def departments_chart(data: list[DepartmentRow], period: Period) -> Chart:
    """督办 per 主办科室, the 督办通报's figures: the on-time rate of the items due or done, and
    the items overdue at the period's end (or today)."""
    chart = Chart(new_figure((0.15, 0.97, 0.88, 0.15), wspace=0.06))
    rate_ax, over_ax = chart.figure.subplots(1, 2, sharey=True, width_ratios=(3, 2))
    style_axes(rate_ax, f"督办按期办结率与逾期件数（{period.label}）")
    style_axes(over_ax, "")
    rows = list(reversed(data[:MAX_DEPARTMENTS]))
    if not rows:
        empty_note(rate_ax)
        over_ax.set_visible(False)
        return chart
    y = np.arange(len(rows))
    rates = [r.on_time_rate for r in rows]
    bars = rate_ax.barh(y, [0 if v is None else v for v in rates], color=GOOD, height=0.6)
    rate_ax.bar_label(bars, labels=["—" if v is None else f"{v:.0f}%" for v in rates], fontsize=7, padding=2)
    rate_ax.set_xlim(0, 115)
    rate_ax.set_xlabel("按期办结率 %（已到期或已办结的事项）", fontsize=8)
    rate_ax.set_yticks(y, [r.department for r in rows], fontsize=8)
    rate_ax.set_ylim(-0.6, max(len(rows), 8) - 0.4)
    over = over_ax.barh(y, [r.overdue for r in rows], color=BAD, height=0.6)
    over_ax.bar_label(over, fmt="%d", fontsize=7, padding=2)
    over_ax.set_xlabel("逾期未办结（项）", fontsize=8)
    over_ax.tick_params(labelleft=False)
    for ax in (rate_ax, over_ax):
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    over_ax.set_xlim(0, max(1, max(r.overdue for r in rows)) * 1.2)
    over_ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole items, never 0.25 项
    over_ax.spines["left"].set_color(GREY)
    _department_targets(chart, rows, list(bars.patches), list(over.patches), period)
    return chart


def _department_targets(chart: Chart, rows: list[DepartmentRow], rate_bars: list, over_bars: list,
                        period: Period) -> None:
    """Each department's two bars open its items in the 督办 register: the rate bar those
    due or done (the rate's base), the overdue bar the overdue ones. In reading order (top
    row first, its rate then its overdue bar) for the arrow keys."""
    for k in reversed(range(len(rows))):
        r = rows[k]
        if r.due_drill is None or r.overdue_drill is None:
            continue  # no 主办科室: no filter lists exactly its items
        as_of = min(period.end, r.due_drill.today)
        until = f"截至{as_of.month}月{as_of.day}日"
        rate = "—" if r.on_time_rate is None else f"{r.on_time_rate:.1f}%"
        if r.due:  # a rate of "—" has no bar to click, nor items behind it
            chart.target(rate_bars[k], f"{period.label} {r.department} 已到期或已办结（按期办结率 {rate}："
                                       f"按期 {r.on_time} 项，{until}）", r.due, r.due_drill)
        chart.target(over_bars[k], f"{period.label} {r.department} 逾期未办结（{until}）", r.overdue,
                     r.overdue_drill)


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str  # the tab's and the report's name for it
    data: Callable[[Any, Period, tuple[str, ...], dt.date], Any]
    draw: Callable[[Any, Period], Chart]
    wide: bool = False  # the whole width of the tab (one bar per person)
    # changes a chart drawn for another period in place; False: it cannot, draw anew
    update: Callable[[Chart, Any, Period], bool] | None = None
    note: str = ""  # under the chart (after the hint of what a click opens): how to read it


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("volume", "收发文月度件数", chart_data.volume, volume_chart, update=update_volume),
    ChartSpec("senders", "来文单位", chart_data.senders, senders_chart),
    ChartSpec("types", "收文文种", chart_data.doc_types, types_chart),
    ChartSpec("handling", "收文办理时长", chart_data.handling, handling_chart, update=update_handling),
    ChartSpec("supervision", "督办按科室", chart_data.departments, departments_chart),
    ChartSpec("duty", "值班负荷", chart_data.duty, duty_chart, wide=True,
              note="排班按近一年（滚动 365 天）均衡；“相差”为同一值班角色中值班最多者与最少者之差"),
)


def save_figure(chart: Chart, out: Path | str | BinaryIO, fmt: str | None = None, dpi: int = 200) -> None:
    """PNG, SVG or PDF, by ``fmt`` or else the file's suffix (Agg/SVG/PDF backends: no Qt)."""
    if fmt is None:
        if not isinstance(out, Path | str):
            raise ValueError("fmt is needed for a stream")
        fmt = Path(out).suffix.lstrip(".").lower()
    chart.figure.savefig(out, format=fmt, dpi=dpi)
