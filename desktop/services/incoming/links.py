"""What a 收文 leads to: 督办事项 from a leader's 批示, and 复文 (outgoing replies).

Links are kept on the new record (source_incoming_id / in_reply_to_id), so they can be
followed both ways: links_of() from the document, *_source() back to it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import IncomingDocument, OutgoingDocument, SupervisionItem
from desktop.services import clock, records
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.incoming.kind import INCOMING
from desktop.services.incoming.workflow import display_number, editable_document
from desktop.services.outgoing.kind import OUTGOING
from desktop.services.outgoing.register import OutgoingInput, create_draft
from desktop.services.supervision.kind import SUPERVISION


@dataclass(frozen=True)
class LinkRef:
    id: int
    number: str  # display number, "" while the record has none
    title: str


@dataclass(frozen=True)
class DocumentLinks:
    supervision_items: list[LinkRef]
    replies: list[LinkRef]


def create_supervision_from_instruction(
    session: Session,
    instruction_id: int,
    task: str,
    lead_department: str,
    deadline: dt.date | None,
    actor: str,
    responsible: str = "",
    assisting: str = "",
    today: dt.date | None = None,
    *,
    add_to_directory: bool = False,
) -> int:
    """立督办 from a 领导批示 (services.supervision.register.create_from_instruction): the
    leader who gave it is the 交办领导; the 主办科室 is one of the directory's
    (``add_to_directory``: add a new name there first)."""
    from desktop.services.supervision.register import SupervisionInput, create_from_instruction

    data = SupervisionInput(task=task, lead_department=lead_department, assigned_by="",
                            assisting_departments=assisting or "", responsible=responsible or "",
                            assigned_on=today or clock.today(), deadline=deadline)
    return create_from_instruction(session, instruction_id, data, actor, add_to_directory=add_to_directory)


def create_supervision_from_latest_instruction(
    session: Session,
    doc_id: int,
    task: str,
    lead_department: str,
    deadline: dt.date | None,
    actor: str,
    responsible: str = "",
    assisting: str = "",
    today: dt.date | None = None,
    *,
    add_to_directory: bool = False,
) -> int:
    """立督办 from the 批示 recorded last on this document (the one the 办理 panel shows last)."""
    doc = editable_document(session, doc_id)
    if not doc.instructions:
        raise ServiceError("该文件还没有领导批示，无法据批示建立督办。")
    latest = max(doc.instructions, key=lambda i: i.id)
    return create_supervision_from_instruction(
        session, latest.id, task, lead_department, deadline, actor, responsible, assisting, today,
        add_to_directory=add_to_directory,
    )


def create_reply_outgoing(
    session: Session, doc_id: int, title: str, drafting_department: str, drafter: str, actor: str = ""
) -> int:
    """拟复文: start an outgoing document that answers this one (numbered later, at 签发)."""
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写复文标题。", field="title")
    doc = editable_document(session, doc_id)
    # a proper 发文 draft (validated, its own 起草 event), answering this document; a reply
    # goes back to whoever sent it, and a 请示 is answered with a 批复, the rest with a 函
    out_id = create_draft(session, OutgoingInput(
        title=title, drafting_department=(drafting_department or "").strip(), drafter=(drafter or "").strip(),
        doc_type="批复" if doc.doc_type == "请示" else "函", main_recipients=doc.sender,
    ), actor or drafter, in_reply_to_id=doc.id)
    records.record_event(INCOMING, doc, "拟复文", actor or drafter, title)
    records.save(session, INCOMING, doc)
    return out_id


def linked_records(session: Session, doc_id: int) -> tuple[list[LinkRef], list[LinkRef]]:
    """(督办事项 from this document's 批示, 复文 answering it)."""
    items = session.scalars(
        select(SupervisionItem).where(SupervisionItem.source_incoming_id == doc_id).order_by(SupervisionItem.id)
    )
    replies = session.scalars(
        select(OutgoingDocument).where(OutgoingDocument.in_reply_to_id == doc_id).order_by(OutgoingDocument.id)
    )
    return (
        [LinkRef(s.id, records.display_number(session, SUPERVISION, s), s.task) for s in items],
        [LinkRef(o.id, records.display_number(session, OUTGOING, o), o.title) for o in replies],
    )


def links_of(session: Session, doc_id: int) -> DocumentLinks:
    supervision, replies = linked_records(session, doc_id)
    return DocumentLinks(supervision, replies)


def _document_ref(session: Session, doc_id: int | None) -> LinkRef | None:
    doc = session.get(IncomingDocument, doc_id) if doc_id is not None else None
    return LinkRef(doc.id, display_number(session, doc), doc.title) if doc else None


def supervision_source(session: Session, item_id: int) -> LinkRef | None:
    """The 收文 a 督办事项 came from, if any."""
    item = session.get(SupervisionItem, item_id)
    if item is None:
        raise NotFoundError("该督办事项不存在。")
    return _document_ref(session, item.source_incoming_id)


def reply_source(session: Session, outgoing_id: int) -> LinkRef | None:
    """The 收文 an outgoing document answers, if any."""
    out = session.get(OutgoingDocument, outgoing_id)
    if out is None:
        raise NotFoundError("该发文不存在。")
    return _document_ref(session, out.in_reply_to_id)
