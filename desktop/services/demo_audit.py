"""The demo's history baseline, written fast: the same entries as audit.log_all_created.

log_all_created reads every record back through SQLAlchemy (a result processor per
value, a dict per row, a JSON encoding per record) and appends through an executemany
of dicts: over 40 % of a demo's time (33 s of 72 at 200,000 documents). Here SQLite
writes each record's canonical text itself with json_array/json_object (compact, the
same escapes as json.dumps(ensure_ascii=False)): DateTime as SQLAlchemy's isoformat
gives it back ("… 08:00:00", without ".000000"), Boolean as true/false, own fields by
name, child rows by (label, id), exactly db.audit.canonical's layout; Python only
hashes (9 s at 200,000 documents; string concatenation in SQL took 13). The entry hash and the record numbers are db.audit's and
services.audit's own functions, so each entry is byte for byte what log_all_created
writes (the demo's digest in tests/services/test_demo.py covers the history).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Boolean, Column, DateTime
from sqlalchemy.orm import Session

from db import audit as fmt
from db.models import Digest
from desktop.services import audit

_NUMBER_COLUMNS = ("year", "seq", "code", "name")  # what services.audit.number_of reads


def _json(col: Column) -> str:
    """SQL giving the column's value as db.audit.dumps writes it, inside SQLite's json_array/json_object."""
    c = f'"{col.name}"'
    if isinstance(col.type, Boolean):
        return f"json(CASE WHEN {c} IS NULL THEN 'null' WHEN {c} THEN 'true' ELSE 'false' END)"
    if isinstance(col.type, DateTime):  # stored "YYYY-MM-DD HH:MM:SS.ffffff"; isoformat drops zero µs
        return f"CASE WHEN length({c}) = 26 AND substr({c}, 20) = '.000000' THEN substr({c}, 1, 19) ELSE {c} END"
    if isinstance(col.type, Digest):
        return f"CASE WHEN {c} IS NULL THEN NULL ELSE lower(hex({c})) END"
    return c


def _columns(table: str, drop: frozenset[str | None]) -> list[Column]:
    return sorted((c for c in fmt.table(table).columns if c.name not in drop), key=lambda c: c.name)


def _in_id_order(conn: sqlite3.Connection, sql: str, child: fmt.Child) -> bool:
    """Whether SQLite runs ``sql`` (a GROUP BY owner) along the index of (kind column,) owner
    alone: then each owner's rows reach group_concat in id order, the order the per-row
    query's ORDER BY gives. Any other plan (a sort, the (科室, 文件) index) keeps the per-row query.

    One string per record and child table instead of one per child row: Python handled
    13 million rows at 1,000,000 documents (measured on 收文 at 200,000: 5.4 → 4.2 s)."""
    plan = [row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, (0, 0))]
    found = re.fullmatch(r"SEARCH \S+ USING (?:COVERING )?INDEX (\S+) \(.*\)", plan[0]) if len(plan) == 1 else None
    if found is None:
        return False
    columns = [row[2] for row in conn.execute(f'PRAGMA index_info("{found[1]}")')]
    return columns == [*([child.kind_column] if child.kind_column else []), child.owner]


def _states(conn: sqlite3.Connection, kind: str) -> Iterator[list[tuple[int, dict[str, Any], str]]]:
    """(id, number fields, state digest) of every record of ``kind``, CHUNK at a time, by id."""
    table = fmt.RECORD_TABLES[kind]
    # [[["a"],1],[["b"],2] …] without its outer brackets: the children follow in the same list
    own = "json_array({})".format(", ".join(
        f"json_array(json_array('{c.name}'), {_json(c)})" for c in _columns(table, fmt._RECORD_DROP)))
    numbered = [c.name for c in fmt.table(table).columns if c.name in _NUMBER_COLUMNS]
    children = []
    # child tables by label, each by (owner, id): every record's rows come in db.audit's key order
    for child in sorted((c for c in fmt.CHILDREN if c.kind in (None, kind)), key=lambda c: c.label):
        body = ", ".join(f"'{c.name}', {_json(c)}" for c in _columns(child.table, fmt._CHILD_DROP[child.table]))
        where = f'"{child.owner}" BETWEEN ? AND ?'
        if child.kind_column:
            where += f""" AND "{child.kind_column}" = '{kind}'"""
        entry = f"json_array(json_array('{child.label}', id), json_object({body}))"
        grouped = (f"""SELECT "{child.owner}", group_concat({entry}, ',') FROM "{child.table}" """
                   f'WHERE {where} GROUP BY "{child.owner}"')
        children.append(grouped if _in_id_order(conn, grouped, child) else
                        f'SELECT "{child.owner}", {entry} FROM "{child.table}" WHERE {where} ORDER BY "{child.owner}", id')
    cols = ", ".join(["id", own, *(f'"{n}"' for n in numbered)])
    cur = conn.execute(f'SELECT {cols} FROM "{table}" ORDER BY id')
    while rows := cur.fetchmany(fmt.CHUNK):
        parts: dict[int, list[str]] = {row[0]: [row[1][1:-1]] for row in rows}
        for sql in children:
            for owner, text in conn.execute(sql, (rows[0][0], rows[-1][0])):
                if owner in parts:
                    parts[owner].append(text)
        yield [(row[0], dict(zip(numbered, row[2:], strict=True)),
                hashlib.sha256(f"[{','.join(parts[row[0]])}]".encode()).hexdigest()) for row in rows]


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
