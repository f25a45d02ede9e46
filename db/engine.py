"""Opening the SQLite file: validation, pragmas, write locking, sessions."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


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


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Autocommit at the driver level: SQLAlchemy's begin event issues BEGIN itself.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # NORMAL loses committed transactions on power failure (measured); FULL does not.
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn):  # type: ignore[no-untyped-def]
        # Take the write lock up front: no deadlock upgrading a read lock mid-transaction.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction for one user action: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def backup_to(engine: Engine, target: Path) -> None:
    """Consistent copy through SQLite's online backup API (never a file copy of a live WAL db)."""
    src = engine.raw_connection()
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.driver_connection.backup(dst)  # type: ignore[union-attr]
        finally:
            dst.close()
    finally:
        src.close()
