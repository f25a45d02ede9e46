"""Changing the roster by hand: a cell set, cleared or locked, and 换班 (swaps) with approval.

A cell set by hand is locked, so regenerating the rest keeps the office's decision. A
conflict (leave, two nights in a row, not in the pool, two shifts a day) refuses the
change with the reasons in Chinese, unless ``force``: the office may know better (an
approved exception), and the grid keeps showing the conflict.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DutyAssignment, DutyShift, DutySwap, Staff
from desktop.services import clock
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.users import principal_of, require

from .cells import all_shifts, conflicts, slot_of


class ConflictError(ServiceError):
    """The change breaks a rule; ``reasons`` one line each (the message joins them)."""

    def __init__(self, who: str, reasons: list[str]) -> None:
        super().__init__(f"{who}：{'；'.join(reasons)}。")
        self.reasons = reasons


def _cell(session: Session, day: dt.date, shift_id: int, role_id: int) -> DutyAssignment | None:
    return session.scalar(select(DutyAssignment).where(
        DutyAssignment.day == day, DutyAssignment.shift_id == shift_id, DutyAssignment.role_id == role_id))


def _name(session: Session, staff_id: int) -> str:
    name = session.scalar(select(Staff.name).where(Staff.id == staff_id))
    if name is None:
        raise NotFoundError("人员不存在。")
    return name


def set_cell(session: Session, day: dt.date, shift_id: int, role_id: int, staff_id: int, *,
             force: bool = False) -> list[str]:
    """Put ``staff_id`` on the cell and lock it; the conflicts accepted (with ``force``)."""
    require(session, "edit")
    shift = all_shifts(session).get(shift_id)
    if shift is None:
        raise NotFoundError("班次不存在。")
    found = conflicts(session, slot_of(day, shift, role_id), staff_id)
    if found and not force:
        raise ConflictError(_name(session, staff_id), found)
    row = _cell(session, day, shift_id, role_id)
    if row is None:
        session.add(DutyAssignment(day=day, shift_id=shift_id, role_id=role_id, staff_id=staff_id, locked=True))
    else:
        row.staff_id, row.locked = staff_id, True
    session.flush()
    return found


def clear_cell(session: Session, day: dt.date, shift_id: int, role_id: int) -> None:
    require(session, "edit")
    row = _cell(session, day, shift_id, role_id)
    if row is not None:
        session.delete(row)
        session.flush()


def set_locked(session: Session, day: dt.date, shift_id: int, role_id: int, locked: bool) -> None:
    require(session, "edit")
    row = _cell(session, day, shift_id, role_id)
    if row is None:
        raise ServiceError("这个班次还没有排人，不能锁定。")
    row.locked = locked
    session.flush()


@dataclass(frozen=True)
class SwapRow:
    id: int
    at: dt.datetime
    role_id: int
    first: str  # "1月3日 夜班 张三"
    second: str
    reason: str
    approved_by: str
    recorded_by: str


def swap(session: Session, role_id: int, first: tuple[dt.date, int], second: tuple[dt.date, int],
         reason: str, approved_by: str) -> int:
    """换班: the holders of two cells of one role exchange them; both cells end up locked."""
    require(session, "edit")
    if not approved_by.strip():
        raise ServiceError("请填写批准人。", field="approved_by")
    a, b = _cell(session, *first, role_id), _cell(session, *second, role_id)
    if a is None or b is None:
        raise ServiceError("换班的两个班次都必须已排人。")
    if a.staff_id == b.staff_id:
        raise ServiceError("两个班次是同一个人，无需换班。")
    shifts = all_shifts(session)
    ignore = frozenset({(a.day, a.shift_id, role_id), (b.day, b.shift_id, role_id)})
    for row, person in ((a, b.staff_id), (b, a.staff_id)):
        found = conflicts(session, slot_of(row.day, shifts[row.shift_id], role_id), person, ignore)
        if found:
            raise ConflictError(_name(session, person), found)
    session.add(DutySwap(role_id=role_id, first_day=a.day, first_shift_id=a.shift_id, first_staff_id=a.staff_id,
                         second_day=b.day, second_shift_id=b.shift_id, second_staff_id=b.staff_id,
                         reason=reason.strip()[:200], approved_by=approved_by.strip()[:50], at=clock.now(),
                         recorded_by=principal_of(session).name))
    a.staff_id, b.staff_id = b.staff_id, a.staff_id
    a.locked = b.locked = True
    session.flush()
    return a.id


def swaps(session: Session, start: dt.date, end: dt.date) -> list[SwapRow]:
    """The swaps touching ``start``…``end``, newest first."""
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    shift_names = dict(session.execute(select(DutyShift.id, DutyShift.name)).all())
    rows = session.scalars(select(DutySwap).where(
        ((DutySwap.first_day >= start) & (DutySwap.first_day <= end))
        | ((DutySwap.second_day >= start) & (DutySwap.second_day <= end))).order_by(DutySwap.at.desc(), DutySwap.id))

    def cell(day: dt.date, shift: int, staff: int) -> str:
        return f"{day.month}月{day.day}日 {shift_names.get(shift, '')} {names.get(staff, '')}"

    return [SwapRow(s.id, s.at, s.role_id, cell(s.first_day, s.first_shift_id, s.first_staff_id),
                    cell(s.second_day, s.second_shift_id, s.second_staff_id), s.reason, s.approved_by,
                    s.recorded_by) for s in rows]
