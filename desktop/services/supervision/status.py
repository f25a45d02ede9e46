"""Where a 督办事项 stands: derived from what was recorded and today's date, never typed.

Two layers, as 收文 and 发文 have:

* the **stage** (``step``), date-free and cached on the row by records.save so the
  register filters it in SQL: 进行中, 待审结 (办结 reported, the office has not yet
  accepted it), 已办结（按期）, 已办结（逾期）, 已撤销;
* the **status** users read, which adds today: an open item is 逾期 once its effective
  deadline has passed, 临期 when it falls within N working days (default 3, the setting
  ``supervision.due_soon_workdays``), else 进行中.

The effective deadline is the last approved extension's new date, else the original
办理时限: a refused or pending request changes nothing, and on-time/late is judged
against it. Marks beside the status: 已退回 (sent back at 审结, not reported done again),
已延期, 待审批延期, 进展逾期 (a report cycle is set and no report came in time).
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.services import workcal

if TYPE_CHECKING:
    from db.models import SupervisionItem

# stages (the cached step)
OPEN = "进行中"
AWAIT_REVIEW = "待审结"
CLOSED_ON_TIME = "已办结（按期）"
CLOSED_LATE = "已办结（逾期）"
CANCELLED = "已撤销"
STAGES = (OPEN, AWAIT_REVIEW, CLOSED_ON_TIME, CLOSED_LATE, CANCELLED)
CLOSED_STAGES = (CLOSED_ON_TIME, CLOSED_LATE)

# statuses an open item adds
DUE_SOON = "临期"
OVERDUE = "逾期"
STATUSES = (OVERDUE, DUE_SOON, OPEN, AWAIT_REVIEW, CLOSED_ON_TIME, CLOSED_LATE, CANCELLED)
CLOSED = "已办结"  # filter: both closed stages
UNFINISHED = "未办结"  # filter: 进行中 + 临期 + 逾期 + 待审结
IN_WORK = "进行中（含临期、逾期）"  # filter: the open stage whatever the date (the dashboard's 进行中)

# marks
RETURNED = "已退回"
EXTENDED = "已延期"
EXTENSION_PENDING = "待审批延期"
REPORT_LATE = "进展逾期"

FILTER_CHOICES = (UNFINISHED, IN_WORK, OVERDUE, DUE_SOON, OPEN, REPORT_LATE, AWAIT_REVIEW, CLOSED, CLOSED_ON_TIME,
                  CLOSED_LATE, CANCELLED)

DUE_SOON_SETTING = "supervision.due_soon_workdays"
DEFAULT_DUE_SOON = 3

APPROVED, REFUSED = "批准", "驳回"
REPORT_CYCLES = {"": 0, "每周": 7, "每两周": 14, "每月": 30}  # days between 进展 reports


def effective_deadline(item: SupervisionItem) -> dt.date | None:
    """The last approved extension's date, else the original 办理时限."""
    approved = [e for e in item.extensions if e.decision == APPROVED]
    if approved:
        return max(approved, key=lambda e: (e.decided_at or dt.datetime.min, e.id)).new_deadline
    return item.deadline


def derive_step(item: SupervisionItem) -> str:
    """The date-free stage; the same rule as STAGE_SQL below. Uses the due_on cache,
    which the workflow refreshes first (refresh_due)."""
    if item.cancelled_at is not None:
        return CANCELLED
    if item.closed_on is not None:
        if item.accepted_at is None:
            return AWAIT_REVIEW
        if item.due_on is not None and item.closed_on > item.due_on:
            return CLOSED_LATE
        return CLOSED_ON_TIME
    return OPEN


def refresh_due(item: SupervisionItem) -> None:
    """Both date caches (date-free, so no daily refresh is needed: "late" is compared
    with today in SQL): the effective deadline and the day the next 进展 is due."""
    item.due_on = effective_deadline(item)
    item.report_due_on = report_due(item)


def soon_horizon(today: dt.date, soon_days: int = DEFAULT_DUE_SOON) -> dt.date:
    """The last day that is still 临期: today plus N working days."""
    return workcal.add_workdays(today, max(0, soon_days))


