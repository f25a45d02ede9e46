"""Where a 发文 waits (its stage), derived from what is recorded (条例 art. 19–25).

起草 → 核稿 → 会签 (only when 会签科室 are named) → 签发 → 复核 → 登记/编号 → 印制 →
核发 → 归档. As in 收文, a stage names what the document waits for (待核稿, 待签发 …),
so the register column reads at a glance. 登记/编号 is not a stage of its own: the
number is given in the same step as 签发 (services.outgoing.workflow.sign_off), so a
signed document is already registered and numbered when it waits for 复核.

A document sent back (退回修改) after 核稿 or 签发 waits for 核稿 again; 已退回 is a
mark beside the stage until it is reviewed again.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.models import OutgoingDocument

AWAIT_REVIEW = "待核稿"
AWAIT_COUNTERSIGN = "待会签"
AWAIT_SIGN_OFF = "待签发"
AWAIT_RECHECK = "待复核"
AWAIT_PRINT = "待印制"
AWAIT_DISPATCH = "待核发"
AWAIT_ARCHIVE = "待归档"
ARCHIVED = "已归档"
CANCELLED = "已作废"

DRAFT_STEPS = (AWAIT_REVIEW, AWAIT_COUNTERSIGN, AWAIT_SIGN_OFF)  # no number yet
OPEN_STEPS = (*DRAFT_STEPS, AWAIT_RECHECK, AWAIT_PRINT, AWAIT_DISPATCH)
STEPS = (*OPEN_STEPS, AWAIT_ARCHIVE, ARCHIVED)  # 已作废 kept apart, as CANCELLED
FROZEN_STEPS = (ARCHIVED, CANCELLED)

RETURNED = "已退回"  # sent back for changes and not reviewed again yet
OPEN = "未办结"  # the filter for every open stage
FILTER_CHOICES = (OPEN, *STEPS, CANCELLED)


def derive_step(doc: OutgoingDocument) -> str:
    """The stage; the same rule as STAGE_SQL below."""
    if doc.cancelled_at is not None:
        return CANCELLED
    if doc.archived_on is not None:
        return ARCHIVED
    if doc.dispatched_at is not None:
        return AWAIT_ARCHIVE
    if doc.printed_at is not None:
        return AWAIT_DISPATCH
    if doc.rechecked_at is not None:
        return AWAIT_PRINT
    if doc.signed_on is not None:
        return AWAIT_RECHECK
    if doc.reviewed_at is not None:
        if (doc.countersign_departments or "").strip() and doc.countersigned_at is None:
            return AWAIT_COUNTERSIGN
        return AWAIT_SIGN_OFF
    return AWAIT_REVIEW


def derive_marks(doc: OutgoingDocument) -> tuple[str, ...]:
    if doc.returned_at is not None and doc.reviewed_at is None and doc.cancelled_at is None:
        return (RETURNED,)
    return ()


# The same rule over outgoing_documents (unaliased): the demo restages after bulk loading.
STAGE_SQL = f"""CASE
  WHEN cancelled_at IS NOT NULL THEN '{CANCELLED}'
  WHEN archived_on IS NOT NULL THEN '{ARCHIVED}'
  WHEN dispatched_at IS NOT NULL THEN '{AWAIT_ARCHIVE}'
  WHEN printed_at IS NOT NULL THEN '{AWAIT_DISPATCH}'
  WHEN rechecked_at IS NOT NULL THEN '{AWAIT_PRINT}'
  WHEN signed_on IS NOT NULL THEN '{AWAIT_RECHECK}'
  WHEN reviewed_at IS NOT NULL AND trim(countersign_departments) <> '' AND countersigned_at IS NULL
    THEN '{AWAIT_COUNTERSIGN}'
  WHEN reviewed_at IS NOT NULL THEN '{AWAIT_SIGN_OFF}'
  ELSE '{AWAIT_REVIEW}'
END"""
RESTAGE_SQL = f"UPDATE outgoing_documents SET step = {STAGE_SQL}"
