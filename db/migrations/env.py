"""Alembic environment: runs on the connection db.schema hands it (no alembic.ini)."""
from alembic import context

from db.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite ALTER TABLE support
    compare_type=True,
    transaction_per_migration=False,
    include_object=lambda obj, name, type_, reflected, compare_to: not (
        type_ == "table" and name.startswith("incoming_search")
    ),
)
with context.begin_transaction():
    context.run_migrations()
