"""The roster's cells as stored, read as Slots; the conflicts of a cell (derived, never stored)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DutyAssignment, DutyShift
from desktop.services import workcal

from .model import Slot
from .period import ShiftDef, is_festival
from .setup import pools, unavailability


@dataclass(frozen=True)
class Held:
    slot: Slot
    staff_id: int
    locked: bool


def all_shifts(session: Session) -> dict[int, ShiftDef]:
    """Every shift, retired ones too (old cells keep theirs)."""
    return {s.id: ShiftDef(s.id, s.name, s.day_kind, s.start, s.end, s.overnight, s.night, s.sort_order)
            for s in session.scalars(select(DutyShift))}


def slot_of(day: dt.date, shift: ShiftDef, role_id: int) -> Slot:
    return Slot(day, shift.id, role_id, shift.night, not workcal.is_workday(day), is_festival(day))


def held_between(session: Session, start: dt.date, end: dt.date,
                 shifts: dict[int, ShiftDef] | None = None) -> list[Held]:
    shifts = shifts or all_shifts(session)
    rows = session.execute(select(DutyAssignment.day, DutyAssignment.shift_id, DutyAssignment.role_id,
                                  DutyAssignment.staff_id, DutyAssignment.locked)
                           .where(DutyAssignment.day.between(start, end))
                           .order_by(DutyAssignment.day, DutyAssignment.shift_id, DutyAssignment.role_id))
    return [Held(slot_of(day, shifts[sid], rid), staff, bool(locked)) for day, sid, rid, staff, locked in rows]


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def conflicts(session: Session, slot: Slot, staff_id: int, ignore: frozenset[tuple] = frozenset(),
              names: dict[int, str] | None = None) -> list[str]:
    """Why ``staff_id`` should not hold ``slot`` (Chinese, one line each); [] if nothing.
    ``ignore``: cells to leave out (those a swap is about to change)."""
    out: list[str] = []
    span = pools(session).get(slot.role_id, {}).get(staff_id)
    if span is None or (span[0] and slot.day < span[0]) or (span[1] and slot.day > span[1]):
        out.append(f"{_md(slot.day)}不在该值班角色的人员名单内")
    for a, b, reason in unavailability(session, slot.day, slot.day).get(staff_id, ()):
        out.append(f"{_md(slot.day)}{reason or '不能值班'}（{_md(a)}—{_md(b)}）")
    shifts = all_shifts(session)
    near = held_between(session, slot.day - dt.timedelta(days=1), slot.day + dt.timedelta(days=1), shifts)
    for h in near:
        if h.staff_id != staff_id or h.slot.cell == slot.cell or h.slot.cell in ignore:
            continue
        if h.slot.day == slot.day:
            out.append(f"{_md(slot.day)}已排{shifts[h.slot.shift_id].name}，每人每天只值一班")
        elif slot.night and h.slot.night:
            out.append(f"{_md(h.slot.day)}已值夜班，不能连续两个夜班")
    return out
