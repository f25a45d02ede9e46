"""发文办理 (条例 art. 19–25): 核稿 → 会签 → 签发 (and 编号) → 复核 → 印制 → 核发 → 归档.

Each step checks the stage it follows, records who and when, appends to the audit trail
and refreshes the derived stage, through the shared record services. The number is
given at 签发, never to a draft: the next of the chosen 代字 and the year signed.
A document sent back (退回修改) keeps its number, if it had one, and gets it again
when signed off anew.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from db.models import OutgoingDocument
from desktop.services import clock, records, reference
from desktop.services.errors import ServiceError
from desktop.services.outgoing import steps
from desktop.services.outgoing.kind import OUTGOING
from desktop.services.outgoing.numbering import code_for_sign_off

SIGNER_ROLE = "签发人"  # the directory role of the people allowed to sign off


def _at(session: Session, doc_id: int, *stages: str) -> OutgoingDocument:
    """The document, if it may change and waits at one of ``stages``."""
    doc = records.editable(session, OUTGOING, doc_id)
    if doc.step not in stages:
        raise ServiceError(f"该文当前为“{doc.step}”，不能{_WHAT.get(stages[0], '办理此步')}。")
    return doc


_WHAT = {steps.AWAIT_REVIEW: "核稿", steps.AWAIT_COUNTERSIGN: "会签", steps.AWAIT_SIGN_OFF: "签发",
         steps.AWAIT_RECHECK: "复核", steps.AWAIT_PRINT: "印制", steps.AWAIT_DISPATCH: "核发",
         steps.AWAIT_ARCHIVE: "归档"}


def _done(session: Session, doc: OutgoingDocument, action: str, actor: str, detail: str = "") -> None:
    records.record_event(OUTGOING, doc, action, actor, detail)
    records.save(session, OUTGOING, doc)


def _named(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{what}。", field=field)
    return value


def review(session: Session, doc_id: int, reviewer: str, actor: str, at: dt.datetime | None = None) -> None:
    """核稿: the draft's text, form and 文种 checked by ``reviewer``."""
    doc = _at(session, doc_id, steps.AWAIT_REVIEW)
    doc.reviewer = _named(reviewer, "reviewer", "核稿人")
    doc.reviewed_at = at or clock.now()
    _done(session, doc, "核稿", actor, doc.reviewer)


def countersign(session: Session, doc_id: int, actor: str, at: dt.datetime | None = None) -> None:
    """会签: the departments named in 会签科室 have agreed."""
    doc = _at(session, doc_id, steps.AWAIT_COUNTERSIGN)
    doc.countersigned_at = at or clock.now()
    _done(session, doc, "会签", actor, doc.countersign_departments)


def sign_off(session: Session, doc_id: int, signer: str, on_date: dt.date, code: str, actor: str) -> str:
    """签发 by an authorised leader, and the 发文字号: the next of ``code`` and the year of
    ``on_date``. Returns the number as shown."""
    doc = _at(session, doc_id, steps.AWAIT_SIGN_OFF)
    signer = _named(signer, "signed_by", "签发人")
    if signer not in reference.staff_names(session, SIGNER_ROLE):
        raise ServiceError(f"“{signer}”不是签发人；签发人须是人员目录中有“签发人”角色的领导。", field="signed_by")
    code = code_for_sign_off(session, code, doc.doc_type)
    if doc.seq is not None and (doc.code, doc.year) != (code, on_date.year):
        number = records.display_number(session, OUTGOING, doc)
        raise ServiceError(f"该文已编号 {number}，重新签发须仍用{doc.code}、{doc.year} 年。", field="code")
    doc.signed_by, doc.signed_on = signer, on_date
    if doc.written_on is None:
        doc.written_on = on_date  # 成文日期: the day the leader signed, unless set
    if doc.seq is None:
        records.assign_number(session, OUTGOING, doc, (code, on_date.year))
    number = records.display_number(session, OUTGOING, doc)
    _done(session, doc, "签发", actor, f"{signer}签发，编号 {number}")
    return number


