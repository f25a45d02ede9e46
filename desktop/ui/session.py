"""Opening a database for the window: cheap when the file is current, full ORM otherwise."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from db.paths import SCHEMA_HEAD, open_reader, schema_revision
from desktop.locations import resolve_database_path
from desktop.ui.ops import AppContext


def open_context(path: Path | str | None, settings: QSettings, *, create: bool = True) -> AppContext:
    """Validate and open. A current file needs no ORM yet; a new, old or newer one is
    created, migrated or refused now (raises DatabaseFileError / SchemaTooNewError)."""
    store = None
    path = resolve_database_path(path, create=create)
    current = None
    if path.exists():
        probe = open_reader(path)
        current = schema_revision(probe)
        probe.close()
    if current != SCHEMA_HEAD:
        from desktop.services.store import open_store

        store = open_store(path, create=create)
    actor = str(settings.value("user/name", "文书"))
    return AppContext(path, settings, open_reader(path), actor=actor, store=store)
