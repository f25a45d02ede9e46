"""What the roster exports print, as plain data: a period's grid (a month or a holiday range
such as 2026-09-30…10-08) with its title, one calendar event per held shift (for .ics),
and the duty log of a period with who was on duty. No files here (desktop.reports)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DutyLogEntry, Staff
from desktop.services import workcal
from desktop.services.errors import ServiceError

from .cells import all_shifts, held_between
from .grid import GridDay, month_grid
from .log import entries
from .period import ShiftDef, month_bounds
from .setup import Role, people, roles

MAX_DAYS = 366  # a roster export is a month or a holiday; a year at most


def md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def period_text(start: dt.date, end: dt.date) -> str:
    """2026年10月 for a whole month, else 2026年9月30日至10月8日 (the year once if shared)."""
    if start.day == 1 and (start, end) == month_bounds(start.year, start.month):
        return f"{start.year}年{start.month}月"
    tail = md(end) if end.year == start.year else f"{end.year}年{md(end)}"
    return f"{start.year}年{md(start)}至{tail}"


@dataclass(frozen=True)
class RosterPeriod:
    start: dt.date
    end: dt.date
    holiday: str  # 国庆节 (the holidays the range covers, joined by 、); "" for a month
    holiday_year: int
    roles: tuple[Role, ...]
    days: tuple[GridDay, ...]
    uncovered_years: tuple[int, ...]  # years whose holidays nobody entered: flag them

    @property
    def covered(self) -> bool:
        return not self.uncovered_years

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)

    def title(self, hospital: str) -> str:
        """XX医院行政总值班表 2026年10月, or XX医院2026年国庆节假期行政总值班表 for a holiday."""
        if self.holiday:
            return f"{hospital}{self.holiday_year}年{self.holiday}假期行政总值班表"
        return f"{hospital}行政总值班表 {self.period}"


def check_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ServiceError(f"结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}。", field="end")
    if (end - start).days >= MAX_DAYS:
        raise ServiceError(f"期间太长：值班表一次最多导出 {MAX_DAYS} 天。", field="end")


def roster_period(session: Session, start: dt.date, end: dt.date) -> RosterPeriod:
    """The grid of ``start``…``end``; a range that is not one whole month is named after the
    holidays it covers (国庆节), so the posted sheet reads 2026年国庆节假期行政总值班表."""
    check_range(start, end)
    chosen: list[GridDay] = []
    month = start.replace(day=1)
    while month <= end:
        chosen += [d for d in month_grid(session, month.year, month.month).days if start <= d.day <= end]
        month = (month + dt.timedelta(days=32)).replace(day=1)
    whole_month = start.day == 1 and (start, end) == month_bounds(start.year, start.month)
    names: list[str] = []
    first_of: dict[str, dt.date] = {}
    for d in chosen:
        if d.kind == workcal.KIND_HOLIDAY and d.holiday and d.holiday not in names:
            names.append(d.holiday)
            first_of[d.holiday] = d.day
    holiday = "" if whole_month else "、".join(names)
    year = first_of[names[0]].year if names else start.year
    uncovered = sorted({d.day.year for d in chosen if not workcal.is_covered(d.day)})
    return RosterPeriod(start, end, holiday, year, tuple(roles(session)), tuple(chosen), tuple(uncovered))


def holiday_range(month: dt.date) -> tuple[dt.date, dt.date]:
    """The range a holiday roster of ``month``'s month is offered for: its first public holiday
    with a day either side (国庆 2026: 9月30日…10月8日, as offices post it: the eve and the
    first day back); a month without one: the whole month."""
    first, last = month_bounds(month.year, month.month)
    off = [d for d in (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
           if workcal.day_kind(d) == workcal.KIND_HOLIDAY]
    if not off:
        return first, last
    start = end = off[0]
    while workcal.day_kind(end + dt.timedelta(days=1)) == workcal.KIND_HOLIDAY:
        end += dt.timedelta(days=1)
    return start - dt.timedelta(days=1), end + dt.timedelta(days=1)


def month_roster(session: Session, year: int, month: int) -> RosterPeriod:
    return roster_period(session, *month_bounds(year, month))


@dataclass(frozen=True)
class Mate:
    role: str
    name: str
    phone: str


@dataclass(frozen=True)
class DutyEvent:
    """One held shift of one role: what a calendar shows."""

    day: dt.date
    shift_id: int
    shift: str
    role_id: int
    role: str
    staff_id: int
    name: str
    department: str
    phone: str
    begin: dt.datetime  # local (Asia/Shanghai) wall time, naive
    end: dt.datetime
    mates: tuple[Mate, ...]  # the other roles of the same shift (带班领导 for a 总值班)


def _bounds(day: dt.date, shift: ShiftDef) -> tuple[dt.datetime, dt.datetime]:
    begin = dt.datetime.combine(day, dt.time.fromisoformat(shift.start))
    end = dt.datetime.combine(day, dt.time.fromisoformat(shift.end))
    if shift.overnight or end <= begin:  # a 24-hour shift ends the next morning too
        end += dt.timedelta(days=1)
    return begin, end


def duty_events(session: Session, grid: RosterPeriod, staff_id: int | None = None) -> list[DutyEvent]:
    """Every filled cell of the period as an event, in day and shift order; one person's only
    when ``staff_id`` is given."""
    shifts = all_shifts(session)
    out: list[DutyEvent] = []
    for day in grid.days:
        for cell in day.cells:
            if cell.staff_id is None or (staff_id is not None and cell.staff_id != staff_id):
                continue
            mates = tuple(Mate(c.role, c.name, c.phone) for c in day.cells
                          if c.shift_id == cell.shift_id and c.role_id != cell.role_id and c.staff_id is not None)
            begin, end = _bounds(day.day, shifts[cell.shift_id])
            out.append(DutyEvent(day.day, cell.shift_id, cell.shift, cell.role_id, cell.role, cell.staff_id,
                                 cell.name, cell.department, cell.phone, begin, end, mates))
    return out


_WITH_DEPARTMENT = re.compile(r"(.+?)\s*[（(](.+)[)）]")


def find_person(session: Session, text: str) -> int:
    """The staff id of ``周明`` or, where two people share a name, ``王磊（医务部）``."""
    text = text.strip()
    m = _WITH_DEPARTMENT.fullmatch(text)
    name, department = (m.group(1), m.group(2).strip()) if m else (text, "")
    ids = [i for (i,) in session.execute(select(Staff.id).where(Staff.name == name))]
    found = [p for p in people(session, set(ids)).values() if not department or p.department == department]
    if not found:
        raise ServiceError(f"人员名录中没有“{text}”。", field="person")
    if len(found) > 1:
        which = "、".join(f"{p.name}（{p.department or '无科室'}）" for p in sorted(found, key=lambda p: p.department))
        raise ServiceError(f"名录中有 {len(found)} 位“{name}”，请写明科室：{which}。", field="person")
    return found[0].id


@dataclass(frozen=True)
class LogPrintRow:
    day: dt.date
    shift: str
    on_duty: str  # 带班领导 赵院长\n总值班 周明 (one role a line)
    at: dt.datetime
    event: str
    action: str
    reported_to: str
    handed_to: str
    written_by: str


def log_for_print(session: Session, start: dt.date, end: dt.date) -> list[LogPrintRow]:
    """The duty log of a period, each entry with the people who held its shift."""
    check_range(start, end)
    rows = entries(session, start, end)
    ids = [r.id for r in rows]
    shift_of = {i: sid for i, sid in session.execute(
        select(DutyLogEntry.id, DutyLogEntry.shift_id).where(DutyLogEntry.id.in_(ids)))}
    held = held_between(session, start, end)
    who = people(session, {h.staff_id for h in held})
    order = {r.id: (i, r.name) for i, r in enumerate(roles(session))}
    on: dict[tuple[dt.date, int], list[tuple[int, str]]] = {}
    for h in held:
        rank, role = order.get(h.slot.role_id, (99, ""))
        on.setdefault((h.slot.day, h.slot.shift_id), []).append((rank, f"{role} {who[h.staff_id].name}"))
    return [LogPrintRow(r.day, r.shift, "\n".join(t for _k, t in sorted(on.get((r.day, shift_of[r.id]), []))),
                        r.at, r.event, r.action, r.reported_to, r.handed_to, r.written_by) for r in rows]
