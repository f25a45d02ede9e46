"""The 督办通报 for a period: per 主办科室, how many items, closed on time, closed late,
overdue, and the on-time rate, worst first; then the overdue items, longest first.

Which items: those open at some time in the period — assigned by its last day, not
撤销, and not closed before its first day. A split item counts as its sub-items (each
department answers for its own part). Figures stand as of the period's last day (or
today, if that is earlier): closed means 办结 reported by then (待审结 included),
judged against the effective deadline (an approved extension; refused or pending ones
change nothing); overdue means not closed by then and past that deadline.

进展逾期 (its own column, not a fourth kind of item): of the items not closed by then, those
with a report cycle whose last 进展 on or before that day (else the 交办日期) is more than
one cycle old — the same rule as status.report_due, evaluated at the period's end.

按期率 = 按期办结 ÷ (按期办结 + 逾期办结 + 逾期未办结): of the items that were due or
done, the share done on time; "—" when a department has none yet.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.services import clock
from desktop.services.numbering import number_format_raw
from desktop.services.supervision.query import (
    BULLETIN_PARTS,
    BULLETIN_SCOPE,
    CLOSED_BY_ASOF,
    _conn,
    bulletin_params,
    number_text,
)

TITLE = "督办通报"
RATE_RULE = "按期率＝按期办结÷（按期办结＋逾期办结＋逾期未办结）"


@dataclass(frozen=True)
class DepartmentLine:
    department: str
    total: int
    on_time: int
    late: int
    overdue: int
    in_progress: int
    report_late: int = 0  # not closed, and a 进展 report due by its cycle is missing

    @property
    def rate(self) -> float | None:
        due = self.on_time + self.late + self.overdue
        return self.on_time / due if due else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


@dataclass(frozen=True)
class OverdueLine:
    id: int
    number: str
    task: str
    department: str
    responsible: str
    assigned_by: str
    deadline: dt.date | None  # the original
    due_on: dt.date  # effective
    days_overdue: int


@dataclass(frozen=True)
class Bulletin:
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    departments: list[DepartmentLine]  # worst first
    total: DepartmentLine  # 合计
    overdue: list[OverdueLine]  # longest overdue first

    @property
    def period(self) -> str:
        return f"{self.date_from:%Y年%m月%d日} 至 {self.date_to:%Y年%m月%d日}"


# the items and their judgement are query.BULLETIN_SCOPE / BULLETIN_PARTS: the register's
# filter (SupervisionFilter.bulletin_period) lists with the same SQL the 通报 counts with
_CYCLE_DAYS = "CASE s.report_cycle WHEN '每周' THEN 7 WHEN '每两周' THEN 14 WHEN '每月' THEN 30 END"
_REPORT_LATE = f"""(s.report_cycle IN ('每周', '每两周', '每月') AND date(coalesce(
    (SELECT max(r.reported_on) FROM supervision_reports r WHERE r.item_id = s.id AND r.reported_on <= :asof),
    s.assigned_on), '+' || {_CYCLE_DAYS} || ' days') < :asof)"""


def _worst_first(line: DepartmentLine) -> tuple:
    rate = line.rate
    return (rate is None, rate if rate is not None else 0.0, -line.overdue, -line.total, line.department)


def build_bulletin(db: Any, date_from: dt.date, date_to: dt.date, today: dt.date | None = None) -> Bulletin:
    if date_to < date_from:
        raise ValueError("期间的结束日期不能早于开始日期")
    as_of = min(date_to, today or clock.today())
    params = bulletin_params(date_from, date_to, as_of)
    conn = _conn(db)
    rows = conn.execute(f"""
        SELECT s.lead_department, count(*),
               coalesce(sum({BULLETIN_PARTS["on_time"]}), 0),
               coalesce(sum({BULLETIN_PARTS["late"]}), 0),
               coalesce(sum({BULLETIN_PARTS["overdue"]}), 0),
               coalesce(sum(NOT {CLOSED_BY_ASOF} AND {_REPORT_LATE}), 0)
        FROM supervision_items s WHERE {BULLETIN_SCOPE} GROUP BY s.lead_department""", params).fetchall()
    lines = [DepartmentLine(d, n, a, b, c, n - a - b - c, r) for d, n, a, b, c, r in rows]
    lines.sort(key=_worst_first)
    total = DepartmentLine("合计", *(sum(getattr(x, k) for x in lines)
                                   for k in ("total", "on_time", "late", "overdue", "in_progress", "report_late")))
    fmt = number_format_raw(conn, "supervision")
    overdue = [
        OverdueLine(id_, number_text(fmt, year, seq, part), task, dept, person, leader,
                    dt.date.fromisoformat(deadline) if deadline else None, dt.date.fromisoformat(due),
                    (as_of - dt.date.fromisoformat(due)).days)
        for id_, year, seq, part, task, dept, person, leader, deadline, due in conn.execute(f"""
            SELECT s.id, s.year, s.seq, s.part, s.task, s.lead_department, s.responsible, s.assigned_by,
                   s.deadline, s.due_on
            FROM supervision_items s WHERE {BULLETIN_SCOPE} AND ({BULLETIN_PARTS["overdue"]})
            ORDER BY s.due_on, s.year, s.seq, s.part""", params)
    ]
    return Bulletin(date_from, date_to, as_of, lines, total, overdue)
