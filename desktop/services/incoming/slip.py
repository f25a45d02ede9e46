"""The 收文处理笺's data: a registered document as the plain strings the slip prints.

Defined here, not in desktop.reports, so that reports build the slip from plain data
and never read the database (services may not import reports).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import IncomingDocument
from desktop.services.errors import NotFoundError
from desktop.services.incoming.register import get_incoming


@dataclass
class SlipData:
    """What the slip prints; every value already in display form.

    instructions: (leader, text, date); departments: (name, is_lead, opinion).
    """

    number: str = ""
    received_at: str = ""
    sender: str = ""
    sender_doc_no: str = ""
    title: str = ""
    doc_type: str = ""
    secrecy: str = ""
    urgency: str = ""
    copies: int | str = ""
    deadline: str = ""
    proposal: str = ""
    instructions: list[tuple[str, str, str]] = field(default_factory=list)
    departments: list[tuple[str, bool, str]] = field(default_factory=list)
    result: str = ""
    completed_on: str = ""


def slip_data_by_id(session: Session, doc_id: int) -> SlipData:
    d = get_incoming(session, doc_id)
    return SlipData(
        number=d.number,
        received_at=d.received_at.strftime("%Y-%m-%d %H:%M"),
        sender=d.sender,
        sender_doc_no=d.sender_doc_no,
        title=d.title,
        doc_type=d.doc_type,
        secrecy=d.secrecy,
        urgency=d.urgency,
        copies=d.copies,
        deadline=d.deadline.isoformat() if d.deadline else "",
        proposal=d.proposal,
        instructions=[(i.leader, i.text, i.instructed_on.isoformat()) for i in d.instructions],
        departments=[(a.department, a.is_lead, a.opinion) for a in d.assignments],
        result=d.result,
        completed_on=d.completed_on.isoformat() if d.completed_on else "",
    )


def slip_data(session: Session, year: int, seq: int) -> SlipData:
    doc_id = session.scalar(select(IncomingDocument.id).where(IncomingDocument.year == year, IncomingDocument.seq == seq))
    if doc_id is None:
        raise NotFoundError(f"没有找到收文编号为 {year} 年第 {seq} 号的收文。", field="number")
    return slip_data_by_id(session, doc_id)
