"""The roster as an iCalendar file (RFC 5545, written with the icalendar package): one VEVENT
per held shift and role, in Asia/Shanghai with its VTIMEZONE, for everyone or one person.

A cell's UID is fixed by the cell (day, shift, role), never by the person in it, so a calendar
that imports a newer export replaces the event (a 换班 shows the new name) instead of adding a
second one; SEQUENCE grows with the export time for clients that want a higher one to update.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from desktop.services.duty.export import DutyEvent
from desktop.services.files import atomic_output

ZONE = "Asia/Shanghai"
PRODID = "-//院办通//行政总值班//ZH"
UID_DOMAIN = "duty.yuanbantong"
_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def event_uid(event: DutyEvent) -> str:
    return f"{event.day:%Y%m%d}-s{event.shift_id}-r{event.role_id}@{UID_DOMAIN}"


def summary(event: DutyEvent) -> str:
    return f"行政总值班·{event.role} {event.name}"


def description(event: DutyEvent, hospital: str, office: str, note: str = "") -> str:
    lines = [f"{event.day.month}月{event.day.day}日 {event.shift} {_hours(event)}",
             f"{event.role}：{event.name}" + (f"（{event.department}）" if event.department else ""),
             f"电话：{event.phone or '（未登记）'}"]
    lines += [f"{m.role}：{m.name}" + (f" {m.phone}" if m.phone else "") for m in event.mates]
    lines.append(f"{hospital}{office}")
    if note:
        lines.append(note)
    return "\n".join(lines)


def _hours(event: DutyEvent) -> str:
    nextday = "次日" if event.end.date() > event.begin.date() else ""
    return f"{event.begin:%H:%M}—{nextday}{event.end:%H:%M}"


def build_calendar(events: Sequence[DutyEvent], *, name: str, hospital: str, stamp: dt.datetime,
                   office: str = "院办公室", note: str = "") -> Calendar:
    """``stamp``: the export time (DTSTAMP, UTC); ``name``: the calendar's display name;
    ``note``: a warning carried into every event (a year whose holidays are not entered)."""
    zone = ZoneInfo(ZONE)
    stamp_utc = stamp.astimezone(dt.UTC)  # a naive stamp (clock.now()) is this computer's local time
    sequence = max(0, int((stamp_utc - _EPOCH).total_seconds() // 60))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", ZONE)
    if note:
        cal.add("x-wr-caldesc", note)
    for e in events:
        ev = Event()
        ev.add("uid", event_uid(e))
        ev.add("dtstamp", stamp_utc)
        ev.add("sequence", sequence)
        ev.add("dtstart", e.begin.replace(tzinfo=zone))
        ev.add("dtend", e.end.replace(tzinfo=zone))
        ev.add("summary", summary(e))
        ev.add("description", description(e, hospital, office, note))
        ev.add("categories", ["行政总值班"])
        ev.add("transp", "OPAQUE")
        cal.add_component(ev)
    if events:
        first = min(e.begin for e in events).date().replace(month=1, day=1)
        last = max(e.end for e in events).date().replace(month=12, day=31)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal


def export_roster_ics(events: Sequence[DutyEvent], out: Path | str, *, name: str, hospital: str,
                      stamp: dt.datetime, office: str = "院办公室", note: str = "") -> None:
    """Write ``build_calendar(…)`` through files.atomic_output."""
    data = build_calendar(events, name=name, hospital=hospital, stamp=stamp, office=office, note=note).to_ical()
    with atomic_output(Path(out)) as tmp:
        Path(tmp).write_bytes(data)
