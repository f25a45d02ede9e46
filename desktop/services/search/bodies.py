"""The search rows of records, computed from plain rows (no ORM objects) and written in bulk.

Every writer goes through here: the write-session listener (services.search.sync) for
the records a flush touched, rebuild() for bulk loads (demo, migrations' checks, a new
number format), and check (verify) compares what is stored with what would be written.
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from desktop.services.numbering import NumberFormat, number_format_raw
from desktop.services.search.kinds import KINDS, SearchKind
from desktop.services.search_text import bigram_body
from desktop.services.sqlconn import driver

CHUNK = 2000
_PARAMS_PER_QUERY = 900  # under SQLite's default host-parameter limit




def number_of(kind: SearchKind, fmt: NumberFormat | None, parts: tuple[Any, ...]) -> str:
    """The record's display number ('' while it has none: a 发文 draft, a duty log entry)."""
    if fmt is None or not parts:
        return ""
    values = dict(zip(kind.number_columns, parts, strict=True))
    if values.get("seq") is None or values.get("year") is None:
        return ""
    number = fmt.format(values["year"], values["seq"], values.get("code") or "")
    return f"{number}-{values['part']}" if values.get("part") else number


def number_format(conn: sqlite3.Connection, kind: SearchKind) -> NumberFormat | None:
    return number_format_raw(conn, kind.key) if kind.number_columns else None


def _child_texts(conn: sqlite3.Connection, kind: SearchKind, ids: list[int]) -> list[dict[int, list[str]]]:
    out = []
    for child in kind.children:
        texts: dict[int, list[str]] = defaultdict(list)
        for start in range(0, len(ids), _PARAMS_PER_QUERY):
            part = ids[start : start + _PARAMS_PER_QUERY]
            for owner, text in conn.execute(child.sql.format(marks=",".join("?" * len(part))), part):
                texts[owner].append(text or "")
        out.append(texts)
    return out


def _select(kind: SearchKind) -> str:
    cols = ", ".join(("id", *kind.number_columns, *(c for c, _label in kind.fields)))
    return f"SELECT {cols} FROM {kind.table}"


def bodies_of_rows(conn: sqlite3.Connection, kind: SearchKind, rows: list[tuple],
                   fmt: NumberFormat | None) -> list[tuple[int, str, str]]:
    """(id, display number, body) for rows of _select()."""
    ids = [r[0] for r in rows]
    children = _child_texts(conn, kind, ids)
    n = len(kind.number_columns)
    out = []
    for r in rows:
        number = number_of(kind, fmt, tuple(r[1 : 1 + n]))
        texts = [t for child in children for t in child.get(r[0], ())]
        out.append((r[0], number, bigram_body(number, *(v or "" for v in r[1 + n :]), *texts)))
    return out


def all_bodies(conn: sqlite3.Connection, kind: SearchKind, chunk: int = CHUNK) -> Iterator[list[tuple[int, str, str]]]:
    """Every record's (id, number, body), in id order, ``chunk`` at a time."""
    fmt, last, sql = number_format(conn, kind), 0, _select(kind) + " WHERE id > ? ORDER BY id LIMIT ?"
    while rows := conn.execute(sql, (last, chunk)).fetchall():
        yield bodies_of_rows(conn, kind, rows, fmt)
        last = rows[-1][0]


def write(conn: sqlite3.Connection, kind: SearchKind, ids: Iterable[int]) -> None:
    """Rewrite the search rows of these ids: a record that no longer exists loses its row."""
    wanted = sorted(set(ids))
    fmt = number_format(conn, kind)
    for start in range(0, len(wanted), _PARAMS_PER_QUERY):
        part = wanted[start : start + _PARAMS_PER_QUERY]
        marks = ",".join("?" * len(part))
        conn.execute(f"DELETE FROM {kind.index} WHERE rowid IN ({marks})", part)
        rows = conn.execute(_select(kind) + f" WHERE id IN ({marks})", part).fetchall()
        conn.executemany(f"INSERT INTO {kind.index}(rowid, body) VALUES (?, ?)",
                         [(i, body) for i, _n, body in bodies_of_rows(conn, kind, rows, fmt)])


def rebuild(db: Any, kinds: Iterable[str] = tuple(KINDS)) -> int:
    """Rewrite whole indexes from the records (after a bulk load); returns the rows written."""
    conn, n = driver(db), 0
    for key in kinds:
        kind = KINDS[key]
        conn.execute(f"DELETE FROM {kind.index}")
        for rows in all_bodies(conn, kind):
            conn.executemany(f"INSERT INTO {kind.index}(rowid, body) VALUES (?, ?)", [(i, b) for i, _n, b in rows])
            n += len(rows)
    return n
