"""What the 值班 tab's dialogs list: a cell's candidates (the role's pool with their counts
and, for each, why they should not take the cell), the pool and leave as rows, and the
leaders who may approve a swap. Plain data for the UI."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DutyEligibility, DutyUnavailability, Staff
from desktop.services import reference

from .cells import Around, all_shifts, conflicts, slot_of
from .grid import person_counts
from .model import Counts
from .setup import people


@dataclass(frozen=True)
class Candidate:
    staff_id: int
    name: str
    department: str
    month: Counts  # this month, in this role
    rolling: Counts  # the rolling window, in this role
    conflicts: tuple[str, ...]  # [] : may take the cell


def candidates(session: Session, day: dt.date, shift_id: int, role_id: int) -> list[Candidate]:
    """The role's pool for the cell's month, fewest duties this month first; those with a
    conflict last (they can still be chosen, with the office's confirmation)."""
    slot = slot_of(day, all_shifts(session)[shift_id], role_id)
    around = Around.read(session, day, day)  # once for the whole pool
    out = [Candidate(c.staff_id, c.name, c.department, c.month, c.rolling,
                     tuple(conflicts(session, slot, c.staff_id, around=around)))
           for c in person_counts(session, day.year, day.month) if c.role_id == role_id]
    return sorted(out, key=lambda c: (bool(c.conflicts), c.month.total, c.rolling.total, c.name))


@dataclass(frozen=True)
class PoolRow:
    id: int
    role_id: int
    staff_id: int
    name: str
    department: str
    start: dt.date | None
    end: dt.date | None


def pool_rows(session: Session, role_id: int) -> list[PoolRow]:
    who = people(session)
    rows = session.execute(select(DutyEligibility.id, DutyEligibility.staff_id, DutyEligibility.start,
                                  DutyEligibility.end).join(Staff)
                           .where(DutyEligibility.role_id == role_id, Staff.active))
    out = [PoolRow(i, role_id, s, who[s].name, who[s].department, a, b) for i, s, a, b in rows]
    return sorted(out, key=lambda r: (r.department, r.name, r.id))


@dataclass(frozen=True)
class LeaveRow:
    id: int
    staff_id: int
    name: str
    start: dt.date
    end: dt.date
    reason: str


def leave_rows(session: Session, since: dt.date) -> list[LeaveRow]:
    """Leave that ends on or after ``since``, by start."""
    who = people(session)
    rows = session.execute(select(DutyUnavailability.id, DutyUnavailability.staff_id, DutyUnavailability.start,
                                  DutyUnavailability.end, DutyUnavailability.reason)
                           .where(DutyUnavailability.end >= since)
                           .order_by(DutyUnavailability.start, DutyUnavailability.id))
    return [LeaveRow(i, s, who[s].name if s in who else "", a, b, r) for i, s, a, b, r in rows]


def directory_people(session: Session) -> list[tuple[int, str, str]]:
    """(id, name, department) of everyone active in the directory, to add to a pool."""
    active = set(session.scalars(select(Staff.id).where(Staff.active)))
    return sorted(((p.id, p.name, p.department) for p in people(session, active).values()),
                  key=lambda t: (t[2], t[1]))


def approvers(session: Session) -> list[str]:
    """Who may approve a swap: the directory's 院领导, then the 带班领导."""
    names = reference.staff_names(session, "院领导")
    return names + [n for n in reference.staff_names(session, "带班领导") if n not in names]
