"""the 图表 tab at 1,000,000 收文: per-month rollups kept by triggers, covering indexes

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30

Measured on the 1,000,000-document demo (best of 3, cold connection): 收文 per month over
the register 250 ms and 办结 per month with working days 270 ms read every row's index
entry, and 发文 per month of 签发 looked every 发文 up for 作废 (242 ms);
stats_incoming_months, stats_incoming_done and stats_outgoing_months (db.stats_rollup)
hold the same counts in a few thousand rows, kept by triggers on the two registers and
counted here once from the rows. The 督办通报 grouped by 主办科室
walked ix_supervision_lead and looked up all 66,667 items (100 ms per period): two
covering indexes, one per plan it takes (35 ms).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: Union[str, Sequence[str], None] = "0016"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    from db.stats_rollup import REBUILD, TRIGGERS

    op.create_table(
        "stats_incoming_months",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("secrecy", sa.String(length=10), nullable=False),
        sa.Column("n", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("month", "secrecy"),
    )
    op.create_table(
        "stats_incoming_done",
        sa.Column("completed_on", sa.String(length=10), nullable=False),
        sa.Column("received_on", sa.String(length=10), nullable=False),
        sa.Column("secrecy", sa.String(length=10), nullable=False),
        sa.Column("n", sa.Integer(), server_default="0", nullable=False),
        sa.Column("with_deadline", sa.Integer(), server_default="0", nullable=False),
        sa.Column("within_deadline", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("completed_on", "received_on", "secrecy"),
    )
    op.create_table(
        "stats_outgoing_months",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("secrecy", sa.String(length=10), nullable=False),
        sa.Column("n", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("month", "secrecy"),
    )
    for sql in (*TRIGGERS, *REBUILD):
        op.execute(sql)
    op.create_index("ix_supervision_bulletin", "supervision_items",
                    ["assigned_on", "closed_on", "cancelled_at", "due_on", "lead_department", "report_cycle"])
    op.create_index("ix_supervision_lead_bulletin", "supervision_items",
                    ["lead_department", "assigned_on", "closed_on", "cancelled_at", "due_on", "report_cycle"])


def downgrade() -> None:
    op.drop_index("ix_supervision_lead_bulletin", table_name="supervision_items")
    op.drop_index("ix_supervision_bulletin", table_name="supervision_items")
    from db.stats_rollup import TRIGGER_NAMES

    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("stats_outgoing_months")
    op.drop_table("stats_incoming_done")
    op.drop_table("stats_incoming_months")
