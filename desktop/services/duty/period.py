"""Which cells a period has: each day's shifts by its kind in the one calendar (workcal)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from desktop.services import workcal

from .model import Slot

FESTIVALS = ("春节", "国庆节")  # the long holidays counted on their own


@dataclass(frozen=True)
class ShiftDef:
    id: int
    name: str
    day_kind: str  # workday / restday / any
    start: str = "08:00"
    end: str = "08:00"
    overnight: bool = False
    night: bool = False
    sort_order: int = 0

    def applies(self, workday: bool) -> bool:
        return self.day_kind == "any" or (self.day_kind == "workday") == workday

    @property
    def hours(self) -> str:
        return f"{self.start}—{'次日' if self.overnight else ''}{self.end}"


def days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    for i in range((end - start).days + 1):
        yield start + dt.timedelta(days=i)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def is_festival(day: dt.date) -> bool:
    """春节 or 国庆 (a 中秋 joined to 国庆 in October counts with it)."""
    name = workcal.holiday_name(day)
    return name in FESTIVALS or (name == "中秋节" and day.month == 10)


def day_shifts(day: dt.date, shifts: Sequence[ShiftDef]) -> list[ShiftDef]:
    work = workcal.is_workday(day)
    return sorted((s for s in shifts if s.applies(work)), key=lambda s: (s.sort_order, s.id))


def slots(start: dt.date, end: dt.date, shifts: Sequence[ShiftDef], roles: Sequence[int]) -> list[Slot]:
    """Every cell from ``start`` to ``end``: day × its shifts × roles, in that order."""
    out: list[Slot] = []
    for day in days(start, end):
        rest, festival = not workcal.is_workday(day), is_festival(day)
        for shift in day_shifts(day, shifts):
            out += [Slot(day, shift.id, role, shift.night, rest, festival) for role in roles]
    return out


# The default shifts as plain data (ids as a fresh database gives them), for the pure tests.
DEFAULT_SHIFT_DEFS = (
    ShiftDef(1, "午班", "workday", "12:00", "14:00", False, False, 1),
    ShiftDef(2, "夜班", "workday", "18:00", "08:00", True, True, 2),
    ShiftDef(3, "白班", "restday", "08:00", "18:00", False, False, 3),
    ShiftDef(4, "夜班", "restday", "18:00", "08:00", True, True, 4),
)
