"""What 关于院办通 says about the open database, so the UI need not read the schema itself."""
from __future__ import annotations

from dataclasses import dataclass

from db.schema import current_revision, head_revision
from desktop.services.store import Store


@dataclass(frozen=True)
class SchemaVersions:
    current: str | None  # None: the file has no version table
    supported: str  # the newest revision this program migrates to


def schema_versions(store: Store) -> SchemaVersions:
    return SchemaVersions(current=current_revision(store.engine), supported=head_revision())
