"""关于院办通's schema line, read through services."""
from __future__ import annotations

from sqlalchemy import text

from desktop.services.about import schema_versions


def test_a_new_database_is_at_the_version_the_program_supports(store):
    versions = schema_versions(store)
    assert versions.current == versions.supported
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == versions.current
