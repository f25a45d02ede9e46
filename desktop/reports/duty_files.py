"""One call per 值班 export, for the command line and the tab alike: the roster of a month
or a range as .pdf / .xlsx / .ics (everyone, or one person's calendar), the duty log PDF."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services import clock
from desktop.services.duty.export import (
    RosterPeriod,
    duty_events,
    log_for_print,
    period_text,
    roster_period,
)
from desktop.services.hospital import hospital_name

if TYPE_CHECKING:
    from desktop.services.store import Session

ROSTER_KINDS = (".pdf", ".xlsx", ".ics")


def write_roster(session: Session, start: dt.date, end: dt.date, out: Path, *,
                 staff_id: int | None = None, person: str = "") -> tuple[RosterPeriod, int]:
    """Write ``start``…``end`` in the kind ``out`` ends with; ``staff_id`` (named ``person``)
    limits a calendar to one person. Returns the grid (for its unknown years) and, for a
    calendar, the number of events (else 0)."""
    kind = out.suffix.lower()
    grid = roster_period(session, start, end)
    hospital = hospital_name(session)
    if kind == ".pdf":
        from desktop.reports.duty_pdf import build_roster_pdf

        build_roster_pdf(grid, out, hospital=hospital, made_on=clock.today())
        return grid, 0
    if kind == ".xlsx":
        from desktop.reports.duty_xlsx import export_roster_xlsx

        export_roster_xlsx(grid, out, hospital=hospital, made_on=clock.today())
        return grid, 0
    from desktop.reports.duty_ics import export_roster_ics

    events = duty_events(session, grid, staff_id)
    years = "、".join(f"{y}年" for y in grid.uncovered_years)
    note = f"注意：{years}的法定节假日安排尚未录入，按普通周末排班。" if years else ""
    name = f"{hospital}行政总值班 {grid.period}" + (f" {person}" if person else "")
    export_roster_ics(events, out, name=name, hospital=hospital, stamp=clock.now(), note=note)
    return grid, len(events)


def write_log(session: Session, start: dt.date, end: dt.date, out: Path) -> int:
    """The duty log of ``start``…``end`` as PDF; returns the number of entries."""
    from desktop.reports.duty_log_pdf import build_log_pdf

    rows = log_for_print(session, start, end)
    build_log_pdf(rows, out, hospital=hospital_name(session), period=period_text(start, end))
    return len(rows)
