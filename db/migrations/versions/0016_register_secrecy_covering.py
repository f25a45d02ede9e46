"""收文 register indexes cover 密级, so a 文书's register reads no rows to leave out 秘密 and above

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30

A 文书 is cleared for 公开 and 内部 only, so every listing of theirs carries
``secrecy IN ('公开', '内部')``. With (received_at, id) the register walked newest first
but looked each row up for its 密级: the whole list of 1,000,000 收文 took 707 ms for the
文书 against 181 ms for the 主任, 文种 = 通知 480 ms. (received_at, id, secrecy) and
(doc_type, received_at, id, secrecy) answer it from the index, as 发文's indexes (0014)
already do. See tests/benchmarks ("文书" figures).
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0016"
down_revision: Union[str, Sequence[str], None] = "0015"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # plain CREATE/DROP INDEX: nothing here needs batch mode's table copy
    op.drop_index("ix_incoming_received", table_name="incoming_documents")
    op.create_index("ix_incoming_received", "incoming_documents", ["received_at", "id", "secrecy"])
    op.drop_index("ix_incoming_type_received", table_name="incoming_documents")
    op.create_index("ix_incoming_type_received", "incoming_documents", ["doc_type", "received_at", "id", "secrecy"])


def downgrade() -> None:
    op.drop_index("ix_incoming_type_received", table_name="incoming_documents")
    op.create_index("ix_incoming_type_received", "incoming_documents", ["doc_type", "received_at", "id"])
    op.drop_index("ix_incoming_received", table_name="incoming_documents")
    op.create_index("ix_incoming_received", "incoming_documents", ["received_at", "id"])
