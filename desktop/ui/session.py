"""Opening a database for the window: checked once, opened once, ORM only when needed."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from desktop.locations import inspect_path, open_reader
from desktop.ui.ops import AppContext

if TYPE_CHECKING:
    from desktop.locations import Inspected


def open_context(path: Path | str | Inspected | None, settings: QSettings, *, create: bool = True) -> AppContext:
    """Validate and open. A current file needs no ORM yet: the read-only connection that
    inspected it becomes the registers' reader. A new or old file is created or migrated
    now; a file that is not ours, or is newer, is refused untouched (DatabaseFileError).
    ``path`` may be what start-up already inspected (main.py checks before the window shows)."""
    info, reader = path if isinstance(path, tuple) else inspect_path(path, create=create)
    store = None
    try:
        if not info.current:
            from desktop.services.store import open_store

            store = open_store(info)
            if reader is None:
                reader = open_reader(info.path)
    except BaseException:
        if reader is not None:
            reader.close()
        raise
    actor = str(settings.value("user/name", "文书"))
    return AppContext(info, settings, reader, actor=actor, store=store)