def recheck(session: Session, doc_id: int, actor: str, at: dt.datetime | None = None) -> None:
    """复核: before printing, the signed text and its form checked once more."""
    doc = _at(session, doc_id, steps.AWAIT_RECHECK)
    doc.rechecked_by, doc.rechecked_at = actor, at or clock.now()
    _done(session, doc, "复核", actor)


def print_copies(session: Session, doc_id: int, actor: str, copies: int | None = None,
                 at: dt.datetime | None = None) -> None:
    """印制: the copies are printed (``copies`` sets 份数 if given)."""
    doc = _at(session, doc_id, steps.AWAIT_PRINT)
    if copies is not None:
        doc.copies = _copies(copies)
    doc.printed_by, doc.printed_at = actor, at or clock.now()
    _done(session, doc, "印制", actor, f"{doc.copies} 份" if doc.copies else "")


def _copies(copies: int) -> int:
    if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
        raise ServiceError("份数至少为 1。", field="copies")
    return copies


def dispatch(session: Session, doc_id: int, actor: str, issued_on: dt.date | None = None,
             copies: int | None = None, issuing_authority: str | None = None,
             at: dt.datetime | None = None) -> None:
    """核发: sent out; needs 印发日期 and 份数 (given here or recorded before)."""
    doc = _at(session, doc_id, steps.AWAIT_DISPATCH)
    # checked before anything is set: a refused 核发 leaves the document as it was
    issued_on = issued_on if issued_on is not None else doc.issued_on
    copies = _copies(copies) if copies is not None else doc.copies
    if issued_on is None:
        raise ServiceError("核发前请填写印发日期。", field="issued_on")
    if not copies:
        raise ServiceError("核发前请填写份数。", field="copies")
    if doc.signed_on is not None and issued_on < doc.signed_on:
        raise ServiceError(f"印发日期不能早于签发日期 {doc.signed_on}。", field="issued_on")
    doc.issued_on, doc.copies = issued_on, copies
    if issuing_authority is not None:
        doc.issuing_authority = issuing_authority.strip()
    doc.dispatched_by, doc.dispatched_at = actor, at or clock.now()
    _done(session, doc, "核发", actor, f"{doc.issued_on} 印发 {doc.copies} 份")


def archive(session: Session, doc_id: int, volume: str, item: str, actor: str,
            on_date: dt.date | None = None) -> None:
    """归档: where (卷号/件号) and when; the document is frozen from then on."""
    doc = _at(session, doc_id, steps.AWAIT_ARCHIVE)
    doc.archive_volume = _named(volume, "archive_volume", "归档卷号")
    doc.archive_item = (item or "").strip()
    doc.archived_on = on_date or clock.today()
    _done(session, doc, "归档", actor, f"卷号 {doc.archive_volume} 件号 {doc.archive_item}".strip())


_RETURNABLE = (steps.AWAIT_COUNTERSIGN, steps.AWAIT_SIGN_OFF, steps.AWAIT_RECHECK, steps.AWAIT_PRINT,
               steps.AWAIT_DISPATCH)


def send_back(session: Session, doc_id: int, reason: str, actor: str) -> None:
    """退回修改 (before 核发): the 核稿, 会签, 签发 and later stamps are cleared so the text may
    change and goes through them again; a number already given stays with the document."""
    reason = _named(reason, "reason", "退回原因")
    doc = records.editable(session, OUTGOING, doc_id)
    if doc.step not in _RETURNABLE:
        raise ServiceError(f"该文当前为“{doc.step}”，不能退回修改。")
    doc.reviewed_at = doc.countersigned_at = doc.rechecked_at = doc.printed_at = None
    doc.signed_on = None
    doc.reviewer = doc.signed_by = doc.rechecked_by = doc.printed_by = ""
    doc.returned_at, doc.return_reason = clock.now(), reason
    _done(session, doc, "退回修改", actor, reason)
