"""督办 statistics: per department, items closed on time, closed late and overdue.

Whether an item is on time or overdue is decided in one place, deadline_sql(): today the
stored 办理时限. The 督办 issue adds approved extensions (延期); the deadline an item is
judged by then changes there, and every figure, table and chart follows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.services.numbering import number_format_raw
from desktop.services.stats.periods import Period
from desktop.services.stats.sql import conn_of


def deadline_sql(alias: str = "s") -> str:
    """The deadline an item is judged by, as SQL over supervision_items ``alias``."""
    return f"{alias}.deadline"


def _on_time(alias: str = "s") -> str:
    """Closed no later than its deadline (an item without one is on time when closed)."""
    return f"({deadline_sql(alias)} IS NULL OR {alias}.closed_on <= {deadline_sql(alias)})"


def _overdue_at(alias: str = "s") -> str:
    """Open at the end of day ? and past its deadline then (one parameter used three times)."""
    return (f"({alias}.assigned_on <= :asof AND {deadline_sql(alias)} < :asof "
            f"AND ({alias}.closed_on IS NULL OR {alias}.closed_on > :asof))")


@dataclass(frozen=True)
class DepartmentRow:
    department: str
    assigned: int  # 交办 in the period
    closed: int  # 办结 in the period
    on_time: int  # of those, within the deadline
    overdue: int  # open and past the deadline at the period's end (or today)

    @property
    def late(self) -> int:
        return self.closed - self.on_time

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.closed * 100 if self.closed else None


_BY_DEPARTMENT = f"""
SELECT s.lead_department AS dept,
       sum(s.assigned_on >= :start AND s.assigned_on <= :end),
       sum(s.closed_on >= :start AND s.closed_on <= :end),
       sum(s.closed_on >= :start AND s.closed_on <= :end AND {_on_time()}),
       sum({_overdue_at()})
FROM supervision_items s
WHERE (s.assigned_on <= :end AND (s.closed_on IS NULL OR s.closed_on >= :start)) OR {_overdue_at()}
GROUP BY dept
"""


def _params(period: Period, today: dt.date) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(),
            "asof": period.as_of(today).isoformat()}


def by_department(db: Any, period: Period, today: dt.date) -> list[DepartmentRow]:
    """Departments with any item in the period, most overdue first, then most items."""
    rows = [DepartmentRow(dept or "（未指定）", a or 0, c or 0, o or 0, od or 0)
            for dept, a, c, o, od in conn_of(db).execute(_BY_DEPARTMENT, _params(period, today))]
    rows = [r for r in rows if r.assigned or r.closed or r.overdue]
    return sorted(rows, key=lambda r: (-r.overdue, -(r.assigned + r.closed), r.department))


@dataclass(frozen=True)
class Totals:
    closed: int
    on_time: int
    overdue: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.closed * 100 if self.closed else None


def totals(db: Any, period: Period, today: dt.date) -> Totals:
    sql = (f"SELECT sum(s.closed_on >= :start AND s.closed_on <= :end), "
           f"sum(s.closed_on >= :start AND s.closed_on <= :end AND {_on_time()}), "
           f"sum({_overdue_at()}) FROM supervision_items s")
    closed, on_time, overdue = conn_of(db).execute(sql, _params(period, today)).fetchone()
    return Totals(closed or 0, on_time or 0, overdue or 0)


@dataclass(frozen=True)
class OverdueItem:
    number: str
    task: str
    department: str
    deadline: dt.date
    days_over: int  # calendar days past the deadline at the period's end (or today)


def overdue_items(db: Any, period: Period, today: dt.date) -> list[OverdueItem]:
    """The items overdue at the period's end (or today), longest overdue first."""
    conn = conn_of(db)
    fmt = number_format_raw(conn, "supervision")
    asof = period.as_of(today)
    sql = (f"SELECT s.year, s.seq, s.task, s.lead_department, {deadline_sql()} FROM supervision_items s "
           f"WHERE {_overdue_at()} ORDER BY {deadline_sql()}, s.year, s.seq")
    out = []
    for year, seq, task, dept, deadline in conn.execute(sql, {"asof": asof.isoformat()}):
        due = dt.date.fromisoformat(deadline)
        out.append(OverdueItem(fmt.format(year, seq), task, dept or "（未指定）", due, (asof - due).days))
    return out
