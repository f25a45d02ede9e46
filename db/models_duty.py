"""值班 (the administrative duty roster) and the office's own calendar entries.

Records are kept per fact (a role, a person's eligibility, a leave, a shift, a cell of the
roster, a swap, a log entry) so the tamper-evident history logs each on its own. Counts
and conflicts are derived (desktop.services.duty), never stored.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, _now

_EMPTY = text("''")


def _text(length: int | None = None) -> Mapped[str]:
    return mapped_column(String(length) if length else Text, default="", server_default=_EMPTY)


class CalendarOverride(Base):
    """A day the office entered itself (from the State Council's notice): 放假 or 上班.

    kind: holiday / workday. Consulted before chinesecalendar (services.workcal), so a
    year the package does not cover yet can be entered, and a wrong day corrected.
    """

    __tablename__ = "calendar_overrides"
    __table_args__ = (CheckConstraint("kind IN ('holiday', 'workday')", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = _text(20)  # 春节, 国庆节 … (a make-up workday: the holiday it serves)


class DutyRole(Base):
    """值班角色: 带班领导, 总值班, and any the office adds."""

    __tablename__ = "duty_roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("1"))


class DutyEligibility(Base):
    """A person in a role's pool from ``start`` to ``end`` (inclusive; None = open)."""

    __tablename__ = "duty_eligibility"
    __table_args__ = (Index("ix_duty_eligibility_role_staff", "role_id", "staff_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("duty_roles.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)


class DutyUnavailability(Base):
    """A person cannot be on duty from ``start`` to ``end`` (inclusive): leave, training, a trip."""

    __tablename__ = "duty_unavailability"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = _text(100)  # 休假 / 培训 / 出差 …


class DutyShift(Base):
    """A shift on days of ``day_kind`` (workday / restday / any). ``start``/``end`` as HH:MM;
    ``overnight``: ends the next morning; ``night``: counts for the two-nights rule."""

    __tablename__ = "duty_shifts"
    __table_args__ = (CheckConstraint("day_kind IN ('workday', 'restday', 'any')", name="day_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    day_kind: Mapped[str] = mapped_column(String(10))
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    overnight: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    night: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("1"))


class DutyAssignment(Base):
    """One cell of the roster: who holds ``role`` on ``shift`` of ``day``; ``locked`` cells are
    kept by regeneration."""

    __tablename__ = "duty_assignments"
    __table_args__ = (
        UniqueConstraint("day", "shift_id", "role_id", name="cell"),
        Index("ix_duty_assignments_staff_day", "staff_id", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    shift_id: Mapped[int] = mapped_column(ForeignKey("duty_shifts.id"))
    role_id: Mapped[int] = mapped_column(ForeignKey("duty_roles.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))


class DutySwap(Base):
    """换班: two people exchanged two cells of one role; kept as history after the roster changed."""

    __tablename__ = "duty_swaps"
    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("duty_roles.id"))
    first_day: Mapped[dt.date] = mapped_column(Date, index=True)
    first_shift_id: Mapped[int] = mapped_column(ForeignKey("duty_shifts.id"))
    first_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))  # held the first cell before
    second_day: Mapped[dt.date] = mapped_column(Date)
    second_shift_id: Mapped[int] = mapped_column(ForeignKey("duty_shifts.id"))
    second_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    reason: Mapped[str] = _text(200)
    approved_by: Mapped[str] = mapped_column(String(50))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    recorded_by: Mapped[str] = _text(50)


class DutyLogEntry(Base):
    """值班日志 / 交接班记录: what happened on a shift, what was done, to whom it was reported
    and to whom the shift was handed over."""

    __tablename__ = "duty_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("duty_shifts.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)  # when it happened
    event: Mapped[str] = mapped_column(Text)  # 情况
    action: Mapped[str] = _text()  # 处置
    reported_to: Mapped[str] = _text(50)  # 报告
    handed_to: Mapped[str] = _text(50)  # 交班给
    written_by: Mapped[str] = _text(50)
