"""编号检查: the 断号/重号 report (services.outgoing.numbering.number_report) per 代字 and year."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.ui.messages import Messages

if TYPE_CHECKING:
    from desktop.services.outgoing.numbering import ScopeReport
    from desktop.ui.ops import AppContext


def report_lines(report: list[ScopeReport], only_problems: bool = False) -> list[str]:
    """One line per 代字 and year: 院发 2025年：1—12号，断号 3、5—7，重号 2，作废 9."""
    from desktop.services.outgoing.numbering import ranges_text

    lines = []
    for r in report:
        if only_problems and r.clean:
            continue
        parts = [f"{r.code} {r.year}年：共 {r.count} 件，编至 {r.last} 号"]
        parts.append(f"断号 {ranges_text(r.gaps)}" if r.gaps else "无断号")
        parts.append(f"重号 {ranges_text(r.duplicates)}" if r.duplicates else "无重号")
        if r.cancelled:
            parts.append(f"作废 {ranges_text(r.cancelled)}")
        lines.append("，".join(parts) + "。")
    return lines


def in_office_order(report: list[ScopeReport], codes: list[str]) -> list[ScopeReport]:
    """As the office lists its 代字 (设置 → 机关代字), then year; unknown 代字 last."""
    rank = {c: i for i, c in enumerate(codes)}
    return sorted(report, key=lambda r: (rank.get(r.code, len(rank)), r.code, r.year))


def show_number_check(ctx: AppContext, parent: QWidget) -> list[str]:
    """Show every 代字 and year, problems first; returns the lines shown."""
    from desktop.services.outgoing.numbering import list_codes, number_report

    report, codes = ctx.ops.read(lambda s: (number_report(s), list_codes(s, include_inactive=True)))
    report = in_office_order(report, [c.code for c in codes])
    bad = [r for r in report if not r.clean]
    if not report:
        text = "还没有编号的发文。"
    else:
        head = (f"发现 {len(bad)} 个代字年度有断号或重号：" if bad else "各代字、各年度编号连续，无断号、重号。")
        text = "\n".join([head, *report_lines(bad), *([""] if bad else []),
                          *report_lines([r for r in report if r.clean])])
    Messages.info(parent, text, "发文编号检查（断号/重号）")
    return text.splitlines()
