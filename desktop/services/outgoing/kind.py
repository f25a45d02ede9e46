"""发文 as a register kind, as far as the shared record services need it today.

Numbered per 代字 and year (院发〔2026〕7号 and 院办发〔2026〕7号 are two documents), and
only at 签发: a draft has no number (seq is NULL) until records.assign_number().
The 发文 issue adds its audit table, stages, search index and freezing rules here.
"""
from __future__ import annotations

from db.models import OutgoingDocument
from desktop.services.records import RecordKind

OUTGOING = RecordKind(
    key="outgoing",
    name="发文",
    model=OutgoingDocument,
    scope_columns=("code", "year"),
)
