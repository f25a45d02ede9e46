"""督办: every field of a 督办事项, sub-items, 进展/催办/延期 logs and supervision_events

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29

Existing items keep everything; new columns take their defaults. An item that had a
closed_on was done, so it counts as 审结 that day. The effective deadline cache (due_on)
starts as the deadline, and the stage cache is derived once here (the rule as of this
revision, kept here: a migration must not change when services.supervision.status does).
Then a 基线 entry per item in the history, since an item's state now has more fields.
"""
import datetime as dt
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: Union[str, Sequence[str], None] = "0010"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_E = sa.text("''")
_TEXT_COLUMNS = (
    ("source_detail", sa.String(200)), ("instruction", sa.Text()), ("requirement", sa.Text()),
    ("report_cycle", sa.String(10)), ("result", sa.Text()), ("evidence", sa.Text()), ("closed_by", sa.String(50)),
    ("accepted_by", sa.String(50)), ("return_reason", sa.Text()), ("evaluation", sa.String(10)),
    ("evaluation_note", sa.Text()), ("evaluated_by", sa.String(50)), ("cancel_reason", sa.Text()),
)
_NULLABLE = (
    ("parent_id", sa.Integer()), ("deadline_workdays", sa.Integer()), ("due_on", sa.Date()),
    ("accepted_at", sa.DateTime()), ("returned_at", sa.DateTime()), ("cancelled_at", sa.DateTime()),
    ("updated_at", sa.DateTime()),
)

STAGE_SQL = """CASE
  WHEN cancelled_at IS NOT NULL THEN '已撤销'
  WHEN closed_on IS NOT NULL AND accepted_at IS NULL THEN '待审结'
  WHEN closed_on IS NOT NULL AND due_on IS NOT NULL AND closed_on > due_on THEN '已办结（逾期）'
  WHEN closed_on IS NOT NULL THEN '已办结（按期）'
  ELSE '进行中'
END"""


def _item_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["item_id"], ["supervision_items.id"],
                                   name=op.f(f"fk_{table}_item_id_supervision_items"))


def _child(table: str, *columns: sa.Column) -> None:
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        *columns,
        _item_fk(table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_item_id"), table, ["item_id"], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("supervision_items", recreate="always") as b:
        b.drop_constraint("year_seq", type_="unique")
        b.add_column(sa.Column("part", sa.Integer(), server_default=sa.text("0"), nullable=False))
        for name, type_ in _TEXT_COLUMNS:
            b.add_column(sa.Column(name, type_, server_default=_E, nullable=False))
        for name, type_ in _NULLABLE:
            b.add_column(sa.Column(name, type_, nullable=True))
        b.add_column(sa.Column("priority", sa.String(10), server_default=sa.text("'一般'"), nullable=False))
        b.add_column(sa.Column("step", sa.String(10), server_default=sa.text("'进行中'"), nullable=False))
        b.create_foreign_key(op.f("fk_supervision_items_parent_id_supervision_items"),
                             "supervision_items", ["parent_id"], ["id"])
        b.create_unique_constraint("year_seq", ["year", "seq", "part"])
        b.create_check_constraint("seq_positive", "seq > 0")
        b.create_index(b.f("ix_supervision_items_parent_id"), ["parent_id"], unique=False)
        b.create_index("ix_supervision_step_due", ["step", "due_on"], unique=False)
        b.create_index("ix_supervision_assigned", ["assigned_on", "id"], unique=False)
        b.create_index("ix_supervision_lead", ["lead_department", "step"], unique=False)
    _child("supervision_reports",
           sa.Column("reported_on", sa.Date(), nullable=False),
           sa.Column("text", sa.Text(), nullable=False),
           sa.Column("percent", sa.Integer(), nullable=False),
           sa.Column("reported_by", sa.String(length=50), nullable=False),
           sa.Column("recorded_by", sa.String(length=50), nullable=False),
           sa.Column("recorded_at", sa.DateTime(), nullable=False))
    _child("supervision_reminders",
           sa.Column("reminded_on", sa.Date(), nullable=False),
           sa.Column("method", sa.String(length=10), nullable=False),
           sa.Column("reminded_by", sa.String(length=50), nullable=False),
           sa.Column("answer", sa.Text(), nullable=False),
           sa.Column("recorded_at", sa.DateTime(), nullable=False))
    _child("supervision_extensions",
           sa.Column("requested_on", sa.Date(), nullable=False),
           sa.Column("requested_by", sa.String(length=50), nullable=False),
           sa.Column("reason", sa.Text(), nullable=False),
           sa.Column("new_deadline", sa.Date(), nullable=False),
           sa.Column("decision", sa.String(length=10), nullable=False),
           sa.Column("decided_by", sa.String(length=50), nullable=False),
           sa.Column("decided_at", sa.DateTime(), nullable=True),
           sa.Column("decision_note", sa.Text(), nullable=False))
    _child("supervision_events",
           sa.Column("action", sa.String(length=20), nullable=False),
           sa.Column("actor", sa.String(length=50), nullable=False),
           sa.Column("at", sa.DateTime(), nullable=False),
           sa.Column("detail", sa.Text(), nullable=False))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE supervision_items SET due_on = deadline, "
                         "accepted_at = CASE WHEN closed_on IS NOT NULL THEN closed_on || ' 00:00:00.000000' END"))
    conn.execute(sa.text(f"UPDATE supervision_items SET step = {STAGE_SQL}"))
    _baseline(conn)


def _baseline(conn: sa.Connection) -> None:
    from db import audit

    settings = dict(conn.execute(sa.text("SELECT key, value FROM settings")).all())
    pattern = settings.get("supervision.number_format", "督〔{year}〕{seq}号")

    def number_of(kind: str, state: dict) -> str:
        return pattern.format(year=state["year"], seq=state["seq"])

    meta = sa.MetaData()
    reflected: dict = {}

    def tables(name: str) -> sa.Table:  # as the file has them at this revision
        if name not in reflected:
            reflected[name] = sa.Table(name, meta, autoload_with=conn)
        return reflected[name]

    at = audit.stamp(dt.datetime.now())
    audit.log_states(conn, "supervision", audit.chunks_of_all(conn, "supervision", tables=tables), audit.BASELINE,
                     "系统", at, number_of, tables)


def downgrade() -> None:
    for table in ("supervision_events", "supervision_extensions", "supervision_reminders", "supervision_reports"):
        op.drop_index(op.f(f"ix_{table}_item_id"), table_name=table)
        op.drop_table(table)
    with op.batch_alter_table("supervision_items", recreate="always") as b:
        for name in ("ix_supervision_items_parent_id", "ix_supervision_step_due", "ix_supervision_assigned",
                     "ix_supervision_lead"):
            b.drop_index(name)
        b.drop_constraint("year_seq", type_="unique")
        b.drop_constraint("ck_supervision_items_seq_positive", type_="check")
        b.drop_constraint("fk_supervision_items_parent_id_supervision_items", type_="foreignkey")
        for name in ("part", *(n for n, _t in _TEXT_COLUMNS), *(n for n, _t in _NULLABLE), "priority", "step"):
            b.drop_column(name)
        b.create_unique_constraint("year_seq", ["year", "seq"])
