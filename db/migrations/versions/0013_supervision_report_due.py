"""督办: the report_due_on cache (when the next 进展 report is due), so "进展逾期" filters in SQL

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29

Filled here for existing items with the rule as of this revision (kept here, as 0011
keeps its stage rule): the last report's date, else the 交办日期, plus 7 / 14 / 30 days
for 每周 / 每两周 / 每月; NULL without a cycle. Later every save refreshes it.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: Union[str, Sequence[str], None] = "0012"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

def upgrade() -> None:
    with op.batch_alter_table("supervision_items") as b:
        b.add_column(sa.Column("report_due_on", sa.Date(), nullable=True))
    op.get_bind().execute(sa.text(
        "UPDATE supervision_items SET report_due_on = date(coalesce("
        "(SELECT max(r.reported_on) FROM supervision_reports r WHERE r.item_id = supervision_items.id), "
        "assigned_on), '+' || CASE report_cycle WHEN '每周' THEN 7 WHEN '每两周' THEN 14 ELSE 30 END || ' days') "
        "WHERE report_cycle IN ('每周', '每两周', '每月')"))


def downgrade() -> None:
    with op.batch_alter_table("supervision_items") as b:
        b.drop_column("report_due_on")