def status_of(step: str, due_on: dt.date | None, today: dt.date, soon_days: int = DEFAULT_DUE_SOON) -> str:
    """The status from the stage and the effective deadline (what STATUS_SQL computes)."""
    if step != OPEN or due_on is None:
        return step
    if due_on < today:
        return OVERDUE
    if due_on <= soon_horizon(today, soon_days):
        return DUE_SOON
    return OPEN


def derive_status(item: SupervisionItem, today: dt.date, soon_days: int = DEFAULT_DUE_SOON) -> str:
    return status_of(derive_step(item), effective_deadline(item), today, soon_days)


def days_overdue(due_on: dt.date | None, today: dt.date, closed_on: dt.date | None = None) -> int:
    """Calendar days past the effective deadline (at closing, or today while open); 0 if not late."""
    if due_on is None:
        return 0
    end = closed_on or today
    return max(0, (end - due_on).days)


def report_due(item: SupervisionItem) -> dt.date | None:
    """The day the next 进展 report is due, when a report cycle is set."""
    days = REPORT_CYCLES.get(item.report_cycle or "", 0)
    if not days:
        return None
    last = max((r.reported_on for r in item.reports), default=item.assigned_on)
    return last + dt.timedelta(days=days)


def derive_marks(item: SupervisionItem, today: dt.date) -> tuple[str, ...]:
    marks: list[str] = []
    if item.cancelled_at is not None:
        return ()
    if item.returned_at is not None and item.closed_on is None:
        marks.append(RETURNED)
    if any(e.decision == APPROVED for e in item.extensions):
        marks.append(EXTENDED)
    if any(e.decision == "" for e in item.extensions):
        marks.append(EXTENSION_PENDING)
    due = report_due(item)
    if item.closed_on is None and due is not None and due < today:  # as report_due_on in SQL
        marks.append(REPORT_LATE)
    return tuple(marks)


# --- the same rules in SQL (over supervision_items aliased ``s``) ----------------------------

STAGE_SQL = f"""CASE
  WHEN cancelled_at IS NOT NULL THEN '{CANCELLED}'
  WHEN closed_on IS NOT NULL AND accepted_at IS NULL THEN '{AWAIT_REVIEW}'
  WHEN closed_on IS NOT NULL AND due_on IS NOT NULL AND closed_on > due_on THEN '{CLOSED_LATE}'
  WHEN closed_on IS NOT NULL THEN '{CLOSED_ON_TIME}'
  ELSE '{OPEN}'
END"""
RESTAGE_SQL = f"UPDATE supervision_items SET step = {STAGE_SQL}"

# parameters: :today, :soon (ISO dates)
STATUS_SQL = f"""CASE
  WHEN s.step = '{OPEN}' AND s.due_on < :today THEN '{OVERDUE}'
  WHEN s.step = '{OPEN}' AND s.due_on <= :soon THEN '{DUE_SOON}'
  ELSE s.step
END"""


def status_where(status: str) -> str:
    """A WHERE condition (over ``s``, params :today/:soon) for a FILTER_CHOICES entry."""
    if status == OVERDUE:
        return f"s.step = '{OPEN}' AND s.due_on < :today"
    if status == DUE_SOON:
        return f"s.step = '{OPEN}' AND s.due_on >= :today AND s.due_on <= :soon"
    if status == OPEN:
        return f"s.step = '{OPEN}' AND (s.due_on IS NULL OR s.due_on > :soon)"
    if status == IN_WORK:
        return f"s.step = '{OPEN}'"
    if status == REPORT_LATE:
        return f"s.step = '{OPEN}' AND s.report_due_on < :today"
    if status == CLOSED:
        return f"s.step IN ('{CLOSED_ON_TIME}', '{CLOSED_LATE}')"
    if status == UNFINISHED:
        return f"s.step IN ('{OPEN}', '{AWAIT_REVIEW}')"
    if status in STAGES:
        return f"s.step = '{status}'"
    raise ValueError(status)
