"""Opening the SQLite file for the ORM: pragmas, read and write transactions, backups.

Reads begin a deferred transaction: on the WAL snapshot they never wait for a writer.
Only writes take the write lock (BEGIN IMMEDIATE), and they wait for it a bounded time,
telling ``WriteGate.on_wait`` how long they have waited so far, so a window or the
command line can show the wait instead of freezing without a word.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.paths import DatabaseFileError, check_database_path  # noqa: F401  (re-exported)

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "ybt_write"  # execution option marking a connection that will write
POLL_S = 0.1


class DatabaseBusyError(Exception):
    """Another program kept the write lock longer than we wait. ``message`` is for users."""

    def __init__(self, waited_s: float) -> None:
        self.message = (
            f"另一个程序正在写入数据库（已等待 {waited_s:.0f} 秒），请稍后再试；您的内容没有丢失。"
        )
        super().__init__(self.message)


@dataclass
class WriteGate:
    """How long a write waits for the lock, and who is told while it waits."""

    limit_s: float = 15.0
    on_wait: Callable[[float], None] | None = None


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Autocommit at the driver level: the begin event below issues BEGIN itself.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # NORMAL loses committed transactions on power failure (measured); FULL does not.
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _begin_immediate(raw: sqlite3.Connection, gate: WriteGate) -> None:
    """BEGIN IMMEDIATE, polling so the wait can be shown; DatabaseBusyError past the limit."""
    start = time.monotonic()
    raw.execute(f"PRAGMA busy_timeout={int(POLL_S * 1000)}")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
            waited = time.monotonic() - start
            if waited >= gate.limit_s:
                raise DatabaseBusyError(waited)
            if gate.on_wait is not None:
                gate.on_wait(waited)
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def make_engine(path: Path | str, gate: WriteGate | None = None) -> Engine:
    """An engine whose plain connections read; ``writer(engine)`` gives the one that writes."""
    gate = gate or WriteGate()
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            # Take the write lock up front: no deadlock upgrading a read lock mid-transaction.
            _begin_immediate(conn.connection.driver_connection, gate)
        else:
            conn.exec_driver_sql("BEGIN")  # deferred: a snapshot, never the write lock

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine and pool, with transactions that take the write lock."""
    return engine.execution_options(**{WRITE_OPTION: True})


def make_session_factory(engine: Engine, class_: type[Session] = Session) -> sessionmaker[Session]:
    return sessionmaker(engine, class_=class_, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction for one user action: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


BACKUP_STEP_PAGES = 4096  # 16 MB of 4 KB pages between progress reports


def backup_to(engine: Engine, target: Path, on_step: Callable[[int, int], None] | None = None) -> None:
    """Consistent copy through SQLite's online backup API (never a file copy of a live WAL db).

    Each step reads a snapshot and never waits for a writer; if another program commits
    between steps, SQLite starts the copy again, so the result is always one consistent
    state. ``on_step(pages_done, pages_total)`` is called after each step; an exception it
    raises (a cancel) stops the copy.
    """
    src = engine.raw_connection()
    try:
        dst = sqlite3.connect(str(target))
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                if on_step is not None:
                    on_step(total - remaining, total)

            src.driver_connection.backup(  # type: ignore[union-attr]
                dst, pages=BACKUP_STEP_PAGES if on_step else -1, progress=step)
        finally:
            dst.close()
    finally:
        src.close()
