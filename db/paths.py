"""The one way in: check a path and learn what the file is before anything writes to it.

Imports nothing heavy (the window's start-up path). ``inspect_database`` opens the file
read-only, reads its schema state in one query and keeps that connection as the
registers' reader, so a current file is checked once and opened once. A file is ours
only if it has our schema: another program's SQLite file, a file from a newer 院办通, a
damaged or locked file are refused here, in one Chinese line, before any pragma or
migration could change a byte of it.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

SQLITE_MAGIC = b"SQLite format 3\x00"
# Newest revision in db/migrations/versions. tests/db/test_migrations.py proves it equal
# to the scripts' head, so a migration added without updating it fails the suite.
SCHEMA_HEAD = "0017"
# A table every 院办通 schema has had since the first revision.
OUR_TABLE = "incoming_documents"
READ_BUSY_MS = 10_000


class DatabaseFileError(Exception):
    """The path cannot be used as the office database. ``message`` is shown as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SchemaTooNewError(DatabaseFileError):
    """The file was written by a newer version of the program."""


class DatabaseDamagedError(DatabaseFileError):
    """The file is ours (or was) but cannot be read: truncated or corrupt. Restore it."""


def too_new(path: Path, revision: str) -> SchemaTooNewError:
    return SchemaTooNewError(
        f"“{path}”由更新版本的院办通创建（架构版本 {revision}），当前程序无法打开。"
        "请升级院办通；数据库未作任何修改。"
    )


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
            head = fh.read(100)
        if head and head[:16] != SQLITE_MAGIC:
            raise DatabaseFileError(f"“{path}”不是院办通数据库（不是 SQLite 文件），未作任何修改。")
        if len(head) == 100 and _truncated(path, head):
            raise damaged(path)
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


def _truncated(path: Path, head: bytes) -> bool:
    """The header's page count says the file is longer than it is (cut off by a copy or a crash).

    The count is only trusted when the header says it is valid (bytes 92-95 equal the
    change counter at 24-27), as SQLite itself does.
    """
    if head[24:28] != head[92:96]:
        return False
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    return pages > 0 and path.stat().st_size < pages * page_size


def damaged(path: Path) -> DatabaseFileError:
    return DatabaseDamagedError(f"数据库文件“{path}”已损坏（不完整或被截断），无法打开；文件未作任何修改。请从备份恢复。")


class DatabaseFile:
    """What ``inspect_database`` learnt: an absolute path, and the schema revision
    (None for a file that does not exist yet or is empty: ours to create).
    A plain class: importing dataclasses costs 3.5 ms before the window shows."""

    __slots__ = ("path", "revision")

    def __init__(self, path: Path, revision: str | None) -> None:
        self.path = path
        self.revision = revision

    def __repr__(self) -> str:
        return f"DatabaseFile({str(self.path)!r}, revision={self.revision!r})"

    @property
    def current(self) -> bool:
        return self.revision == SCHEMA_HEAD


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only DBAPI connection (no ORM on the start-up path). It can change nothing."""
    import sqlite3  # 2 ms, paid only once a database is opened
    from urllib.parse import quote  # already loaded by PySide6 (urllib.request costs 17 ms)

    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={READ_BUSY_MS}")
    return conn


_STATE_SQL = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"


def inspect_database(path: Path, *, create: bool) -> tuple[DatabaseFile, sqlite3.Connection | None]:
    """Check ``path`` and read what the file is, changing nothing.

    Returns the file's description and, for an existing file, the read-only connection
    that read it (the caller keeps it as its reader, or closes it). Raises
    DatabaseFileError (SchemaTooNewError) with a one-line Chinese message.
    """
    import sqlite3

    path = check_database_path(path, create=create).resolve()
    if not path.exists() or path.stat().st_size == 0:
        return DatabaseFile(path, None), None
    conn = open_reader(path)
    try:
        tables = {row[0] for row in conn.execute(_STATE_SQL)}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise storage_error(path, exc) from None
    if not tables:
        return DatabaseFile(path, None), conn  # an empty SQLite file: ours to fill
    if revision is None or OUR_TABLE not in tables:
        conn.close()
        raise DatabaseFileError(f"“{path}”不是院办通数据库（是其他程序的 SQLite 文件），未作任何修改。")
    return DatabaseFile(path, revision), conn


def storage_error(path: Path | None, exc: BaseException) -> DatabaseFileError:
    """A SQLite failure as one Chinese line (the English text and its URL never reach users)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    kind = DatabaseDamagedError if "malformed" in text or "not a database" in text else DatabaseFileError
    return kind(describe_sqlite_error(exc, path) or f"数据库出错：{exc}")


def describe_sqlite_error(exc: BaseException, path: Path | None = None) -> str | None:
    """The Chinese line for a SQLite failure users can meet, or None if it is not one.

    Works for sqlite3 errors and for SQLAlchemy's wrappers of them (their ``orig``).
    """
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).lower()
    name = f"“{path}”" if path else ""
    if "locked" in text or "busy" in text:
        return f"另一个程序正在写入数据库{name}，请稍后再试；您的内容没有丢失。"
    if "disk is full" in text or "database or disk is full" in text:
        return f"磁盘已满，无法写入数据库{name}；本次操作未保存，原有数据未受影响。请清理磁盘后重试。"
    if "disk i/o error" in text or "file too large" in text:
        return f"写入数据库{name}时磁盘出错（空间不足或磁盘故障）；本次操作未保存，原有数据未受影响。"
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return f"数据库文件{name}已损坏，无法读取；文件未作任何修改。请从备份恢复。"
    if "readonly" in text or "read-only" in text:
        return f"数据库{name}是只读的，无法写入。请检查文件权限。"
    if "unable to open" in text:
        return f"无法打开数据库{name}（文件或文件夹不可访问）。"
    return None
