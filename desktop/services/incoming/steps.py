"""Where a document waits (its stage) and what is going on beside it (its marks).

Users asked "what is this document waiting for?", so a stage names the next thing to
do, not the last thing done: the old 初审 read as "waiting for 初审" while it meant
"初审 done". Every open stage starts with 待 (waiting for) except 承办中, where the
departments are at work and nothing is owed by the office; the two end stages start
with 已 (done). Users told 待 and 已 apart at a glance in the register column.

传阅 and 催办 are not stages: a document is circulated to leaders while it waits for
批示 or while departments work on it, and a reminder does not move it anywhere. They
are marks shown beside the stage ("承办中·传阅中"), derived like the stage.

Order of the steps (条例 art. 24): 初审 → 拟办 → 批示 → 交办(承办) → 办结 → 归档.
A 阅知件 (for reading only) needs no department: after 批示 it waits for 归档.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.models import IncomingDocument

AWAIT_REVIEW = "待初审"
AWAIT_PROPOSAL = "待拟办"
AWAIT_INSTRUCTION = "待批示"
AWAIT_ASSIGNMENT = "待交办"
IN_HAND = "承办中"
AWAIT_ARCHIVE = "待归档"
ARCHIVED = "已归档"
CANCELLED = "已作废"

OPEN_STEPS = (AWAIT_REVIEW, AWAIT_PROPOSAL, AWAIT_INSTRUCTION, AWAIT_ASSIGNMENT, IN_HAND)
STEPS = (*OPEN_STEPS, AWAIT_ARCHIVE, ARCHIVED)  # 已作废 is kept apart, as CANCELLED
FROZEN_STEPS = (ARCHIVED, CANCELLED)  # nothing may change any more

CIRCULATING = "传阅中"  # a copy handed to a reader has not come back
REMINDED = "已催办"  # chased, and not yet 办结
MARKS = (CIRCULATING, REMINDED)
MARK_SEPARATOR = "·"

OPEN = "未办结"
# The 环节 filter: all open documents, each stage, each mark, 已作废.
FILTER_CHOICES = (OPEN, *STEPS, *MARKS, CANCELLED)


def derive_step(doc: IncomingDocument) -> str:
    """The stage; the same rule as STAGE_SQL below (the migration and the demo use that)."""
    if doc.cancelled_at is not None:
        return CANCELLED
    if doc.archived_on is not None:
        return ARCHIVED
    if doc.completed_on is not None:
        return AWAIT_ARCHIVE
    if doc.assignments:
        return IN_HAND
    if doc.instructions:
        return AWAIT_ARCHIVE if doc.for_reading_only else AWAIT_ASSIGNMENT
    if (doc.proposal or "").strip():
        return AWAIT_INSTRUCTION
    if doc.reviewed_at is not None:
        return AWAIT_PROPOSAL
    return AWAIT_REVIEW


def derive_marks(doc: IncomingDocument) -> tuple[str, ...]:
    """传阅中 while a copy is out, 已催办 once chased until 办结; none on a frozen document."""
    if doc.cancelled_at is not None or doc.archived_on is not None:
        return ()
    marks = []
    if any(c.returned_at is None for c in doc.circulations):
        marks.append(CIRCULATING)
    if doc.reminders and doc.completed_on is None:
        marks.append(REMINDED)
    return tuple(marks)


def with_marks(step: str, marks: tuple[str, ...] | list[str]) -> str:
    """The register's 环节 column: "承办中·传阅中"."""
    return MARK_SEPARATOR.join((step, *marks))


def refresh_step(doc: IncomingDocument) -> str:
    """Rewrite the cached ``step`` column. records.save() does it after every change
    (derive_step is the 收文 kind's derive_stage); the Excel import calls this itself."""
    doc.step = derive_step(doc)
    return doc.step


# --- the same rules in SQL, over incoming_documents aliased ``d`` -------------------------

_EXISTS = "EXISTS (SELECT 1 FROM {table} x WHERE x.document_id = d.id{extra})"
_FROZEN_SQL = "(d.cancelled_at IS NOT NULL OR d.archived_on IS NOT NULL)"

STAGE_SQL = f"""CASE
  WHEN d.cancelled_at IS NOT NULL THEN '{CANCELLED}'
  WHEN d.archived_on IS NOT NULL THEN '{ARCHIVED}'
  WHEN d.completed_on IS NOT NULL THEN '{AWAIT_ARCHIVE}'
  WHEN {_EXISTS.format(table="incoming_assignments", extra="")} THEN '{IN_HAND}'
  WHEN {_EXISTS.format(table="incoming_instructions", extra="")}
    THEN CASE WHEN d.for_reading_only THEN '{AWAIT_ARCHIVE}' ELSE '{AWAIT_ASSIGNMENT}' END
  WHEN trim(coalesce(d.proposal, '')) <> '' THEN '{AWAIT_INSTRUCTION}'
  WHEN d.reviewed_at IS NOT NULL THEN '{AWAIT_PROPOSAL}'
  ELSE '{AWAIT_REVIEW}'
END"""

MARK_SQL = {
    CIRCULATING: f"(NOT {_FROZEN_SQL} AND "
                 + _EXISTS.format(table="incoming_circulations", extra=" AND x.returned_at IS NULL") + ")",
    REMINDED: f"(NOT {_FROZEN_SQL} AND d.completed_on IS NULL AND "
              + _EXISTS.format(table="incoming_reminders", extra="") + ")",
}

# One set-based statement (200,000 rows in about a second); the demo generator runs it
# after bulk-loading. Migration 0003 keeps its own copy: a migration must not change
# when this module does.
RESTAGE_SQL = f"UPDATE incoming_documents AS d SET step = {STAGE_SQL}"
