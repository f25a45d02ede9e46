"""收文 as a register kind: what the shared record services need to know about it."""
from __future__ import annotations

from db.models import IncomingDocument, IncomingEvent
from desktop.services.incoming.steps import derive_step
from desktop.services.records import RecordKind


def _frozen_reason(doc: IncomingDocument) -> str | None:
    if doc.cancelled_at is not None:
        return "已作废"
    if doc.archived_on is not None:
        return "已归档"
    return None


INCOMING = RecordKind(
    key="incoming",
    name="收文",
    model=IncomingDocument,
    scope_columns=("year",),
    event_model=IncomingEvent,
    derive_stage=derive_step,
    frozen_reason=_frozen_reason,
    archived=lambda doc: doc.archived_on is not None,
)
