"""What the 值班 tab and the posted roster show: the month grid, per-person counts (this
month and over the rolling window), and who is on duty now. Plain data, no ORM objects."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.services import workcal

from .cells import Around, all_shifts, conflicts, held_between
from .model import Counts
from .period import ShiftDef, day_shifts, days, month_bounds
from .plan import WINDOW_DAYS, _counts
from .setup import Role, people, roles, shifts

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class GridCell:
    shift_id: int
    shift: str  # 夜班
    hours: str  # 18:00—次日08:00
    role_id: int
    role: str
    staff_id: int | None
    name: str
    department: str
    phone: str
    locked: bool
    conflicts: tuple[str, ...]  # leave, two nights in a row, not in the pool …


@dataclass(frozen=True)
class GridDay:
    day: dt.date
    weekday: str  # 一 … 日
    kind: str  # workcal.KIND_*: workday / rest / holiday / makeup
    kind_name: str  # 工作日 / 休息日 / 节假日 / 调休上班
    holiday: str  # 国庆节, or "" ; a make-up day: ""
    cells: tuple[GridCell, ...]  # the day's shifts × roles, in order


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    covered: bool  # False: the calendar does not know this month (flag it)
    roles: tuple[Role, ...]
    days: tuple[GridDay, ...]


def month_grid(session: Session, year: int, month: int) -> MonthGrid:
    first, last = month_bounds(year, month)
    role_list = roles(session)
    active = shifts(session)
    every = all_shifts(session)
    held = {h.slot.cell: h for h in held_between(session, first, last, every)}
    who = people(session, {h.staff_id for h in held.values()})
    around = Around.read(session, first, last)
    out: list[GridDay] = []
    for day in days(first, last):
        day_defs = _shifts_of(day, active, held, every)
        cells: list[GridCell] = []
        for shift in day_defs:
            for role in role_list:
                h = held.get((day, shift.id, role.id))
                p = who.get(h.staff_id) if h else None
                found = tuple(conflicts(session, h.slot, h.staff_id, around=around)) if h else ()
                cells.append(GridCell(shift.id, shift.name, shift.hours, role.id, role.name,
                                      h.staff_id if h else None, p.name if p else "", p.department if p else "",
                                      p.phone if p else "", bool(h and h.locked), found))
        kind = workcal.day_kind(day)
        out.append(GridDay(day, WEEKDAYS[day.weekday()], kind, workcal.KIND_NAMES[kind],
                           workcal.holiday_name(day) or "", tuple(cells)))
    return MonthGrid(year, month, workcal.covered(first), tuple(role_list), tuple(out))


def _shifts_of(day: dt.date, active: list[ShiftDef], held: dict, every: dict[int, ShiftDef]) -> list[ShiftDef]:
    """The day's shifts by the calendar, plus any retired shift a stored cell still holds."""
    mine = day_shifts(day, active)
    extra = {cell[1] for cell in held if cell[0] == day} - {s.id for s in mine}
    return sorted([*mine, *(every[i] for i in extra)], key=lambda s: (s.sort_order, s.id))


@dataclass(frozen=True)
class PersonCounts:
    role_id: int
    staff_id: int
    name: str
    department: str
    month: Counts
    rolling: Counts  # the rolling window (WINDOW_DAYS) up to the month's end


def person_counts(session: Session, year: int, month: int) -> list[PersonCounts]:
    """Everyone in a pool or on the roster this month, by role, with both counts."""
    from .setup import pools

    first, last = month_bounds(year, month)
    this, _s = _counts(held_between(session, first, last))
    window, _s = _counts(held_between(session, last - dt.timedelta(days=WINDOW_DAYS - 1), last))
    keys = set(this) | {(r, p) for r, m in pools(session).items() for p, (a, b) in m.items()
                        if (a is None or a <= last) and (b is None or b >= first)}
    who = people(session, {p for _r, p in keys})
    order = {r.id: i for i, r in enumerate(roles(session))}
    return [PersonCounts(r, p, who[p].name, who[p].department, this.get((r, p), Counts()),
                         window.get((r, p), Counts()))
            for r, p in sorted(keys, key=lambda k: (order.get(k[0], 99), who[k[1]].department, who[k[1]].name))]


@dataclass(frozen=True)
class OnDuty:
    role: str
    shift: str
    hours: str
    name: str
    phone: str
    now: bool  # the shift is running at the moment asked about


def on_duty(session: Session, moment: dt.datetime) -> list[OnDuty]:
    """Today's and tonight's people (for the status bar), with the one on duty now marked;
    before 08:00, last night's shift is still running and is listed first."""
    today = moment.date()
    every = all_shifts(session)
    held = held_between(session, today - dt.timedelta(days=1), today, every)
    who = people(session, {h.staff_id for h in held})
    role_names = {r.id: r.name for r in roles(session)}
    out: list[OnDuty] = []
    for h in held:
        s = every[h.slot.shift_id]
        begin = dt.datetime.combine(h.slot.day, dt.time.fromisoformat(s.start))
        finish = dt.datetime.combine(h.slot.day + dt.timedelta(days=s.overnight), dt.time.fromisoformat(s.end))
        if h.slot.day < today and finish <= moment:
            continue
        p = who[h.staff_id]
        out.append(OnDuty(role_names.get(h.slot.role_id, ""), s.name, s.hours, p.name, p.phone,
                          begin <= moment < finish))
    return out


def next_change(session: Session, moment: dt.datetime) -> dt.datetime:
    """The next time the people on duty change: a shift's start or end, or midnight (the
    status bar's 今日 turns into the next day), whichever comes first after ``moment``."""
    times = {dt.time.fromisoformat(t) for s in all_shifts(session).values() for t in (s.start, s.end)}
    times.add(dt.time(0, 0))
    today = moment.date()
    candidates = [dt.datetime.combine(today + dt.timedelta(days=k), t) for k in (0, 1) for t in times]
    return min(c for c in candidates if c > moment)
