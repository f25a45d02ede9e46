"""发文拟稿: creating and correcting a draft, and the full record of one 发文.

A draft has no number; it gets one at 签发 (workflow.sign_off). Once signed off, what
the leader signed (标题, 文种, 主送/抄送, 附件说明, 正文) is frozen until the document
is sent back with a reason (workflow.send_back); the register's other fields (备注,
保密期限 …) may still be corrected.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from db.models import OutgoingDocument
from desktop.services import records
from desktop.services.errors import ServiceError
from desktop.services.outgoing.fields import BODY_FIELDS, FORM_FIELDS, OUTGOING_FIELDS, label
from desktop.services.outgoing.kind import OUTGOING
from desktop.services.outgoing.steps import derive_marks


@dataclass
class OutgoingInput:
    """What the draft form edits."""

    title: str
    drafting_department: str
    drafter: str
    doc_type: str = "通知"
    main_recipients: str = ""  # several, 、-separated
    cc_recipients: str = ""
    countersign_departments: str = ""
    written_on: dt.date | None = None
    secrecy: str = "公开"
    secrecy_term: str = ""
    urgency: str = "普通"
    issuing_authority: str = ""
    attachment_note: str = ""
    remarks: str = ""
    body: str = ""
    supervision_number: str = ""  # 关联督办: the 督办编号 this 发文 answers ("" none)


def split_names(text: str) -> list[str]:
    """Names typed on one line, separated by 、 or commas, in order, each once."""
    parts = (text or "").replace(",", "、").replace("，", "、").replace(";", "、").replace("；", "、").split("、")
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def validate(data: OutgoingInput) -> None:
    OUTGOING_FIELDS.check(data, FORM_FIELDS)
    if data.secrecy_term.strip() and data.secrecy == "公开":
        raise ServiceError("公开文件不设保密期限。", field="secrecy_term")


def _supervision_id(session: Session, number: str) -> int | None:
    """The 督办 item a 发文 is linked to, from its 督办编号 as typed ("" for none)."""
    if not (number or "").strip():
        return None
    from desktop.services.supervision.paper import find_by_number

    try:
        return find_by_number(session, number)
    except ServiceError as exc:  # a mistyped or unknown number: said beside the field
        raise ServiceError(exc.message, field="supervision_number") from None


def _clean(data: OutgoingInput) -> dict[str, Any]:
    values = {f.name: getattr(data, f.name) for f in fields(OutgoingInput) if f.name != "supervision_number"}
    for key, value in values.items():
        if isinstance(value, str) and key != "body":
            values[key] = value.strip()
    for key in ("main_recipients", "cc_recipients", "countersign_departments"):
        values[key] = "、".join(split_names(values[key]))
    values["body"] = (values["body"] or "").rstrip()
    return values


def create_draft(session: Session, data: OutgoingInput, actor: str, *, in_reply_to_id: int | None = None,
                 supervision_item_id: int | None = None) -> int:
    """起草: a new draft, unnumbered, waiting for 核稿."""
    validate(data)
    if data.supervision_number.strip():
        supervision_item_id = _supervision_id(session, data.supervision_number)
    doc = records.insert(session, OUTGOING, OutgoingDocument(
        in_reply_to_id=in_reply_to_id, supervision_item_id=supervision_item_id, **_clean(data)))
    records.record_event(OUTGOING, doc, "起草", actor, doc.title)
    records.save(session, OUTGOING, doc)
    return doc.id


def update_draft(session: Session, doc_id: int, data: OutgoingInput, actor: str) -> None:
    """Correct the draft's fields; after 签发 the signed text is frozen (see the module)."""
    doc = records.editable(session, OUTGOING, doc_id)
    validate(data)
    values = _clean(data)
    values["supervision_item_id"] = _supervision_id(session, data.supervision_number)
    changed = [key for key, value in values.items() if getattr(doc, key) != value]
    if not changed:
        return
    frozen = [k for k in changed if k in BODY_FIELDS]
    if doc.signed_on is not None and frozen:
        raise ServiceError(
            f"该文已签发，{'、'.join(label(k) for k in frozen)}不能再修改；如需修改，请先退回修改并说明原因。",
            field=frozen[0])
    if doc.dispatched_at is not None and "countersign_departments" in changed:
        raise ServiceError("该文已核发，会签科室不能再修改。", field="countersign_departments")
    for key in changed:
        setattr(doc, key, values[key])
    records.record_event(OUTGOING, doc, "修改", actor, "修改了" + "、".join(label(k) for k in changed))
    records.save(session, OUTGOING, doc)


# --- the full record ------------------------------------------------------------------------


@dataclass(frozen=True)
class EventInfo:
    action: str
    actor: str
    at: dt.datetime
    detail: str


@dataclass(frozen=True)
class OutgoingDetail:
    id: int
    number: str  # "" for a draft
    code: str
    year: int | None
    seq: int | None
    step: str
    marks: tuple[str, ...]
    values: dict[str, Any]  # every register field and the workflow's stamps, by column name
    events: tuple[EventInfo, ...]
    in_reply_to_id: int | None
    supervision_item_id: int | None

    def __getattr__(self, name: str) -> Any:  # detail.title, detail.signed_on …
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None


def _supervision_number(session: Session, item_id: int | None) -> str:
    if item_id is None:
        return ""
    from db.models import SupervisionItem
    from desktop.services.numbering import number_format
    from desktop.services.supervision.query import number_text

    item = session.get(SupervisionItem, item_id)
    return "" if item is None else number_text(number_format(session, "supervision"), item.year, item.seq, item.part)


_SKIP = {"id", "code", "year", "seq", "step", "in_reply_to_id", "supervision_item_id"}


def get_detail(session: Session, doc_id: int) -> OutgoingDetail:
    """The whole record, for the viewer if cleared for its 密级."""
    doc = records.get(session, OUTGOING, doc_id)
    values = {c.key: getattr(doc, c.key) for c in OutgoingDocument.__table__.columns if c.key not in _SKIP}
    values["supervision_number"] = _supervision_number(session, doc.supervision_item_id)
    return OutgoingDetail(
        doc.id, records.display_number(session, OUTGOING, doc), doc.code, doc.year, doc.seq, doc.step,
        derive_marks(doc), values,
        tuple(EventInfo(e.action, e.actor, e.at, e.detail) for e in doc.events),
        doc.in_reply_to_id, doc.supervision_item_id,
    )
