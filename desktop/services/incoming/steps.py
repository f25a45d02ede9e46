"""The step a document is at, derived from what has been recorded (条例 art. 24)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.models import IncomingDocument

STEPS = ("登记", "初审", "拟办", "批示", "承办", "传阅", "催办", "办结", "归档")
CANCELLED = "作废"
OPEN_STEPS = STEPS[:7]  # not yet 办结


def derive_step(doc: IncomingDocument) -> str:
    if doc.cancelled_at is not None:
        return CANCELLED
    if doc.archived_on is not None:
        return "归档"
    if doc.completed_on is not None:
        return "办结"
    if doc.reminders:
        return "催办"
    if doc.circulations:
        return "传阅"
    if doc.assignments:
        return "承办"
    if doc.instructions:
        return "批示"
    if doc.proposal.strip():
        return "拟办"
    if doc.reviewed_at is not None:
        return "初审"
    return "登记"


def refresh_step(doc: IncomingDocument) -> str:
    """Rewrite the cached ``step`` column. records.save() does it after every change
    (derive_step is the 收文 kind's derive_stage); the Excel import calls this itself."""
    doc.step = derive_step(doc)
    return doc.step
