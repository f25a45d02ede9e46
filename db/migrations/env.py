"""Alembic environment: runs on the connection db.schema hands it (no alembic.ini)."""
from alembic import context

from db.models import Base


def _include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The *_search tables (and their FTS5 shadow tables *_search_*) are the search indexes,
    # made outside the models.
    return not (type_ == "table" and name is not None and ("_search_" in name or name.endswith("_search")))


config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite ALTER TABLE support
    compare_type=True,
    transaction_per_migration=False,
    include_object=_include_object,
)
with context.begin_transaction():
    context.run_migrations()
