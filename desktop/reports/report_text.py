"""The monthly report's sentences: figures as the director writes them upward."""
from __future__ import annotations

from desktop.services.stats.chart_data import Volume
from desktop.services.stats.duty import NIGHT, REST, DutyLoads
from desktop.services.stats.figures import KeyFigure
from desktop.services.stats.incoming import HandlingMonth
from desktop.services.stats.periods import Period


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def count_change(k: KeyFigure, previous_noun: str) -> str:
    """较上月增加 6.2% / 减少 3.0% / 持平; a figure told by its difference: 较上月增加 12 件;
    nothing to compare with: 上月为 0."""
    c = k.change
    if c is None:
        return f"{previous_noun}为 0，无可比数据" if k.previous == 0 else ""
    if abs(c) < 0.05:
        return f"与{previous_noun}持平"
    amount = f"{abs(c):.0f} {k.unit}" if k.by_difference else f"{abs(c):.1f}%"
    return f"较{previous_noun}{'增加' if c > 0 else '减少'} {amount}"


def rate_change(k: KeyFigure, previous_noun: str) -> str:
    c = k.change
    if c is None:
        return f"{previous_noun}无办结事项" if k.previous is None else ""
    if abs(c) < 0.05:
        return f"与{previous_noun}持平"
    return f"较{previous_noun}{'提高' if c > 0 else '下降'} {abs(c):.1f} 个百分点"


def _join(*parts: str) -> str:
    return "，".join(p for p in parts if p)


def summary(figures: dict[str, KeyFigure], period: Period, handling: HandlingMonth | None) -> list[str]:
    """The opening paragraphs: 本月收文 412 件，较上月增加 6.2%；督办按期办结率 91.3% …"""
    noun, prev = period.noun, period.previous_noun
    r, s, o, od = figures["received"], figures["sent"], figures["open"], figures["overdue"]
    sup_over, on_time = figures["supervision_overdue"], figures["on_time"]
    lines = [
        f"{noun}收文 {r.value:.0f} 件，{_join(count_change(r, prev))}；"
        f"发文 {s.value:.0f} 件，{_join(count_change(s, prev))}。"
        f"{noun}收文中尚未办结 {o.value:.0f} 件，其中已逾期 {od.value:.0f} 件。",
    ]
    if handling is not None and handling.done:
        lines.append(
            f"{noun}办结收文 {handling.done} 件，办理时长中位数 {handling.median:.1f} 个工作日，"
            f"90% 的文件在 {handling.p90:.0f} 个工作日内办结；"
            + (f"有办理时限的 {handling.with_deadline} 件中按时限办结 {handling.within_deadline} 件，"
               f"占 {pct(handling.within_share)}。" if handling.with_deadline else "办结的文件均未设办理时限。"))
    if on_time.value is None:
        lines.append(f"督办事项{noun}无办结；截至期末逾期未办结 {sup_over.value:.0f} 项。")
    else:
        lines.append(f"督办按期办结率 {pct(on_time.value)}，{_join(rate_change(on_time, prev))}；"
                     f"截至期末逾期未办结 {sup_over.value:.0f} 项。")
    return lines


def volume_rows(v: Volume) -> list[list[str]]:
    """月份, 收文, 上年同期, 发文, 上年同期."""
    return [[b.label, f"{b.value:.0f}", str(ly), f"{out.value:.0f}", str(oly)]
            for b, ly, out, oly in zip(v.incoming, v.incoming_last_year, v.outgoing, v.outgoing_last_year, strict=True)]


def _span(lo: int, hi: int) -> str:
    return f"{lo}" if lo == hi else f"{lo}～{hi}"


def _each(lo: int, hi: int) -> str:
    return f"每人 {_span(lo, hi)} 次"


def duty_sentences(loads: DutyLoads, period: Period) -> list[str]:
    """本月带班领导共排班 62 人次（12 人，每人 4～6 次）… and the fairness over the window."""
    if not loads.roles:
        return [f"{period.noun}未排值班。"]
    noun = period.noun
    shifts = "；".join(f"{r.role}共排班 {r.shifts} 人次（{len(r.people)} 人，{_each(*r.low_high())}）"
                       for r in loads.roles)
    lines = [f"{noun}行政总值班：{shifts}。"]
    fair = [r for r in loads.roles if r.spread(window=True) <= 1]
    if len(fair) == len(loads.roles):
        window = "按近一年滚动计，各角色每人值班次数相差均不超过 1 次"
    else:
        window = "按近一年滚动计，" + "，".join(
            f"{r.role}每人值班次数相差{'不超过 1' if r.spread(window=True) <= 1 else f' {r.spread(window=True)}'} 次"
            for r in loads.roles)
    rest = max(r.spread(REST, True) for r in loads.roles)
    night = max(r.spread(NIGHT, True) for r in loads.roles)
    lines.append(f"{window}；休息日/节假日值班相差{'不超过 1' if rest <= 1 else f' {rest}'} 次；"
                 f"夜班相差{'不超过 1' if night <= 1 else f'最多 {night}'} 次。")
    return lines


def duty_rows(loads: DutyLoads, period: Period) -> list[list[str]]:
    """值班角色, 人数, 本期人次, 本期每人, 近一年每人, 近一年相差 (全部/休息日节假日/夜班)."""
    rows = []
    for r in loads.roles:
        lo, hi = r.low_high()
        wlo, whi = r.low_high(window=True)
        rows.append([r.role, str(len(r.people)), str(r.shifts), _span(lo, hi), _span(wlo, whi),
                     f"{r.spread(window=True)} / {r.spread(REST, True)} / {r.spread(NIGHT, True)}"])
    return rows
