"""Opening the SQLite file: validation, pragmas, write locking, sessions."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.paths import DatabaseFileError, check_database_path  # noqa: F401  (re-exported)

BUSY_TIMEOUT_MS = 10_000


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
