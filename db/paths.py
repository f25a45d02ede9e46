"""Checking a database path before anything is opened. Imports nothing heavy (start-up path)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

SQLITE_MAGIC = b"SQLite format 3\x00"
SCHEMA_HEAD = "0002"  # newest revision in db/migrations/versions; update with each migration


class DatabaseFileError(Exception):
    """The path given cannot be used as the office database (message is for the user)."""


def check_database_path(path: Path, *, create: bool) -> Path:
    """Refuse paths that are not, and cannot become, a SQLite database.

    Nothing is created or overwritten here; the messages are shown to users as they are.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise DatabaseFileError(f"“{path}”是一个文件夹，不是数据库文件。")
    if path.exists():
        if not os.access(path, os.R_OK):
            raise DatabaseFileError(f"没有读取“{path}”的权限。")
        with path.open("rb") as fh:
            head = fh.read(16)
        if head and head != SQLITE_MAGIC:
            raise DatabaseFileError(f"“{path}”不是院办通数据库（不是 SQLite 文件），未作任何修改。")
        if not os.access(path, os.W_OK):
            raise DatabaseFileError(f"“{path}”是只读文件，无法写入。请检查文件权限。")
        if not os.access(path.parent, os.W_OK):
            raise DatabaseFileError(f"数据库所在文件夹“{path.parent}”不可写（需要写入日志文件）。")
        return path
    if not create:
        raise DatabaseFileError(f"数据库文件“{path}”不存在。")
    if not path.parent.is_dir():
        raise DatabaseFileError(f"文件夹“{path.parent}”不存在，无法创建数据库。")
    if not os.access(path.parent, os.W_OK):
        raise DatabaseFileError(f"文件夹“{path.parent}”不可写，无法创建数据库。")
    return path


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only DBAPI connection for registers (no ORM on the start-up path)."""
    import sqlite3  # not needed before the window shows

    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA query_only=ON")
    return conn


def schema_revision(conn: sqlite3.Connection) -> str | None:
    import sqlite3

    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no table yet: a new, empty file
        return None
    return row[0] if row else None
