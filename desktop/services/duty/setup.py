"""Roles, pools (who may take which role, from when to when), leave, and the shifts."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Department, DutyEligibility, DutyRole, DutyShift, DutyUnavailability, Staff
from desktop.services.errors import ServiceError
from desktop.services.users import require

from .period import ShiftDef

DEFAULT_ROLES = ("带班领导", "总值班")
# name, day kind, start, end, overnight, night: a hospital's 行政总值班 (the 24-hour shift
# is there but off; use_shift_preset("24h") switches to it)
DEFAULT_SHIFTS = (
    ("午班", "workday", "12:00", "14:00", False, False, True),
    ("夜班", "workday", "18:00", "08:00", True, True, True),
    ("白班", "restday", "08:00", "18:00", False, False, True),
    ("夜班", "restday", "18:00", "08:00", True, True, True),
    ("全天", "any", "08:00", "08:00", True, True, False),
)


def ensure_defaults(session: Session) -> None:
    """Put in the default roles and shifts if there are none yet (first use of the roster).
    Every writer here calls it; the tab calls it once when it opens (through ops)."""
    if session.scalar(select(DutyRole.id).limit(1)) is None:
        session.add_all(DutyRole(name=n, sort_order=i) for i, n in enumerate(DEFAULT_ROLES, start=1))
    if session.scalar(select(DutyShift.id).limit(1)) is None:
        session.add_all(DutyShift(name=n, day_kind=k, start=a, end=b, overnight=o, night=ni, sort_order=i,
                                  active=on)
                        for i, (n, k, a, b, o, ni, on) in enumerate(DEFAULT_SHIFTS, start=1))
    session.flush()


@dataclass(frozen=True)
class Role:
    id: int
    name: str


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    department: str
    phone: str


def roles(session: Session) -> list[Role]:
    rows = session.execute(select(DutyRole.id, DutyRole.name).where(DutyRole.active)
                           .order_by(DutyRole.sort_order, DutyRole.id))
    return [Role(i, n) for i, n in rows]


def add_role(session: Session, name: str) -> int:
    require(session, "edit")
    ensure_defaults(session)
    name = name.strip()
    if not name or len(name) > 20:
        raise ServiceError("请填写值班角色名称（不超过20字）。", field="name")
    if session.scalar(select(DutyRole.id).where(DutyRole.name == name)) is not None:
        raise ServiceError(f"值班角色“{name}”已存在。", field="name")
    order = (session.scalar(select(DutyRole.sort_order).order_by(DutyRole.sort_order.desc()).limit(1)) or 0) + 1
    role = DutyRole(name=name, sort_order=order)
    session.add(role)
    session.flush()
    return role.id


def shifts(session: Session) -> list[ShiftDef]:
    rows = session.scalars(select(DutyShift).where(DutyShift.active).order_by(DutyShift.sort_order, DutyShift.id))
    return [ShiftDef(s.id, s.name, s.day_kind, s.start, s.end, s.overnight, s.night, s.sort_order) for s in rows]


def use_shift_preset(session: Session, preset: str) -> None:
    """``two``: the default day + night shifts; ``24h``: one 24-hour shift every day."""
    require(session, "edit")
    ensure_defaults(session)
    if preset not in ("two", "24h"):
        raise ServiceError("班次方案只能是“两班”或“24小时一班”。")
    whole = DutyShift.day_kind == "any"
    session.execute(update(DutyShift).values(active=whole if preset == "24h" else ~whole)
                    .execution_options(synchronize_session="fetch"))


def people(session: Session, ids: set[int] | None = None) -> dict[int, Person]:
    stmt = select(Staff.id, Staff.name, Department.name, Staff.phone).outerjoin(Department)
    if ids is not None:
        stmt = stmt.where(Staff.id.in_(ids))
    return {i: Person(i, n, d or "", p) for i, n, d, p in session.execute(stmt)}


def add_to_pool(session: Session, role_id: int, staff_id: int, start: dt.date | None = None,
                end: dt.date | None = None) -> int:
    """A person joins a role's pool on ``start`` (None: always) until ``end`` (None: open)."""
    require(session, "edit")
    ensure_defaults(session)
    if start and end and end < start:
        raise ServiceError("退出日期早于加入日期。", field="end")
    row = DutyEligibility(role_id=role_id, staff_id=staff_id, start=start, end=end)
    session.add(row)
    session.flush()
    return row.id


def leave_pool(session: Session, role_id: int, staff_id: int, last_day: dt.date) -> None:
    """The person is in the pool until ``last_day`` inclusive."""
    require(session, "edit")
    for row in session.scalars(select(DutyEligibility).where(
            DutyEligibility.role_id == role_id, DutyEligibility.staff_id == staff_id)):
        if row.end is None or row.end > last_day:
            row.end = last_day


def seed_pools_from_directory(session: Session, start: dt.date | None = None) -> int:
    """Everyone whose directory roles name a duty role (带班领导, 总值班) joins its pool; how many."""
    require(session, "edit")
    ensure_defaults(session)
    have = set(session.execute(select(DutyEligibility.role_id, DutyEligibility.staff_id)).all())
    added = 0
    for role in roles(session):
        for sid, tags in session.execute(select(Staff.id, Staff.roles).where(Staff.active)):
            if role.name in (tags or "").split(",") and (role.id, sid) not in have:
                session.add(DutyEligibility(role_id=role.id, staff_id=sid, start=start))
                added += 1
    return added


def add_unavailability(session: Session, staff_id: int, start: dt.date, end: dt.date, reason: str) -> int:
    require(session, "edit")
    if end < start:
        raise ServiceError("结束日期早于开始日期。", field="end")
    row = DutyUnavailability(staff_id=staff_id, start=start, end=end, reason=reason.strip()[:100])
    session.add(row)
    session.flush()
    return row.id


def remove_unavailability(session: Session, row_id: int) -> None:
    require(session, "edit")
    row = session.get(DutyUnavailability, row_id)
    if row is not None:
        session.delete(row)


def pools(session: Session) -> dict[int, dict[int, tuple[dt.date | None, dt.date | None]]]:
    """role id -> person -> (first day, last day) for active people. Several rows of one person
    join into one span from the earliest start to the latest end."""
    out: dict[int, dict[int, tuple[dt.date | None, dt.date | None]]] = {}
    rows = session.execute(select(DutyEligibility.role_id, DutyEligibility.staff_id, DutyEligibility.start,
                                  DutyEligibility.end).join(Staff).where(Staff.active))
    for role, person, start, end in rows:
        members = out.setdefault(role, {})
        if person in members:
            a, b = members[person]
            start = None if a is None or start is None else min(a, start)
            end = None if b is None or end is None else max(b, end)
        members[person] = (start, end)
    return out


def unavailability(session: Session, start: dt.date, end: dt.date) -> dict[int, list[tuple[dt.date, dt.date, str]]]:
    out: dict[int, list[tuple[dt.date, dt.date, str]]] = {}
    rows = session.execute(select(DutyUnavailability.staff_id, DutyUnavailability.start, DutyUnavailability.end,
                                  DutyUnavailability.reason)
                           .where(DutyUnavailability.start <= end, DutyUnavailability.end >= start)
                           .order_by(DutyUnavailability.start, DutyUnavailability.id))
    for person, a, b, reason in rows:
        out.setdefault(person, []).append((a, b, reason))
    return out
