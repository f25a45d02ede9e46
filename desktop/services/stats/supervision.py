"""督办 statistics for the charts, the key figures and the monthly report.

They are the 督办通报's figures (services.supervision.bulletin), read for the chart's
period: the same items (open at some time in the period, not 撤销, a split item as its
sub-items), judged against the same effective deadline (an approved 延期, else the
original), with the same 按期率. So the 图表 tab, the 月报 and the 督办通报 printed for the
same month never disagree — they once did, on five counts. Each figure carries the
register filter that lists its items (``drill``): the 督办 tab shows exactly them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.services.stats.cache import remembered
from desktop.services.stats.periods import Period
from desktop.services.supervision.bulletin import (
    RATE_RULE,
    Bulletin,
    DepartmentLine,
    build_bulletin,
)
from desktop.services.supervision.query import SupervisionFilter

__all__ = ["RATE_RULE", "DepartmentRow", "OverdueItem", "Totals", "by_department", "drill", "overdue_items",
           "totals"]
UNNAMED = "（未指定）"


def drill(period: Period, today: dt.date, part: str, department: str = "") -> SupervisionFilter:
    """The 督办 register's filter listing the items behind a figure: the 通报's items of the
    period (query.BULLETIN_PARTS ``part``: overdue, due …) of ``department`` ("" all)."""
    return SupervisionFilter(department=department, leaves_only=True, today=today,
                             bulletin_period=(period.start, period.end), bulletin_part=part)


@dataclass(frozen=True)
class DepartmentRow:
    department: str
    total: int  # items of the period (the 督办通报's 督办事项)
    on_time: int  # 按期办结 by the period's end (or today)
    late: int  # 逾期办结
    overdue: int  # 逾期未办结
    in_progress: int  # not closed and not yet due
    overdue_drill: SupervisionFilter | None = None  # lists the ``overdue`` items
    due_drill: SupervisionFilter | None = None  # lists the 按期率's base (on time, late, overdue)

    @property
    def closed(self) -> int:
        return self.on_time + self.late

    @property
    def due(self) -> int:
        """Due or done: what the 按期率 is taken of."""
        return self.on_time + self.late + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """按期率 in per cent (RATE_RULE); None when nothing was due or done yet."""
        return self.on_time / self.due * 100 if self.due else None


def _bulletin(db: Any, period: Period, today: dt.date) -> Bulletin:
    """The period's 通报, built once until the database changes: the key figures (this
    period and the previous one) and the chart by 科室 read the same one."""
    return remembered(db, ("supervision.bulletin", period, today),
                      lambda: build_bulletin(db, period.start, period.end, today))


def by_department(db: Any, period: Period, today: dt.date) -> list[DepartmentRow]:
    """Departments with items in the period, worst 按期率 first (as the 督办通报 lists them).
    An item without a 主办科室 has no register filter of its own: its row opens nothing."""
    def row(line: DepartmentLine) -> DepartmentRow:
        dept = line.department
        return DepartmentRow(dept or UNNAMED, line.total, line.on_time, line.late, line.overdue, line.in_progress,
                             drill(period, today, "overdue", dept) if dept else None,
                             drill(period, today, "due", dept) if dept else None)

    return [row(line) for line in _bulletin(db, period, today).departments]


@dataclass(frozen=True)
class Totals:
    on_time: int
    late: int
    overdue: int

    @property
    def closed(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        due = self.on_time + self.late + self.overdue
        return self.on_time / due * 100 if due else None


def totals(db: Any, period: Period, today: dt.date) -> Totals:
    total = _bulletin(db, period, today).total
    return Totals(total.on_time, total.late, total.overdue)


@dataclass(frozen=True)
class OverdueItem:
    number: str
    task: str
    department: str
    deadline: dt.date  # the effective one (an approved 延期, else the original)
    days_over: int  # calendar days past it at the period's end (or today)


def overdue_items(db: Any, period: Period, today: dt.date) -> list[OverdueItem]:
    """The items overdue at the period's end (or today), longest overdue first."""
    return [OverdueItem(o.number, o.task, o.department or UNNAMED, o.due_on, o.days_overdue)
            for o in _bulletin(db, period, today).overdue]
