"""The 值班 load chart: per person, the duties of the period (above) and of the rolling
window (below), rest-day/holiday duties stacked under the workday ones and the night
duties marked; each role's spread (most − fewest) stated under the title."""
from __future__ import annotations

import numpy as np
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


def role_note(r: RoleLoad, noun: str) -> str:
    """带班领导 12 人，本月 62 人次（每人 4～6 次）；近一年每人 50～51 次，相差 1 次，休息日/节假日相差 1 次，夜班相差 36 次."""
    lo, hi = r.low_high()
    wlo, whi = r.low_high(window=True)
    each = f"每人 {lo} 次" if lo == hi else f"每人 {lo}～{hi} 次"
    return (f"{r.role} {len(r.people)} 人，{noun} {r.shifts} 人次（{each}）；近一年每人 {wlo}～{whi} 次，"
            f"相差 {r.spread(window=True)} 次，休息日/节假日相差 {r.spread(REST, True)} 次，"
            f"夜班相差 {r.spread(NIGHT, True)} 次")


def _bars(ax, x: np.ndarray, counts: list[tuple[int, int, int]], label: bool) -> None:
    rest = np.array([c[REST] for c in counts])
    work = np.array([c[TOTAL] - c[REST] for c in counts])
    ax.bar(x, rest, 0.7, color=INCOMING, label="休息日/节假日" if label else None)
    ax.bar(x, work, 0.7, bottom=rest, color=INCOMING_LIGHT, label="工作日" if label else None)
    ax.scatter(x, [c[NIGHT] for c in counts], marker="_", s=40, linewidths=1.6, color=BAD, zorder=3,
               label="其中夜班（短横线）" if label else None)


def duty_chart(data: DutyLoads, period: Period) -> Chart:
    lines = len(data.roles) or 1
    chart = Chart(new_figure((0.06, 0.99, 0.86 - 0.045 * lines, 0.2), hspace=0.12))
    top, bottom = chart.figure.subplots(2, 1, sharex=True)
    style_axes(top, f"值班负荷（{period.label}；近一年：{data.window_start:%Y-%m-%d} 至 {data.window_end:%Y-%m-%d}）")
    style_axes(bottom, "")
    if not data.roles:
        empty_note(top)
        bottom.set_visible(False)
        return chart
    top.set_title(top.get_title(loc="left") + "\n" + "\n".join(role_note(r, period.noun) for r in data.roles),
                  loc="left", fontsize=9, linespacing=1.5)
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
    top.set_ylabel(f"{period.noun}（次）", fontsize=8)
    bottom.set_ylabel("近一年（次）", fontsize=8)
    every = np.concatenate(xs)
    bottom.set_xticks(every, names, rotation=90, fontsize=6 if len(names) > 30 else 7)
    top.tick_params(bottom=False)
    bottom.set_xlim(-0.7, every[-1] + 0.7)
    label_at = blended_transform_factory(top.transData, top.transAxes)
    for role, a, b in groups:
        top.text((a + b) / 2, 1.0, role, transform=label_at, ha="center", va="bottom", fontsize=8, color=GREY)
        if a > 0:
            for ax in (top, bottom):
                ax.axvline(a - (1 + GAP) / 2, color="#CCCCCC", linewidth=0.8)
    top.legend(fontsize=7, ncols=3, loc="upper right", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return chart
