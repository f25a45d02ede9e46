"""The office's calendar entries (calendar_overrides): stored, listed, changed, installed.

services.workcal reads the installed copy; it is loaded when a Store opens
(``load_overrides``) and installed again after every transaction that changed an entry
commits (a rolled-back change never reaches the calendar).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session

from db.models import CalendarOverride
from desktop.services import workcal
from desktop.services.errors import ServiceError
from desktop.services.users import require

from .notice import NoticeDay

_RELOAD_KEY = "duty_calendar_reload"


@dataclass(frozen=True)
class CalendarEntry:
    day: dt.date
    kind: str  # workcal.HOLIDAY / workcal.WORKDAY
    name: str


def _read(session: Session) -> dict[dt.date, tuple[str, str]]:
    rows = session.execute(select(CalendarOverride.day, CalendarOverride.kind, CalendarOverride.name))
    return {day: (kind, name) for day, kind, name in rows}


def load_overrides(engine: Engine) -> None:
    """Install the entries of the database behind ``engine`` (called as a Store opens)."""
    with Session(engine) as session:
        workcal.set_overrides(_read(session))


def list_entries(session: Session, year: int | None = None) -> list[CalendarEntry]:
    stmt = select(CalendarOverride).order_by(CalendarOverride.day)
    if year is not None:
        stmt = stmt.where(CalendarOverride.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return [CalendarEntry(o.day, o.kind, o.name) for o in session.scalars(stmt)]


def replace_year(session: Session, year: int, days: Iterable[NoticeDay | CalendarEntry]) -> int:
    """Confirm a parsed notice: ``year``'s entries become ``days``; how many were saved."""
    require(session, "settings")
    wanted = list(days)
    for d in wanted:
        if d.day.year != year:
            raise ServiceError(f"{d.day.isoformat()} 不在 {year} 年内。")
    session.execute(delete(CalendarOverride).where(
        CalendarOverride.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31))).execution_options(
        synchronize_session="fetch"))
    for d in wanted:
        session.add(CalendarOverride(day=d.day, kind=d.kind, name=d.name))
    _reload_after_commit(session)
    return len(wanted)


def set_entry(session: Session, day: dt.date, kind: str, name: str = "") -> None:
    """Enter or correct one day (放假 or 上班)."""
    require(session, "settings")
    if kind not in (workcal.HOLIDAY, workcal.WORKDAY):
        raise ServiceError("请选择“放假”或“上班”。", field="kind")
    row = session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))
    if row is None:
        session.add(CalendarOverride(day=day, kind=kind, name=name.strip()[:20]))
    else:
        row.kind, row.name = kind, name.strip()[:20]
    _reload_after_commit(session)


def remove_entry(session: Session, day: dt.date) -> None:
    require(session, "settings")
    row = session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))
    if row is not None:
        session.delete(row)
    _reload_after_commit(session)


def _reload_after_commit(session: Session) -> None:
    """Install the new entries once the transaction commits (read while it still can)."""
    if session.info.get(_RELOAD_KEY):
        return
    session.info[_RELOAD_KEY] = True
    pending: dict[str, dict[dt.date, tuple[str, str]]] = {}

    def before_commit(s: Session) -> None:
        s.flush()
        pending["days"] = _read(s)

    def after_commit(s: Session) -> None:
        s.info.pop(_RELOAD_KEY, None)
        if "days" in pending:
            workcal.set_overrides(pending["days"])

    def after_rollback(s: Session, _previous: object) -> None:
        s.info.pop(_RELOAD_KEY, None)

    event.listen(session, "before_commit", before_commit, once=True)
    event.listen(session, "after_commit", after_commit, once=True)
    event.listen(session, "after_soft_rollback", after_rollback, once=True)
