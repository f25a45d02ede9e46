"""发文 filter indexes: each filter column with the register's order and the 密级, covering

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29

Every 发文 filter runs with "secrecy IN (what the viewer may see)" and the register's
order (created_at DESC, id DESC). Without statistics SQLite chose the single-column
secrecy index for all of them — every row of the two common levels, then a sort: 150–180 ms
on 200,000 发文 (tests/benchmarks/outgoing_filters.py). An index per filter column
followed by created_at, id, secrecy is searched by the filter, read in the register's
order and checked for 密级 without touching the table (2–50 ms). The single-column
secrecy, doc_type and step indexes are replaced (the new ones start with the same
column; a secrecy index would still tempt the planner).
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0014"
down_revision: Union[str, Sequence[str], None] = "0013"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ORDER = ["created_at", "id", "secrecy"]
NEW = {
    "ix_outgoing_created_secrecy": ORDER,
    "ix_outgoing_code_created": ["code", *ORDER],
    "ix_outgoing_doc_type_created": ["doc_type", *ORDER],
    "ix_outgoing_step_created": ["step", *ORDER],
    "ix_outgoing_signer_created": ["signed_by", *ORDER],
    "ix_outgoing_department_created": ["drafting_department", *ORDER],
    "ix_outgoing_signed_secrecy": ["signed_on", "secrecy", "created_at", "id"],
}
OLD = {"ix_outgoing_documents_secrecy": ["secrecy"], "ix_outgoing_documents_doc_type": ["doc_type"],
       "ix_outgoing_documents_step": ["step"]}


def upgrade() -> None:
    with op.batch_alter_table("outgoing_documents") as b:
        for name in OLD:
            b.drop_index(name)
        for name, columns in NEW.items():
            b.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outgoing_documents") as b:
        for name in NEW:
            b.drop_index(name)
        for name, columns in OLD.items():
            b.create_index(name, columns, unique=False)
