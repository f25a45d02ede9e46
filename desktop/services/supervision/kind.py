"""督办 as a register kind, as far as the shared record services need it today.

Numbered per year (督〔2026〕12号). A closed item (办结) takes no more changes. The 督办
issue adds its audit table, stages and search index here.
"""
from __future__ import annotations

from db.models import SupervisionItem
from desktop.services.records import RecordKind


def _frozen_reason(item: SupervisionItem) -> str | None:
    return "已办结" if item.closed_on is not None else None


SUPERVISION = RecordKind(
    key="supervision",
    name="督办",
    model=SupervisionItem,
    scope_columns=("year",),
    frozen_reason=_frozen_reason,
)
