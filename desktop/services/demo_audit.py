"""The demo's history baseline, written fast: the same entries as audit.log_all_created.

log_all_created reads every record back through SQLAlchemy (a result processor per
value, a dict per row) and appends through its executemany of dicts: 40 % of a demo's
time. Here the rows come from the DBAPI cursor and are turned into the values
SQLAlchemy would have given (DateTime -> its isoformat, Boolean -> bool …) by column
type, and the entries go in with one executemany of tuples. The state's canonical
text, its digest, the entry hash and the record numbers are db.audit's and
services.audit's own functions, so each entry is byte for byte what log_all_created
writes (tests/services/test_demo.py's digest pins the demo's rows).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Boolean, Date, DateTime
from sqlalchemy.orm import Session

from db import audit as fmt
from db.models import Digest
from desktop.services import audit

Convert = Callable[[Any], Any]


def _datetime(v: Any) -> Any:
    return v if v is None else dt.datetime.fromisoformat(v).isoformat(sep=" ")


def _date(v: Any) -> Any:
    return v if v is None else dt.date.fromisoformat(v[:10]).isoformat()


def _bool(v: Any) -> Any:
    return v if v is None else bool(v)


def _hex(v: Any) -> Any:
    return v if v is None else bytes(v).hex()


def _converters(table: str, drop: frozenset[str]) -> tuple[list[str], list[tuple[int, str, Convert | None]]]:
    """Every column's name, and for the logged ones: (position, name, converter or None)."""
    names, kept = [], []
    for i, col in enumerate(fmt.table(table).columns):
        names.append(col.name)
        if col.name in drop:
            continue
        conv: Convert | None = None
        if isinstance(col.type, DateTime):
            conv = _datetime
        elif isinstance(col.type, Date):
            conv = _date
        elif isinstance(col.type, Boolean):
            conv = _bool
        elif isinstance(col.type, Digest):
            conv = _hex
        kept.append((i, col.name, conv))
    return names, kept


def _plain(row: tuple, kept: list[tuple[int, str, Convert | None]]) -> dict[str, Any]:
    return {name: row[i] if conv is None else conv(row[i]) for i, name, conv in kept}


def _states(conn: sqlite3.Connection, kind: str) -> Iterator[list[tuple[int, dict[Any, Any]]]]:
    """(id, state) of every record of ``kind``, CHUNK records at a time, by id."""
    table = fmt.RECORD_TABLES[kind]
    names, kept = _converters(table, fmt._RECORD_DROP)
    children = []
    for child in fmt.CHILDREN:
        if child.kind in (None, kind):
            cnames, ckept = _converters(child.table, fmt._CHILD_DROP[child.table])
            children.append((child, cnames.index(child.owner), cnames.index("id"), ckept,
                             cnames.index(child.kind_column) if child.kind_column else -1))
    cols = ", ".join(f'"{n}"' for n in names)
    cur = conn.execute(f'SELECT {cols} FROM "{table}" ORDER BY id')
    while rows := cur.fetchmany(fmt.CHUNK):
        states = {row[0]: _plain(row, kept) for row in rows}
        lo, hi = rows[0][0], rows[-1][0]
        for child, owner_at, id_at, ckept, kind_at in children:
            ccols = ", ".join(f'"{c.name}"' for c in fmt.table(child.table).columns)
            for crow in conn.execute(f'SELECT {ccols} FROM "{child.table}" WHERE "{child.owner}" BETWEEN ? AND ?',
                                     (lo, hi)):
                state = states.get(crow[owner_at])
                if state is not None and (kind_at < 0 or crow[kind_at] == kind):
                    state[(child.label, crow[id_at])] = _plain(crow, ckept)
        yield sorted(states.items())


def log_all_created(session: Session, action: str, actor: str, at: dt.datetime) -> int:
    """What audit.log_all_created(session, action, actor, at) writes, in a fraction of the time."""
    conn = session.connection().connection.driver_connection
    assert isinstance(conn, sqlite3.Connection)
    stamp = fmt.stamp(at)
    cache: dict[str, Any] = {}
    total = 0
    for kind in fmt.RECORD_TABLES:
        last = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        n, prev = (last[0], bytes(last[1]).hex()) if last else (0, fmt.GENESIS)
        for chunk in _states(conn, kind):
            rows = []
            for rid, state in chunk:
                n += 1
                number = audit.number_of(session, kind, state, cache)
                digest = fmt.state_digest(state)
                prev = fmt.entry_hash(prev, n, stamp, actor, kind, rid, number, action, "[]", digest)
                rows.append((n, stamp, actor, kind, rid, number, action, "[]",
                             bytes.fromhex(digest), bytes.fromhex(prev)))
            conn.executemany("INSERT INTO audit_log (id, at, actor, kind, record_id, number, action, "
                             "changes, state, hash) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
            total += len(rows)
    # settings are one small record: the ordinary path
    return total + audit.log_created(session, fmt.SETTINGS_KIND, None, action, actor, at)
