"""督办 as a register kind: what the shared record services need to know about it.

Numbered per year (督〔2026〕12号); a sub-item shares its parent's number (part 1, 2 …,
shown 督〔2026〕12号-1 by services.supervision.query.number_text). An item reported done
(办结, waiting for or past 审结) or 撤销 takes no more edits; 审结 and 评价 are the
actions that still apply, and they check the stage themselves.
"""
from __future__ import annotations

from db.models import SupervisionEvent, SupervisionItem
from desktop.services.records import RecordKind
from desktop.services.supervision.status import derive_step, refresh_due


def _stage(item: SupervisionItem) -> str:
    """Both caches at once, on every records.save: the effective deadline, then the stage."""
    refresh_due(item)
    return derive_step(item)


def _frozen_reason(item: SupervisionItem) -> str | None:
    if item.cancelled_at is not None:
        return "已撤销"
    return "已办结" if item.closed_on is not None else None


SUPERVISION = RecordKind(
    key="supervision",
    name="督办",
    model=SupervisionItem,
    scope_columns=("year",),
    event_model=SupervisionEvent,
    derive_stage=_stage,
    frozen_reason=_frozen_reason,
    archived=lambda item: item.accepted_at is not None or item.cancelled_at is not None,
)
