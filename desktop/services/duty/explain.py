"""Spreads per role and category, and why one stays above 1 (in the office's words)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from .model import BALANCED, CATEGORY_NAMES, Counts, Problem, Slot, Spread
from .repair import considered


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def spreads(problem: Problem, counts: Mapping[tuple[int, int], Counts], empty: Sequence[Slot]) -> list[Spread]:
    out: list[Spread] = []
    for role in sorted(problem.pools):
        people = considered(problem, role)
        if not people:
            continue
        for category in BALANCED:
            values = {p: counts.get((role, p), Counts()).get(category) for p in people}
            low, high = min(values.values()), max(values.values())
            reasons = _reasons(problem, role, category, values, empty) if high - low > 1 else ()
            out.append(Spread(role, category, low, high, reasons))
    return out


def _reasons(problem: Problem, role: int, category: str, values: Mapping[int, int],
             empty: Sequence[Slot]) -> tuple[str, ...]:
    low, high = min(values.values()), max(values.values())
    extremes = sorted(p for p, v in values.items() if v in (low, high))
    days = sorted({s.day for s in problem.slots if s.role_id == role})
    first, last = (days[0], days[-1]) if days else (None, None)
    name = problem.names.get
    out: list[str] = []
    pool = problem.pools[role]
    for p in extremes:
        start, end = pool.members.get(p, (None, None))
        if start is not None and first is not None and start > first:
            out.append(f"{name(p, str(p))}{_md(start)}起才进入值班名单")
        if end is not None and last is not None and end < last:
            out.append(f"{name(p, str(p))}{_md(end)}起退出值班名单")
        for a, b, reason in problem.unavailable.get(p, ()):
            if first is not None and last is not None and a <= last and b >= first:
                out.append(f"{name(p, str(p))}{reason or '不能值班'}（{_md(a)}—{_md(b)}）")
        locked = sum(1 for s, q in problem.fixed if q == p and s.cell in problem.locked and s.role_id == role)
        if locked:
            out.append(f"{name(p, str(p))}有 {locked} 个锁定的班次")
    before = [problem.history.get((role, p), Counts()).get(category) for p in values]
    if before and max(before) - min(before) > 1:
        out.append(f"此前各月（滚动窗口内）的{CATEGORY_NAMES[category]}次数已相差 {max(before) - min(before)}")
    gaps = sum(1 for s in empty if s.role_id == role)
    if gaps:
        out.append(f"有 {gaps} 个班次无人可排")
    if not out:
        out.append("人员较少，受“每人每天一班”“不连续值两个夜班”的限制")
    return tuple(out)
