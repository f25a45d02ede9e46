"""Where the office database lives by default. Light: on the window's start-up path."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from db.paths import DatabaseFile, inspect_database, open_reader  # noqa: F401  (for the UI)
from desktop import APP_NAME

if TYPE_CHECKING:
    import sqlite3


Reader: TypeAlias = "sqlite3.Connection"  # the registers' read-only connection
Inspected: TypeAlias = "tuple[DatabaseFile, sqlite3.Connection | None]"


def default_database_path() -> Path:
    from platformdirs import user_data_path  # 5 ms: only when no --db is given

    return user_data_path(APP_NAME, appauthor=False) / "office.db"


def drafts_dir() -> Path:
    """Unsaved form contents, per user (services.drafts)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "drafts"


def inspect_path(path: Path | str | None, *, create: bool) -> Inspected:
    """The one check of a database path: resolved, validated, and its schema state read
    read-only (see db.paths.inspect_database). None means the default database."""
    if path is None:
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
    return inspect_database(Path(path), create=create)


def reader_path(reader: Reader) -> Path | None:
    """The file a reader reads (None for a database in memory): a worker thread opens
    its own reader on it (a connection is used by one thread at a time)."""
    for _seq, name, file in reader.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None
