"""The 值班 load chart: per person, the duties of the period (above) and of the rolling
window (below), rest-day/holiday duties stacked under the workday ones and the night
duties marked; each role's spread (most − fewest) stated under the title."""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from desktop.reports.chart_style import (
    BAD,
    GREY,
    INCOMING,
    INCOMING_LIGHT,
    Chart,
    empty_note,
    new_figure,
    style_axes,
)
from desktop.services.stats.duty import NIGHT, REST, TOTAL, DutyLoads, RoleLoad
from desktop.services.stats.periods import Period

GAP = 1.2  # between two roles' groups of bars


def _span(lo: int, hi: int) -> str:
    return f"{lo}" if lo == hi else f"{lo}～{hi}"


def role_note(r: RoleLoad, noun: str) -> str:
    """带班领导 12 人：本月每人 4～6 次，近一年 50～51 次；近一年相差 全部 1、休息日/节假日 1、夜班 36 次."""
    return (f"{r.role} {len(r.people)} 人：{noun}每人 {_span(*r.low_high())} 次，近一年 {_span(*r.low_high(window=True))} 次；"
            f"近一年相差 全部 {r.spread(window=True)}、休息日/节假日 {r.spread(REST, True)}、"
            f"夜班 {r.spread(NIGHT, True)} 次")


def _bars(ax, x: np.ndarray, counts: list[tuple[int, int, int]], label: bool) -> None:
    rest = np.array([c[REST] for c in counts])
    work = np.array([c[TOTAL] - c[REST] for c in counts])
    ax.bar(x, rest, 0.7, color=INCOMING, label="休息日/节假日" if label else None)
    ax.bar(x, work, 0.7, bottom=rest, color=INCOMING_LIGHT, label="工作日" if label else None)
    ax.scatter(x, [c[NIGHT] for c in counts], marker="_", s=40, linewidths=1.6, color=BAD, zorder=3,
               label="其中夜班（短横线）" if label else None)


def _targets(chart: Chart, ax, x: np.ndarray, role: RoleLoad, period: Period) -> None:
    """One clickable box over each person's stacked bar of the period (both parts at once;
    the keyboard's outline goes round the whole bar), left to right: it opens the 值班 tab
    with the person's duties of the period marked."""
    boxes = ax.bar(x, [p.period[TOTAL] for p in role.people], 0.7, facecolor=(0, 0, 0, 0), edgecolor="white",
                   linewidth=0, zorder=2.5)
    for box, p in zip(boxes.patches, role.people, strict=True):
        chart.target(box, f"{period.label} {role.role} {p.name} 值班", p.period[TOTAL], p.drill)


def duty_chart(data: DutyLoads, period: Period) -> Chart:
    lines = len(data.roles) or 1
    chart = Chart(new_figure((0.06, 0.99, 0.84 - 0.05 * lines, 0.2), hspace=0.12))
    top, bottom = chart.figure.subplots(2, 1, sharex=True)
    style_axes(top, "")
    style_axes(bottom, "")
    # the title and the spreads in figure coordinates: a title over two lines of notes
    # would be placed by matplotlib's title layout at every draw
    chart.figure.text(0.01, 0.975, f"值班负荷（{period.label}；近一年：{data.window_start:%Y-%m-%d} 至 "
                                   f"{data.window_end:%Y-%m-%d}）", fontsize=11, va="top")
    if not data.roles:
        empty_note(top)
        bottom.set_visible(False)
        return chart
    note = "\n".join(role_note(r, period.noun) for r in data.roles)
    chart.figure.text(0.01, 0.90, note, fontsize=8, va="top", color="#333333", linespacing=1.5)
    xs, names, groups, start = [], [], [], 0.0
    for r in data.roles:
        x = start + np.arange(len(r.people))
        xs.append(x)
        names += [p.name for p in r.people]
        groups.append((r.role, x[0], x[-1]))
        start = x[-1] + 1 + GAP
    for k, (r, x) in enumerate(zip(data.roles, xs, strict=True)):
        _bars(top, x, [p.period for p in r.people], label=k == 0)
        _bars(bottom, x, [p.window for p in r.people], label=False)
        _targets(chart, top, x, r, period)
    top.set_ylabel(f"{period.noun}（次）", fontsize=8)
    bottom.set_ylabel("近一年（次）", fontsize=8)
    every = np.concatenate(xs)
    bottom.set_xticks(every, names, rotation=90, fontsize=6 if len(names) > 30 else 7)
    top.tick_params(bottom=False)
    bottom.set_xlim(-0.7, every[-1] + 0.7)
    for ax in (top, bottom):  # headroom for the role names and the legend; whole duties
        ax.set_ylim(0, ax.get_ylim()[1] * 1.3)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    label_at = blended_transform_factory(top.transData, top.transAxes)
    for role, a, _b in groups:
        top.text(a - 0.4, 0.97, role, transform=label_at, ha="left", va="top", fontsize=8, color=GREY)
        if a > 0:
            for ax in (top, bottom):
                ax.axvline(a - (1 + GAP) / 2, color="#CCCCCC", linewidth=0.8)
    top.legend(fontsize=7, ncols=3, loc="upper right", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return chart
