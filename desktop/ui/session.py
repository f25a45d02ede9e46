"""Opening a database for the window: cheap when the file is current, full ORM otherwise."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from db.paths import SCHEMA_HEAD, check_database_path, open_reader, schema_revision
from desktop.ui.ops import AppContext


def open_context(path: Path | str | None, settings: QSettings, *, create: bool = True) -> AppContext:
    """Validate and open. A current file needs no ORM yet; a new, old or newer one is
    created, migrated or refused now (raises DatabaseFileError / SchemaTooNewError)."""
    store = None
    if path is None:
        from desktop.services.store import default_database_path

        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
    path = check_database_path(Path(path), create=create).resolve()
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
