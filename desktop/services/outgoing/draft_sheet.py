"""The 发文稿纸 (drafting sheet) as plain data: what reports.outgoing_pdf prints on it.

Steps not yet done print as empty boxes for a hand signature, so every value here is
"" (or None) until the record holds it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.models import IncomingDocument
from desktop.services import records
from desktop.services.hospital import hospital_name
from desktop.services.numbering import number_format
from desktop.services.outgoing.kind import OUTGOING


@dataclass
class DraftSheetData:
    hospital: str
    number: str  # 发文字号; "" before 签发
    title: str
    doc_type: str
    secrecy: str  # 密级★保密期限, "" when 公开
    urgency: str  # "" when 普通
    main_recipients: str
    cc_recipients: str
    drafting_department: str
    drafter: str
    drafted_on: dt.date | None
    reviewer: str = ""
    reviewed_on: dt.date | None = None
    countersign_departments: str = ""
    countersigned_on: dt.date | None = None
    signed_by: str = ""
    signed_on: dt.date | None = None
    copies: int | None = None
    attachment_note: str = ""
    reply_to: str = ""  # the 收文编号 this answers (复文)
    remarks: str = ""


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def draft_sheet_data(session: Session, doc_id: int) -> DraftSheetData:
    """The sheet of one 发文, if the user is cleared for its 密级."""
    doc = records.get(session, OUTGOING, doc_id)
    reply_to = ""
    if doc.in_reply_to_id is not None:
        incoming = session.get(IncomingDocument, doc.in_reply_to_id)
        if incoming is not None:
            reply_to = number_format(session, "incoming").format(incoming.year, incoming.seq)
    secrecy = "" if doc.secrecy == "公开" else doc.secrecy
    if secrecy and doc.secrecy_term:
        secrecy = f"{secrecy}★{doc.secrecy_term}"
    return DraftSheetData(
        hospital=hospital_name(session),
        number=records.display_number(session, OUTGOING, doc),
        title=doc.title, doc_type=doc.doc_type, secrecy=secrecy,
        urgency="" if doc.urgency == "普通" else doc.urgency,
        main_recipients=doc.main_recipients, cc_recipients=doc.cc_recipients,
        drafting_department=doc.drafting_department, drafter=doc.drafter, drafted_on=_day(doc.created_at),
        reviewer=doc.reviewer if doc.reviewed_at else "", reviewed_on=_day(doc.reviewed_at),
        countersign_departments=doc.countersign_departments, countersigned_on=_day(doc.countersigned_at),
        signed_by=doc.signed_by if doc.signed_on else "", signed_on=doc.signed_on,
        copies=doc.copies, attachment_note=doc.attachment_note, reply_to=reply_to, remarks=doc.remarks,
    )
