"""Global search: every kind's records that hold the words, newest first, with where the
words are and a snippet around them. Only records the signed-in user is cleared for.

Per kind, two plans (both SQL, both bounded by LIMIT): when the words match few records
(<= WALK_ABOVE, counted in the index itself with a LIMIT), look each one up by id and sort
them; when they match many (通知, 医院), walk the kind's date index newest first and stop
after ``limit`` records in the match set. Either way the cost is the match list, not the
table: see the module docstring of services.search for figures.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.services.search import bodies
from desktop.services.search.kinds import KINDS, KINDS_ORDER, SearchKind
from desktop.services.search.match import matches_over
from desktop.services.search.snippet import Snippet, find, query_words, snippet
from desktop.services.search_text import match_query
from desktop.services.sqlconn import cleared_where

if TYPE_CHECKING:  # the registers import this package on the start-up path, before the ORM
    from sqlalchemy.orm import Session

WALK_ABOVE = 3000
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    number: str
    date: str  # YYYY-MM-DD
    title: str
    where: str  # the fields holding the words, e.g. "标题、附件"
    snippet: Snippet
    cancelled: str  # "" or 作废 / 撤销


@dataclass(frozen=True)
class KindHits:
    kind: str
    name: str  # 收文
    hits: list[Hit]
    more: bool  # more records match than shown


def visible_levels(session: Session) -> tuple[str, ...]:
    from desktop.services.users import principal_of

    return tuple(principal_of(session).visible_secrecy)


def search(session: Session, text: str, kinds: Iterable[str] | None = None,
           limit: int = DEFAULT_LIMIT) -> list[KindHits]:
    """The records holding all of ``text``'s words, grouped by kind (收文, 发文, 督办, 值班日志
    in that order, kinds without hits left out), newest first within each."""
    q = match_query(text)
    if q is None:
        return []
    conn, words, visible = bodies.driver(session), query_words(text), visible_levels(session)
    out = []
    for key in kinds or KINDS_ORDER:
        kind = KINDS[key]
        ids = _newest_ids(conn, kind, text, visible, limit + 1)
        if ids:
            hits = _hits(conn, kind, ids[:limit], words)
            out.append(KindHits(kind.key, kind.name, hits, len(ids) > limit))
    return out


def matching_ids(session: Any, kind: str, text: str) -> list[int]:
    """Every id of ``kind`` whose search text holds all of ``text``'s words, ascending
    (for the 督办 and 值班日志 filters; their registers may instead embed
    match.match_clause in their own SQL)."""
    q = match_query(text)
    if q is None:
        return []
    index = KINDS[kind].index
    sql = f"SELECT rowid FROM {index} WHERE {index} MATCH ? ORDER BY rowid"
    return [r for (r,) in bodies.driver(session).execute(sql, (q,))]


def _newest_ids(conn: sqlite3.Connection, kind: SearchKind, text: str, visible: tuple[str, ...],
                limit: int) -> list[int]:
    where, params = f"d.id IN (SELECT rowid FROM {kind.index} WHERE {kind.index} MATCH ?)", [match_query(text)]
    if kind.secrecy:
        cleared, cleared_params = cleared_where(visible)
        if cleared != "1":
            where += f" AND {cleared}"
            params += cleared_params
    many = matches_over(conn, kind.key, text, WALK_ABOVE)
    if many:  # walk the date index newest first, probing the match set
        sql = (f"SELECT d.id FROM {kind.table} d INDEXED BY {kind.order_index} WHERE {where} "
               f"ORDER BY d.{kind.date_sql} DESC, d.id DESC LIMIT ?")
    else:  # look the few matches up by id; '+' keeps SQLite from walking the date index
        sql = (f"SELECT d.id FROM {kind.table} d WHERE {where} "
               f"ORDER BY +d.{kind.date_sql} DESC, +d.id DESC LIMIT ?")
    return [r for (r,) in conn.execute(sql, (*params, limit))]


def _hits(conn: sqlite3.Connection, kind: SearchKind, ids: list[int], words: list[str]) -> list[Hit]:
    n = len(kind.number_columns)
    cols = ", ".join(("id", *kind.number_columns, kind.date_sql, kind.title_column, kind.cancelled_sql,
                      *(c for c, _label in kind.fields)))
    rows = {r[0]: r for r in conn.execute(
        f"SELECT {cols} FROM {kind.table} WHERE id IN ({','.join('?' * len(ids))})", ids)}
    children = bodies._child_texts(conn, kind, ids)
    fmt = bodies.number_format(conn, kind)
    out = []
    for record_id in ids:
        r = rows[record_id]
        number = bodies.number_of(kind, fmt, tuple(r[1 : 1 + n]))
        date, title, cancelled = r[1 + n], r[2 + n] or "", r[3 + n]
        texts = [("编号", number), *((label, v or "") for (_c, label), v in zip(kind.fields, r[4 + n :], strict=True))]
        texts += [(child.label, t) for child, found in zip(kind.children, children, strict=True)
                  for t in found.get(record_id, ())]
        where, shown = _where(texts, words, title)
        out.append(Hit(kind.key, record_id, number, str(date or "")[:10], title.replace("\n", " "), where, shown,
                       kind.cancelled_word if cancelled else ""))
    return out


def _where(texts: list[tuple[str, str]], words: list[str], title: str) -> tuple[str, Snippet]:
    labels: list[str] = []
    shown: Snippet | None = None
    for label, text in texts:
        span = find(text, words)
        if span is None:
            continue
        if label not in labels:
            labels.append(label)
        if shown is None:
            shown = snippet(text, span)
    return "、".join(labels), shown or Snippet(title[:60], 0, 0)
