"""Statistics that stay true until the database changes, kept per connection.

A period change on the 图表 tab asks again for months it has already counted (the 12
months of the volume and handling charts overlap from one period to the next). The
whole-register per-month results are computed once and reused while the database is
unchanged: ``PRAGMA data_version`` moves when another connection commits, so a result
is never served across a change made by anyone else. The working-day ordinal table (sql.WORKDAYS_TABLE) is dropped with the results:
a change of the office's calendar entries is a database change too.

Only a plain reader (a read-only sqlite3 connection: the window's, the 图表 tab's own)
keeps results; it changes nothing itself but its temporary tables, so data_version
alone tells. A Session's connection belongs to a pool and to one unit of work, and can
write: under a Session every figure is computed afresh.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from desktop.services.stats.sql import WORKDAYS_TABLE

T = TypeVar("T")

# id(connection) -> (the connection, its version when the results were stored, key -> result);
# the connection itself is held so that its id cannot be reused by another one
_store: dict[int, tuple[sqlite3.Connection, int, dict[Hashable, Any]]] = {}
_MAX_CONNECTIONS = 8  # a few readers at most; forget the oldest beyond that
_lock = threading.Lock()  # the 图表 tab's thread and the window's thread keep results side by side


def _version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA data_version").fetchone()[0]


def _keep(conn: sqlite3.Connection, version: int, results: dict[Hashable, Any]) -> None:
    with _lock:
        _store.pop(id(conn), None)  # most recently used last
        _store[id(conn)] = (conn, version, results)
        while len(_store) > _MAX_CONNECTIONS:
            _store.pop(next(iter(_store)))


def remembered(db: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s result for ``key`` on this connection, computed again only after a change."""
    if not isinstance(db, sqlite3.Connection):
        return compute()
    conn = db
    version = _version(conn)
    with _lock:
        stored = _store.get(id(conn))
    if stored is None or stored[0] is not conn or stored[1] != version:
        if stored is not None:  # the calendar may have changed with the data
            conn.execute(f"DROP TABLE IF EXISTS {WORKDAYS_TABLE}")
        results: dict[Hashable, Any] = {}
        _keep(conn, version, results)  # a compute() remembering results of its own puts them here
    else:
        results = stored[2]
    if key in results:
        return results[key]
    value = compute()
    results[key] = value
    _keep(conn, version, results)
    return value

