"""The 收文处理笺's data, read from a registered document."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import IncomingDocument
from desktop.reports.incoming_pdf import SlipData
from desktop.services.errors import NotFoundError
from desktop.services.incoming.register import get_incoming


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
