"""收文登记: registering, correcting and cancelling documents, and the full record of one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from db.models import IncomingDocument
from desktop.services import clock, records
from desktop.services.attachments import AttachmentInfo, attachment_infos
from desktop.services.errors import ServiceError
from desktop.services.incoming import docno
from desktop.services.incoming.fields import FORM_FIELDS, INCOMING_FIELDS, label
from desktop.services.incoming.index import all_bodies, write_bodies
from desktop.services.incoming.kind import INCOMING
from desktop.services.incoming.links import LinkRef, linked_records
from desktop.services.incoming.steps import derive_marks
from desktop.services.incoming.workflow import display_number, editable_document, get_document
from desktop.services.numbering import NumberFormat, store_number_format


@dataclass
class IncomingInput:
    """What the registration form edits."""

    received_at: dt.datetime
    sender: str
    sender_doc_no: str
    title: str
    doc_type: str = "通知"
    secrecy: str = "公开"
    urgency: str = "普通"
    copies: int = 1
    pages: int = 0
    deadline: dt.date | None = None
    for_reading_only: bool = False
    remarks: str = ""


def validate(data: IncomingInput) -> None:
    """Raise ServiceError for the first field that breaks a rule (rules in incoming.fields)."""
    INCOMING_FIELDS.check(data, FORM_FIELDS)
    if data.deadline is not None and data.deadline < data.received_at.date():
        raise ServiceError("办理时限不能早于收文日期。", field="deadline")


# --- registering -----------------------------------------------------------------------

_LABELS = {name: label(name) for name in FORM_FIELDS}


def _clean(data: IncomingInput) -> dict[str, Any]:
    values = {f.name: getattr(data, f.name) for f in fields(IncomingInput)}
    for key in ("sender", "title", "remarks"):
        values[key] = (values[key] or "").strip()
    values["sender_doc_no"] = docno.normalise(values["sender_doc_no"] or "")
    values["received_at"] = clock.to_second(values["received_at"])
    values["for_reading_only"] = bool(values["for_reading_only"])
    return values


def register_incoming(session: Session, data: IncomingInput, actor: str) -> int:
    """登记: validate, give the next 收文编号 of the year received, return the id."""
    validate(data)
    values = _clean(data)
    year = values["received_at"].year
    doc = records.insert_numbered(
        session, INCOMING, (year,),
        lambda seq: IncomingDocument(year=year, seq=seq, registered_by=actor or "", **values),
    )
    records.record_event(INCOMING, doc, "登记", actor, display_number(session, doc))
    records.save(session, INCOMING, doc)
    return doc.id


def update_incoming(session: Session, doc_id: int, data: IncomingInput, actor: str) -> None:
    """Correct the registered fields; the 收文编号 never changes."""
    doc = editable_document(session, doc_id)
    validate(data)
    values = _clean(data)
    if values["received_at"].year != doc.year:
        raise ServiceError(
            f"收文编号 {display_number(session, doc)} 属于 {doc.year} 年，收文日期不能改到其他年份；"
            "如确属登记错误，请作废后重新登记。",
            field="received_at",
        )
    changed = [key for key, value in values.items() if getattr(doc, key) != value]
    if not changed:
        return
    for key in changed:
        setattr(doc, key, values[key])
    records.record_event(INCOMING, doc, "修改", actor, "修改了" + "、".join(_LABELS[k] for k in changed))
    records.save(session, INCOMING, doc)


def cancel_incoming(session: Session, doc_id: int, reason: str, actor: str) -> None:
    """作废: the number stays taken and visible; documents are never deleted."""
    if not (reason or "").strip():
        raise ServiceError("请填写作废原因。", field="reason")
    doc = editable_document(session, doc_id)
    doc.cancelled_at = clock.now()
    doc.cancel_reason = reason.strip()
    records.record_event(INCOMING, doc, "作废", actor, reason.strip())
    records.save(session, INCOMING, doc)


def set_number_format(session: Session, pattern: str) -> None:
    """Store the display pattern of 收文编号 (e.g. 收〔{year}〕{seq:04d})."""
    fmt = store_number_format(session, INCOMING.key, pattern)
    if fmt is not None:
        _reindex_all(session, fmt)


def _reindex_all(session: Session, fmt: NumberFormat) -> None:
    """The display number is part of the search text, so every row must follow a new format.

    Done in bulk (plain rows, executemany): reindex_documents() one by one takes
    minutes on 200,000 documents.
    """
    for rows in all_bodies(session, fmt):
        write_bodies(session, {doc_id: body for doc_id, _number, body in rows})


# --- the full record of one document ----------------------------------------------------


@dataclass(frozen=True)
class InstructionInfo:
    id: int
    leader: str
    text: str
    instructed_on: dt.date
    recorded_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    department: str
    is_lead: bool
    opinion: str
    assigned_on: dt.date
    assigned_by: str


@dataclass(frozen=True)
class CirculationInfo:
    id: int
    reader: str
    handed_at: dt.datetime
    returned_at: dt.datetime | None


@dataclass(frozen=True)
class ReminderInfo:
    id: int
    reminded_at: dt.datetime
    reminded_by: str
    method: str
    note: str


@dataclass(frozen=True)
class EventInfo:
    id: int
    action: str
    actor: str
    at: dt.datetime
    detail: str


@dataclass(frozen=True)
class IncomingDetail:
    id: int
    number: str
    year: int
    seq: int
    received_at: dt.datetime
    sender: str
    sender_doc_no: str
    title: str
    doc_type: str
    secrecy: str
    urgency: str
    copies: int
    pages: int
    deadline: dt.date | None
    for_reading_only: bool
    remarks: str
    reviewed_at: dt.datetime | None
    reviewed_by: str
    proposal: str
    proposed_by: str
    proposed_at: dt.datetime | None
    result: str
    completed_on: dt.date | None
    archived_on: dt.date | None
    archive_volume: str
    archive_item: str
    cancelled_at: dt.datetime | None
    cancel_reason: str
    registered_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    step: str
    marks: tuple[str, ...]  # 传阅中 / 已催办 (steps.derive_marks)
    instructions: list[InstructionInfo]
    assignments: list[AssignmentInfo]
    circulations: list[CirculationInfo]
    reminders: list[ReminderInfo]
    events: list[EventInfo]
    attachments: list[AttachmentInfo]
    supervision_items: list[LinkRef]
    replies: list[LinkRef]


def _info(cls: type, row: Any) -> Any:
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


def get_incoming(session: Session, doc_id: int) -> IncomingDetail:
    doc = get_document(session, doc_id)
    supervision, replies = linked_records(session, doc_id)
    scalars = {f.name: getattr(doc, f.name) for f in fields(IncomingDetail)
               if f.name in IncomingDocument.__table__.columns}
    return IncomingDetail(
        **scalars,
        number=display_number(session, doc),
        marks=derive_marks(doc),
        instructions=[_info(InstructionInfo, r) for r in doc.instructions],
        assignments=[_info(AssignmentInfo, r) for r in doc.assignments],
        circulations=[_info(CirculationInfo, r) for r in doc.circulations],
        reminders=[_info(ReminderInfo, r) for r in doc.reminders],
        events=[_info(EventInfo, r) for r in doc.events],
        attachments=attachment_infos(session, INCOMING, doc_id),
        supervision_items=supervision,
        replies=replies,
    )
