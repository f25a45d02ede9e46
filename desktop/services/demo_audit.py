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
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Boolean, Date, DateTime
from sqlalchemy.orm import Session

from db import audit as fmt
from db.models import Digest
from desktop.services import audit

Convert = Callable[[Any], Any]
# Keys go into every dict already sorted, so the encoder needs no sort_keys: the same text
# as db.audit.dumps, without sorting each child row's keys again.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _datetime(v: Any) -> Any:
    """SQLAlchemy's datetime back as isoformat(sep=" "): stored "… 08:00:00.000000" reads "… 08:00:00"."""
    if v is None:
        return v
    if len(v) == 26 and v[10] == " ":
        return v[:19] if v.endswith(".000000") else v
    return dt.datetime.fromisoformat(v).isoformat(sep=" ")


def _date(v: Any) -> Any:
    if v is None or (len(v) == 10 and v[4] == "-"):
        return v
    return dt.date.fromisoformat(v[:10]).isoformat()


def _bool(v: Any) -> Any:
    return v if v is None else bool(v)


def _hex(v: Any) -> Any:
    return v if v is None else bytes(v).hex()


def _converters(table: str, drop: frozenset[str]) -> tuple[list[str], list[tuple[int, str, Convert | None]]]:
    """Every column's name, and the logged ones in key order: (position, name, converter or None)."""
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
    kept.sort(key=lambda k: k[1])  # db.audit orders a state's own keys by name
    return names, kept


def _plain(row: tuple, kept: list[tuple[int, str, Convert | None]]) -> dict[str, Any]:
    return {name: row[i] if conv is None else conv(row[i]) for i, name, conv in kept}


def _states(conn: sqlite3.Connection, kind: str) -> Iterator[list[tuple[int, dict[str, Any], str]]]:
    """(id, own fields, state digest) of every record of ``kind``, CHUNK records at a time, by id."""
    table = fmt.RECORD_TABLES[kind]
    names, kept = _converters(table, fmt._RECORD_DROP)
    children = []
    for child in fmt.CHILDREN:
        if child.kind in (None, kind):
            cnames, ckept = _converters(child.table, fmt._CHILD_DROP[child.table])
            sql = (f'SELECT {", ".join(chr(34) + n + chr(34) for n in cnames)} FROM "{child.table}" '
                   f'WHERE "{child.owner}" BETWEEN ? AND ?')
            children.append((child.label, sql, cnames.index(child.owner), cnames.index("id"), ckept,
                             cnames.index(child.kind_column) if child.kind_column else -1))
    cols = ", ".join(f'"{n}"' for n in names)
    cur = conn.execute(f'SELECT {cols} FROM "{table}" ORDER BY id')
    while rows := cur.fetchmany(fmt.CHUNK):
        owned: dict[int, list] = {row[0]: [] for row in rows}
        for label, sql, owner_at, id_at, ckept, kind_at in children:
            for crow in conn.execute(sql, (rows[0][0], rows[-1][0])):
                mine = owned.get(crow[owner_at])
                if mine is not None and (kind_at < 0 or crow[kind_at] == kind):
                    mine.append((label, crow[id_at], _plain(crow, ckept)))
        out = []
        for row in rows:
            own = _plain(row, kept)
            # db.audit.canonical: own fields by name, then child rows by (label, id)
            parts = [[[k], v] for k, v in own.items()]
            parts += [[[label, cid], value] for label, cid, value in sorted(owned[row[0]], key=_by_label_id)]
            out.append((row[0], own, hashlib.sha256(_encode(parts).encode("utf-8")).hexdigest()))
        yield out


def _by_label_id(child: tuple[str, int, dict]) -> tuple[str, int]:
    return child[0], child[1]


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
            for rid, own, digest in chunk:
                n += 1
                number = audit.number_of(session, kind, own, cache)
                prev = fmt.entry_hash(prev, n, stamp, actor, kind, rid, number, action, "[]", digest)
                rows.append((n, stamp, actor, kind, rid, number, action, "[]",
                             bytes.fromhex(digest), bytes.fromhex(prev)))
            conn.executemany("INSERT INTO audit_log (id, at, actor, kind, record_id, number, action, "
                             "changes, state, hash) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
            total += len(rows)
    # settings are one small record: the ordinary path
    return total + audit.log_created(session, fmt.SETTINGS_KIND, None, action, actor, at)
