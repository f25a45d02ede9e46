"""Where the office database lives by default. Light: on the window's start-up path."""
from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

from db.paths import check_database_path
from desktop import APP_NAME


def default_database_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "office.db"


def resolve_database_path(path: Path | str | None, *, create: bool) -> Path:
    """The validated, absolute database path; None means the default (its folder is made)."""
    if path is None:
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
    return check_database_path(Path(path), create=create).resolve()
