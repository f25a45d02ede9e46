"""发文 as a register kind: what the shared record services need to know about it.

Numbered per 代字 and year (院发〔2026〕7号 and 院办发〔2026〕7号 are two documents), and
only at 签发: a draft has no number (seq is NULL) until records.assign_number().
"""
from __future__ import annotations

from db.models import OutgoingDocument, OutgoingEvent
from desktop.services.outgoing.steps import derive_step
from desktop.services.records import RecordKind


def _frozen_reason(doc: OutgoingDocument) -> str | None:
    if doc.cancelled_at is not None:
        return "已作废"
    if doc.archived_on is not None:
        return "已归档"
    return None


OUTGOING = RecordKind(
    key="outgoing",
    name="发文",
    model=OutgoingDocument,
    scope_columns=("code", "year"),
    event_model=OutgoingEvent,
    derive_stage=derive_step,
    frozen_reason=_frozen_reason,
    archived=lambda doc: doc.archived_on is not None,
)
