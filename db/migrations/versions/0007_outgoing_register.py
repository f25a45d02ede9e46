"""发文 register: every field of a 发文登记簿, its audit trail (outgoing_events), 机关代字

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

Existing outgoing rows keep everything; the new columns take their defaults. A row
with an 印发日期 went out, so it counts as 核发 on that day. The stage cache is derived
once here (the rule as of this revision, kept here: a migration must not change when
services.outgoing.steps does). Every 代字 in use becomes a configured 代字, named after
itself. Then a 基线 entry per 发文 and 代字 in the history, since the state of every
发文 now has more fields than its 0006 baseline digest covered.
"""
import datetime as dt
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_E = sa.text("''")
_TEXT_COLUMNS = (
    ("cc_recipients", sa.Text()), ("reviewer", sa.String(50)), ("countersign_departments", sa.Text()),
    ("rechecked_by", sa.String(50)), ("secrecy_term", sa.String(20)), ("issuing_authority", sa.String(100)),
    ("printed_by", sa.String(50)), ("dispatched_by", sa.String(50)), ("attachment_note", sa.Text()),
    ("body", sa.Text()), ("archive_volume", sa.String(50)), ("archive_item", sa.String(50)),
    ("remarks", sa.Text()), ("return_reason", sa.Text()), ("cancel_reason", sa.Text()),
)
_MOMENTS = ("reviewed_at", "countersigned_at", "rechecked_at", "printed_at", "dispatched_at", "returned_at",
            "cancelled_at", "updated_at")

STAGE_SQL = """CASE
  WHEN cancelled_at IS NOT NULL THEN '已作废'
  WHEN archived_on IS NOT NULL THEN '已归档'
  WHEN dispatched_at IS NOT NULL THEN '待归档'
  WHEN printed_at IS NOT NULL THEN '待核发'
  WHEN rechecked_at IS NOT NULL THEN '待印制'
  WHEN signed_on IS NOT NULL THEN '待复核'
  WHEN reviewed_at IS NOT NULL AND countersign_departments <> '' AND countersigned_at IS NULL THEN '待会签'
  WHEN reviewed_at IS NOT NULL THEN '待签发'
  ELSE '待核稿'
END"""


def upgrade() -> None:
    with op.batch_alter_table("outgoing_documents", recreate="always") as b:
        b.drop_constraint("code_year_seq", type_="unique")
        b.add_column(sa.Column("repeat", sa.Integer(), server_default=sa.text("0"), nullable=False))
        b.add_column(sa.Column("imported", sa.Boolean(), server_default=sa.text("0"), nullable=False))
        for name, type_ in _TEXT_COLUMNS:
            b.add_column(sa.Column(name, type_, server_default=_E, nullable=False))
        for name in _MOMENTS:
            b.add_column(sa.Column(name, sa.DateTime(), nullable=True))
        b.add_column(sa.Column("written_on", sa.Date(), nullable=True))
        b.add_column(sa.Column("archived_on", sa.Date(), nullable=True))
        b.add_column(sa.Column("copies", sa.Integer(), nullable=True))
        b.add_column(sa.Column("secrecy", sa.String(10), server_default=sa.text("'公开'"), nullable=False))
        b.add_column(sa.Column("urgency", sa.String(10), server_default=sa.text("'普通'"), nullable=False))
        b.add_column(sa.Column("step", sa.String(10), server_default=sa.text("'待核稿'"), nullable=False))
        b.add_column(sa.Column("supervision_item_id", sa.Integer(), nullable=True))
        b.create_foreign_key(op.f("fk_outgoing_documents_supervision_item_id_supervision_items"),
                             "supervision_items", ["supervision_item_id"], ["id"])
        b.create_unique_constraint("code_year_seq", ["code", "year", "seq", "repeat"])
        b.create_check_constraint("seq_positive", "seq > 0")
        b.create_index("ix_outgoing_signed", ["signed_on", "id"], unique=False)
        b.create_index(b.f("ix_outgoing_documents_doc_type"), ["doc_type"], unique=False)
        b.create_index(b.f("ix_outgoing_documents_secrecy"), ["secrecy"], unique=False)
        b.create_index(b.f("ix_outgoing_documents_step"), ["step"], unique=False)
        b.create_index(b.f("ix_outgoing_documents_supervision_item_id"), ["supervision_item_id"], unique=False)
    op.create_table(
        "outgoing_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["outgoing_documents.id"],
                                name=op.f("fk_outgoing_events_document_id_outgoing_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_events")),
    )
    op.create_index(op.f("ix_outgoing_events_document_id"), "outgoing_events", ["document_id"], unique=False)
    op.create_table(
        "outgoing_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("doc_types", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_outgoing_codes_code")),
    )
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE outgoing_documents SET dispatched_at = issued_on || ' 00:00:00.000000' "
                         "WHERE issued_on IS NOT NULL AND seq IS NOT NULL"))
    conn.execute(sa.text(f"UPDATE outgoing_documents SET step = {STAGE_SQL}"))
    conn.execute(sa.text(
        "INSERT INTO outgoing_codes (code, name, doc_types, active, sort_order) "
        "SELECT code, code, '', 1, row_number() OVER (ORDER BY min(id)) FROM outgoing_documents "
        "WHERE code <> '' GROUP BY code"))
    _baseline(conn)


def _baseline(conn: sa.Connection) -> None:
    from db import audit

    settings = dict(conn.execute(sa.text("SELECT key, value FROM settings")).all())
    pattern = settings.get("outgoing.number_format", "{code}〔{year}〕{seq}号")

    def number_of(kind: str, state: dict) -> str:
        if kind == "outgoing":
            if state.get("seq") is None:
                return ""
            return pattern.format(year=state["year"], seq=state["seq"], code=state.get("code") or "")
        return str(state.get("code", ""))

    meta = sa.MetaData()
    reflected: dict = {}

    def tables(name: str) -> sa.Table:  # as the file has them at this revision
        if name not in reflected:
            reflected[name] = sa.Table(name, meta, autoload_with=conn)
        return reflected[name]

    at = audit.stamp(dt.datetime.now())
    for kind in ("outgoing", "outgoing_code"):
        audit.log_states(conn, kind, audit.chunks_of_all(conn, kind, tables=tables), audit.BASELINE,
                         "系统", at, number_of, tables)


def downgrade() -> None:
    op.drop_table("outgoing_codes")
    op.drop_index(op.f("ix_outgoing_events_document_id"), table_name="outgoing_events")
    op.drop_table("outgoing_events")
    with op.batch_alter_table("outgoing_documents", recreate="always") as b:
        for name in ("ix_outgoing_signed", "ix_outgoing_documents_doc_type", "ix_outgoing_documents_secrecy",
                     "ix_outgoing_documents_step", "ix_outgoing_documents_supervision_item_id"):
            b.drop_index(name)
        b.drop_constraint("code_year_seq", type_="unique")
        b.drop_constraint("ck_outgoing_documents_seq_positive", type_="check")
        b.drop_constraint("fk_outgoing_documents_supervision_item_id_supervision_items", type_="foreignkey")
        for name in ("repeat", "imported", *(n for n, _t in _TEXT_COLUMNS), *_MOMENTS, "written_on",
                     "archived_on", "copies", "secrecy", "urgency", "step", "supervision_item_id"):
            b.drop_column(name)
        b.create_unique_constraint("code_year_seq", ["code", "year", "seq"])
