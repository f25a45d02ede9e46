"""Bulk-loading helpers for the demo: indexes built once at the end instead of row by row.

收文 has twelve secondary indexes and its child tables one each; kept while a million rows
go in, every row pays a B-tree insert per index, most of them in random order (科室, 文种,
环节 …). Dropped first and created again from their own CREATE INDEX text, each is
built by one sort. The schema ends as it began (tests/db/test_migrations compares it).
"""
from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from queue import Queue
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.store import Store

INCOMING_TABLES = ("incoming_documents", "incoming_instructions", "incoming_assignments",
                   "incoming_circulations", "incoming_reminders", "incoming_events")
# 发文's stage is restaged from its own columns, so its indexes can wait for the end too
BULK_TABLES = (*INCOMING_TABLES, "outgoing_documents", "outgoing_events")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off while the demo is built, back as it was after.

    The demo allocates tens of millions of tuples and strings (rows waiting for their
    batch, the history's pieces) and makes no reference cycles worth collecting before it
    ends; each allocation burst set off a young-generation pass over them. Measured at
    200,000 documents: 40.1 → 33.7 s of CPU (收文 13.5 → 12.6 s, 发文 3.7 → 2.9 s, the
    history 11.4 → 10.0 s), the same peak memory (1.24 GB).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def memory_journal(store: Store, tables: tuple[str, ...]) -> Iterator[bool]:
    """A new database (``tables`` empty) is built with its rollback journal in memory, then
    put back in WAL; yields whether it was switched (else it stays as it was).

    In WAL mode the demo's one transaction went to the -wal file whole and was then copied
    into the database by the checkpoint: 3.7 GB written twice at 1,000,000 documents. With
    the journal in memory each page is written once, into the file. A cancel or a failure
    still rolls back (the journal holds the few pages the empty schema had); a crash or a
    power cut in the middle leaves a damaged file instead of an empty one, which for a demo
    file is no loss (the command removes a file it made when it fails; delete it otherwise).
    The pool's idle connections are closed first: leaving WAL needs the file to itself, and
    the write session then gets this same connection back.
    """
    store.engine.dispose()
    with store.engine.connect() as connection:
        conn = connection.connection.driver_connection
        assert isinstance(conn, sqlite3.Connection)
        new = not any(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0] for t in tables)
        switched = new and conn.execute("PRAGMA journal_mode=MEMORY").fetchone()[0] == "memory"
    try:
        yield switched
    finally:
        if switched:
            with store.engine.connect() as connection:
                raw = connection.connection.driver_connection
                assert isinstance(raw, sqlite3.Connection)
                raw.execute("PRAGMA journal_mode=WAL")


SEARCH_TABLES = ("incoming_search", "outgoing_search", "supervision_search")
FTS_DEFAULT = 1 << 20  # FTS5's own
FTS_BULK = 64 << 20


def fts_hashsize(conn: sqlite3.Connection, size: int) -> None:
    """How many bytes of new terms each search index gathers in memory before it writes a
    segment. At FTS5's 1 MB the demo's bodies made thousands of small segments, which its
    automerge then merged again and again; at 64 MB there are few. Measured: 发文's 263,824
    search rows at 1,000,000 documents 11.6 → 8.0 s, the index the same size and the same
    matches. Stored in the index's config: the demo sets FTS_DEFAULT back when it is done."""
    for table in SEARCH_TABLES:
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (size,))


def drop_indexes(conn: sqlite3.Connection, tables: Iterable[str]) -> dict[str, list[str]]:
    """Drop the secondary indexes of ``tables`` (not the automatic unique ones) and the
    charts' rollup triggers on them (db.stats_rollup: ``rebuild_rollups`` counts their
    tables in one statement after the load); their CREATE statements, by table, to give
    back to ``create_indexes``. Other triggers stay."""
    from db.stats_rollup import TRIGGER_NAMES

    by_table: dict[str, list[str]] = {}
    for table in tables:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL AND (type = 'index' "
            f"OR type = 'trigger' AND name IN ({', '.join('?' * len(TRIGGER_NAMES))})) ORDER BY type, name",
            (table, *TRIGGER_NAMES)).fetchall()
        by_table[table] = [sql for _type, _name, sql in rows]
        for kind, name, _sql in rows:
            conn.execute(f'DROP {kind.upper()} "{name}"')
    return by_table


def create_indexes(conn: sqlite3.Connection, dropped: dict[str, list[str]], tables: Iterable[str]) -> None:
    for table in tables:
        for sql in dropped.pop(table, []):
            conn.execute(sql)


def rebuild_rollups(conn: sqlite3.Connection) -> None:
    """The charts' per-month rollups, counted once from the rows loaded while their
    triggers were dropped (drop_indexes): two GROUP BY passes over 收文."""
    from db.stats_rollup import rebuild

    rebuild(conn)


class Writer:
    """executemany batches run on a thread while the generator builds the next batch.

    sqlite3 lets go of the GIL while SQLite inserts, so on two cores the B-tree and FTS
    work of one batch overlaps the Python of the next. One connection, used by this
    thread alone until ``close`` (the generator only appends to lists meanwhile); the
    statements run in the order they were given, so the file is the same.
    """

    def __init__(self, cur: sqlite3.Cursor) -> None:
        self.cur = cur
        self.error: BaseException | None = None
        self.queue: Queue[list[tuple[str, list]] | None] = Queue(maxsize=2)
        self.thread = threading.Thread(target=self._run, name="demo-writer", daemon=True)
        self.thread.start()

    def put(self, jobs: list[tuple[str, list]]) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(jobs)

    def _run(self) -> None:
        while (jobs := self.queue.get()) is not None:
            if self.error is None:
                try:
                    for sql, rows in jobs:
                        self.cur.executemany(sql, rows)
                except BaseException as exc:  # noqa: BLE001  (handed to the generator's thread)
                    self.error = exc

    def close(self, raise_error: bool = True) -> None:
        """Wait for every batch; raises what a batch raised (unless told not to)."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        if raise_error and self.error is not None:
            raise self.error


def index_outgoing(conn: sqlite3.Connection) -> int:
    """发文's search rows, as services.search.rebuild writes them, with each field's bigrams
    worked out once per distinct text: the demo's 263,824 发文 at 1,000,000 documents have
    a few hundred distinct 正文 and a few thousand titles, and rebuild redid every one."""
    from desktop.services.search import bodies
    from desktop.services.search.kinds import KINDS
    from desktop.services.search_text import bigram_body

    kind = KINDS["outgoing"]
    fmt, n, last = bodies.number_format(conn, kind), len(kind.number_columns), 0
    cache: dict[str, str] = {}

    def pieces(text: str) -> str:
        found = cache.get(text)
        if found is None:
            found = cache[text] = bigram_body(text)
        return found

    sql, written = bodies._select(kind) + " WHERE id > ? ORDER BY id LIMIT ?", 0
    while rows := conn.execute(sql, (last, bodies.CHUNK)).fetchall():
        children = bodies._child_texts(conn, kind, [r[0] for r in rows])
        out = []
        for r in rows:
            texts = [t for child in children for t in child.get(r[0], ())]
            parts = [bigram_body(bodies.number_of(kind, fmt, tuple(r[1 : 1 + n]))),
                     *(pieces(v or "") for v in r[1 + n :]), *(bigram_body(t) for t in texts)]
            out.append((r[0], " ".join(p for p in parts if p)))  # = bigram_body(number, *fields, *texts)
        conn.executemany(f"INSERT INTO {kind.index}(rowid, body) VALUES (?, ?)", out)
        written += len(out)
        last = rows[-1][0]
    return written
