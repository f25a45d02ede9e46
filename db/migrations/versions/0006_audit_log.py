"""the tamper-evident history: audit_log, append-only triggers, a baseline entry per record

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Every record that exists when the log begins gets one 基线 entry holding the SHA-256 of
its current state (own fields and child rows; no values, to keep the file small), so
``verify`` can check records older than the log. Written in bulk through db.audit
(chunks of 2,000 records, executemany).
"""
import datetime as dt
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The display formats as of this revision (the office may have changed them: settings win).
_FORMATS = {
    "incoming": ("incoming.number_format", "收〔{year}〕{seq:04d}"),
    "outgoing": ("outgoing.number_format", "{code}〔{year}〕{seq}号"),
    "supervision": ("supervision.number_format", "督〔{year}〕{seq}号"),
}
BASELINE_ACTOR = "系统"


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=19), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),  # SHA-256, 32 bytes (db.models.Digest)
        sa.Column("hash", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_record", ["kind", "record_id", "id"], unique=False)
    _baseline(op.get_bind())
    from db.audit import TRIGGERS

    for sql in TRIGGERS:
        op.execute(sql)


def _baseline(conn: sa.Connection) -> None:
    from db import audit

    settings = dict(conn.execute(sa.text("SELECT key, value FROM settings")).all())
    patterns = {kind: settings.get(key, default) for kind, (key, default) in _FORMATS.items()}

    def number_of(kind: str, state: dict) -> str:
        if kind in patterns:
            if state.get("seq") is None:
                return ""
            return patterns[kind].format(year=state["year"], seq=state["seq"], code=state.get("code") or "")
        return str(state.get("name", ""))

    meta = sa.MetaData()
    reflected: dict = {}

    present = set(sa.inspect(conn).get_table_names())

    def tables(name: str) -> sa.Table | None:  # as the file has them at this revision
        if name not in present:
            return None  # a kind added by a later revision (发文代字 in 0007)
        if name not in reflected:
            reflected[name] = sa.Table(name, meta, autoload_with=conn)
        return reflected[name]

    at = audit.stamp(dt.datetime.now())
    for kind in (*audit.RECORD_TABLES, audit.SETTINGS_KIND):
        audit.log_states(conn, kind, audit.chunks_of_all(conn, kind, tables=tables), audit.BASELINE,
                         BASELINE_ACTOR, at, number_of, tables)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_record")
        batch_op.drop_index("ix_audit_at")
    op.drop_table("audit_log")
