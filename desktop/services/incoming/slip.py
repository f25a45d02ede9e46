"""The 收文处理笺's data: a registered document as the plain strings the slip prints.

Defined here, not in desktop.reports, so that reports build the slip from plain data
and never read the database (services may not import reports).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import IncomingDocument
from desktop.services.errors import NotFoundError
from desktop.services.hospital import hospital_name
from desktop.services.incoming.register import get_incoming


@dataclass
class SlipData:
    """What the slip prints; every value already in display form.

    instructions: (leader, text, date); departments: (name, is_lead, opinion);
    circulations: (reader, handed at, returned at or "").
    """

    hospital: str = ""  # 单位名称 (settings); the slip falls back to a generic heading
    number: str = ""
    received_at: str = ""
    sender: str = ""
    sender_doc_no: str = ""
    title: str = ""
    doc_type: str = ""
    secrecy: str = ""
    urgency: str = ""
    copies: int | str = ""
    pages: int | str = ""
    deadline: str = ""
    registered_by: str = ""
    proposal: str = ""
    proposed_by: str = ""
    proposed_on: str = ""
    instructions: list[tuple[str, str, str]] = field(default_factory=list)
    departments: list[tuple[str, bool, str]] = field(default_factory=list)
    circulations: list[tuple[str, str, str]] = field(default_factory=list)
    result: str = ""
    completed_on: str = ""
    archive_volume: str = ""
    archive_item: str = ""
    archived_on: str = ""


def _minute(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def slip_data_by_id(session: Session, doc_id: int) -> SlipData:
    d = get_incoming(session, doc_id)
    return SlipData(
        hospital=hospital_name(session),
        number=d.number,
        received_at=d.received_at.strftime("%Y-%m-%d %H:%M"),
        sender=d.sender,
        sender_doc_no=d.sender_doc_no,
        title=d.title,
        doc_type=d.doc_type,
        secrecy=d.secrecy,
        urgency=d.urgency,
        copies=d.copies,
        pages=d.pages or "",
        deadline=d.deadline.isoformat() if d.deadline else "",
        registered_by=d.registered_by,
        proposal=d.proposal,
        proposed_by=d.proposed_by,
        proposed_on=d.proposed_at.date().isoformat() if d.proposed_at else "",
        instructions=[(i.leader, i.text, i.instructed_on.isoformat()) for i in d.instructions],
        departments=[(a.department, a.is_lead, a.opinion) for a in d.assignments],
        circulations=[(c.reader, _minute(c.handed_at), _minute(c.returned_at)) for c in d.circulations],
        result=d.result,
        completed_on=d.completed_on.isoformat() if d.completed_on else "",
        archive_volume=d.archive_volume,
        archive_item=d.archive_item,
        archived_on=d.archived_on.isoformat() if d.archived_on else "",
    )


def register_extras(session: Session, ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """份数 and 备注 of the given documents, for the printed 收文登记簿's last columns."""
    rows = session.execute(select(IncomingDocument.id, IncomingDocument.copies, IncomingDocument.remarks)
                           .where(IncomingDocument.id.in_(list(ids))))
    return {id_: (copies, remarks or "") for id_, copies, remarks in rows}


def slip_data(session: Session, year: int, seq: int) -> SlipData:
    doc_id = session.scalar(select(IncomingDocument.id).where(IncomingDocument.year == year, IncomingDocument.seq == seq))
    if doc_id is None:
        raise NotFoundError(f"没有找到收文编号为 {year} 年第 {seq} 号的收文。", field="number")
    return slip_data_by_id(session, doc_id)
