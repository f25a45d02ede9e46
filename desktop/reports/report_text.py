"""The monthly report's sentences: figures as the director writes them upward."""
from __future__ import annotations

from desktop.services.stats.chart_data import Volume
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
