"""收文 stages: where a document waits, not the last thing done

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

The cached ``step`` held the last step taken (初审 read as "waiting for 初审"; 传阅
and 催办 hid the stage). It now holds the stage the document waits in; 传阅中 and 已催办
are marks derived when shown. One set-based UPDATE (a CASE over EXISTS subqueries on
the indexed document_id columns), never a Python loop: 200,000 rows in about a second.
The rule is copied here from services.incoming.steps on purpose: a migration must do
the same thing forever, whatever later becomes of that module.
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _exists(table: str) -> str:
    return f"EXISTS (SELECT 1 FROM {table} x WHERE x.document_id = d.id)"


STAGES = f"""
UPDATE incoming_documents AS d SET step = CASE
  WHEN d.cancelled_at IS NOT NULL THEN '已作废'
  WHEN d.archived_on IS NOT NULL THEN '已归档'
  WHEN d.completed_on IS NOT NULL THEN '待归档'
  WHEN {_exists("incoming_assignments")} THEN '承办中'
  WHEN {_exists("incoming_instructions")}
    THEN CASE WHEN d.for_reading_only THEN '待归档' ELSE '待交办' END
  WHEN trim(coalesce(d.proposal, '')) <> '' THEN '待批示'
  WHEN d.reviewed_at IS NOT NULL THEN '待拟办'
  ELSE '待初审'
END"""

# The words of 0002 and before: the last step taken.
LAST_STEPS = f"""
UPDATE incoming_documents AS d SET step = CASE
  WHEN d.cancelled_at IS NOT NULL THEN '作废'
  WHEN d.archived_on IS NOT NULL THEN '归档'
  WHEN d.completed_on IS NOT NULL THEN '办结'
  WHEN {_exists("incoming_reminders")} THEN '催办'
  WHEN {_exists("incoming_circulations")} THEN '传阅'
  WHEN {_exists("incoming_assignments")} THEN '承办'
  WHEN {_exists("incoming_instructions")} THEN '批示'
  WHEN trim(coalesce(d.proposal, '')) <> '' THEN '拟办'
  WHEN d.reviewed_at IS NOT NULL THEN '初审'
  ELSE '登记'
END"""


def upgrade() -> None:
    op.execute(STAGES)


def downgrade() -> None:
    op.execute(LAST_STEPS)
