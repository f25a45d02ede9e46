"""值班日志 / 交接班记录: entries per shift, listed and searched for a period."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DutyLogEntry, DutyShift
from desktop.services import clock
from desktop.services.errors import ServiceError
from desktop.services.users import principal_of, require


@dataclass(frozen=True)
class LogRow:
    id: int
    day: dt.date
    shift: str
    at: dt.datetime
    event: str
    action: str
    reported_to: str
    handed_to: str
    written_by: str


def add_entry(session: Session, day: dt.date, shift_id: int, event: str, action: str = "",
              reported_to: str = "", handed_to: str = "", at: dt.datetime | None = None) -> int:
    require(session, "edit")
    if not event.strip():
        raise ServiceError("请填写值班情况。", field="event")
    if session.get(DutyShift, shift_id) is None:
        raise ServiceError("班次不存在。", field="shift")
    row = DutyLogEntry(day=day, shift_id=shift_id, at=at or clock.now(), event=event.strip(),
                       action=action.strip(), reported_to=reported_to.strip()[:50],
                       handed_to=handed_to.strip()[:50], written_by=principal_of(session).name)
    session.add(row)
    session.flush()
    return row.id


def entries(session: Session, start: dt.date, end: dt.date, text: str = "") -> list[LogRow]:
    """Entries from ``start`` to ``end`` in time order; ``text`` searches every field."""
    stmt = (select(DutyLogEntry, DutyShift.name).join(DutyShift)
            .where(DutyLogEntry.day.between(start, end)).order_by(DutyLogEntry.day, DutyLogEntry.at, DutyLogEntry.id))
    if text.strip():
        # the one search index (services.search): traditional text folded, 1–2 characters
        from desktop.services.search.query import matching_ids

        stmt = stmt.where(DutyLogEntry.id.in_(matching_ids(session, "duty", text)))
    return [LogRow(e.id, e.day, name, e.at, e.event, e.action, e.reported_to, e.handed_to, e.written_by)
            for e, name in session.execute(stmt)]
