"""The 收文 register: filters and sorting done in SQL, rows returned as plain tuples.

The table model keeps only the ordered id list (an int array, ~1.6 MB for 200,000
rows) and asks for pages of rows as they scroll into view. Plain SQL on the DBAPI
connection, no ORM: the window paints its first rows before SQLAlchemy is imported,
and 200,000 ids come back without per-row result processing. Every function takes
either a SQLAlchemy Session (inside its transaction) or a sqlite3 connection.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from desktop.services import workcal
from desktop.services.incoming.fields import label
from desktop.services.incoming.steps import (
    CIRCULATING,
    MARK_SQL,
    OPEN,
    OPEN_STEPS,
    REMINDED,
    with_marks,
)
from desktop.services.incoming.vocab import SECRECY_LEVELS
from desktop.services.numbering import incoming_number_format_raw
from desktop.services.search.match import match_clause, matches_over
from desktop.services.sqlconn import cleared_where, driver, limit_sql


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int  # characters, a hint for views and printed registers


COLUMNS: tuple[Column, ...] = (  # titles are the declared fields' labels (incoming.fields)
    Column("number", label("number"), 12),
    Column("received_at", label("received_at"), 11),
    Column("sender", label("sender"), 16),
    Column("sender_doc_no", label("sender_doc_no"), 16),
    Column("title", label("title"), 36),
    Column("doc_type", label("doc_type"), 5),
    Column("secrecy", label("secrecy"), 5),
    Column("urgency", label("urgency"), 5),
    Column("deadline", label("deadline"), 11),
    Column("lead_department", label("departments"), 10),  # the lead one of them
    Column("step", "环节", 8),  # derived, not a field: the stage and its marks, "承办中·传阅中"
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)

_SORT = {
    "number": ("d.year", "d.seq"),
    "received_at": ("d.received_at",),
    "sender": ("d.sender",),
    "sender_doc_no": ("d.sender_doc_no",),
    "title": ("d.title",),
    "doc_type": ("d.doc_type",),
    "secrecy": ("d.secrecy",),
    "urgency": ("d.urgency",),
    "deadline": ("d.deadline",),
    "step": ("d.step",),
}
_DISTINCT = {"sender", "doc_type", "secrecy", "urgency", "step"}


@dataclass
class IncomingFilter:
    text: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sender: str = ""
    doc_type: str = ""
    secrecy: str = ""
    urgency: str = ""
    step: str = ""  # one of steps.FILTER_CHOICES (a stage, a mark, 未办结 = all open) or ""
    department: str = ""
    overdue: bool = False
    due_within_workdays: int | None = None  # due soon: deadline within N working days
    include_cancelled: bool = True
    today_view: bool = False  # 今日: arrived today, or due today or overdue and still open
    today: dt.date = field(default_factory=dt.date.today)
    # The 密级 the viewer is cleared for. None: the signed-in user's, on a Session; on the
    # window's plain reader, only 公开 and 内部 unless the caller passes the user's set
    # (forgetting shows less, never more).
    visible: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Row:
    id: int
    values: tuple  # in COLUMNS order, display-ready strings
    overdue: bool
    due_soon: bool
    urgent: bool  # 特急
    cancelled: bool


_conn = driver  # a Session's DBAPI connection, or a sqlite3 one


def _ts(day: dt.date) -> str:
    """A midnight timestamp in the text form SQLAlchemy stores DateTime in SQLite."""
    return f"{day.isoformat()} 00:00:00.000000"


_OPEN = "(d.completed_on IS NULL AND d.cancelled_at IS NULL AND d.for_reading_only = 0)"


DEFAULT_VISIBLE = SECRECY_LEVELS[:2]  # 公开, 内部


def visible_levels(db: Any, f: IncomingFilter) -> tuple[str, ...]:
    if f.visible is not None:
        return f.visible
    if isinstance(db, sqlite3.Connection):
        return DEFAULT_VISIBLE
    from desktop.services.users import principal_of  # a Session: SQLAlchemy is loaded

    return principal_of(db).visible_secrecy


def where_clause(f: IncomingFilter, visible: tuple[str, ...] = SECRECY_LEVELS, *,
                 probe_department: bool = False) -> tuple[str, list]:
    """SQL WHERE text (without the keyword, '1' when empty) and its parameters.

    ``probe_department``: the 承办科室 condition as a probe per document (for walking the
    received index to a first page) rather than the department's id set."""
    sql: list[str] = []
    params: list = []
    cleared, cleared_params = cleared_where(visible)
    if cleared != "1":
        sql.append(cleared)
        params += cleared_params
    if f.text.strip():  # the same index as global search (services.search)
        words, word_params = match_clause("incoming", f.text, "d.id")
        sql.append(words)
        params += word_params
    if f.date_from:
        sql.append("d.received_at >= ?")
        params.append(_ts(f.date_from))
    if f.date_to:
        sql.append("d.received_at < ?")
        params.append(_ts(f.date_to + dt.timedelta(days=1)))
    if f.sender.strip():
        sql.append("d.sender = ?")
        params.append(f.sender.strip())
    for col, value in (("d.doc_type", f.doc_type), ("d.secrecy", f.secrecy), ("d.urgency", f.urgency)):
        if value:
            sql.append(f"{col} = ?")
            params.append(value)
    if f.step == OPEN:
        sql.append(f"d.step IN ({', '.join('?' * len(OPEN_STEPS))})")
        params += list(OPEN_STEPS)
    elif f.step in MARK_SQL:
        sql.append(MARK_SQL[f.step])
    elif f.step:
        sql.append("d.step = ?")
        params.append(f.step)
    if f.department.strip() and probe_department:
        sql.append("EXISTS (SELECT 1 FROM incoming_assignments a WHERE a.department = ? AND a.document_id = d.id)")
        params.append(f.department.strip())
    elif f.department.strip():
        # the department's ids from its index, then sorted: EXISTS per row walked every
        # document newest first (108 -> 45 ms for 医务部 on 200,000; tests/benchmarks)
        sql.append("d.id IN (SELECT a.document_id FROM incoming_assignments a WHERE a.department = ?)")
        params.append(f.department.strip())
    if f.overdue:
        sql.append(f"d.deadline < ? AND {_OPEN}")
        params.append(f.today.isoformat())
    if f.due_within_workdays is not None:
        horizon = workcal.add_workdays(f.today, max(0, f.due_within_workdays))
        sql.append(f"d.deadline >= ? AND d.deadline <= ? AND {_OPEN}")
        params += [f.today.isoformat(), horizon.isoformat()]
    if not f.include_cancelled:
        sql.append("d.cancelled_at IS NULL")
    if f.today_view:
        sql.append(f"d.received_at >= ? OR (d.deadline <= ? AND {_OPEN})")
        params += [_ts(f.today), f.today.isoformat()]
    return (" AND ".join(f"({c})" for c in sql) or "1"), params


def list_ids(db: Any, f: IncomingFilter, sort_key: str = "received_at", descending: bool = True,
             limit: int | None = None) -> array:
    """The matching ids in display order (all, or the first ``limit``), as a compact int array."""
    direction = "DESC" if descending else "ASC"
    order = ", ".join(f"{c} {direction}" for c in (*_SORT.get(sort_key, _SORT["received_at"]), "d.id"))
    # A first page of a department's documents, newest first, is found walking the received
    # index and probing each document's departments, when the department has a good part
    # of the register (医务部, 134,702 of 1,000,000: 1.1 ms, against 158 ms sorting them all).
    probe = (limit is not None and sort_key == "received_at" and bool(f.department.strip())
             and not f.text.strip() and not f.sender.strip() and _many_in(db, f.department.strip(), limit))
    where, params = where_clause(f, visible_levels(db, f), probe_department=probe)
    # A word search newest-first is fastest walking the received index and probing the
    # match set when the words match a good part of the register (医保, 122,156 of
    # 1,000,000: 169 ms walking, 219 sorting); when they match fewer, SQLite's own plan
    # (look the matches up, sort them) is: 医疗质量, 22,222 of 1,000,000: 143 ms walking,
    # 43 sorting; a number, one match: every entry walked for nothing. With a sender
    # filter, the (sender, received_at) index is better still. (tests/benchmarks)
    hint = "INDEXED BY ix_incoming_received" if probe else ""
    if f.text.strip() and sort_key == "received_at" and not f.sender.strip() and _many(db, f.text):
        hint = "INDEXED BY ix_incoming_received"
    elif f.text.strip():  # few matches: sorted, never found by walking an index in order ('+')
        # (a 文书's number, LIMIT 200: SQLite walked all 1,000,000 entries for its one match)
        order = ", ".join(f"+{c} {direction}" for c in (*_SORT.get(sort_key, _SORT["received_at"]), "d.id"))
    cur = _conn(db).execute(f"SELECT d.id FROM incoming_documents d {hint} WHERE {where} ORDER BY {order}"
                            f"{limit_sql(limit)}", params)
    return array("q", chain.from_iterable(cur))


WALK_SHARE = 16  # walk the received index when the words match over 1/16 of the documents


def _many(db: Any, text: str) -> bool:
    """Whether the words match over 1/WALK_SHARE of the documents (counted in the index, bounded)."""
    conn = _conn(db)
    bound = max(1000, (conn.execute("SELECT max(id) FROM incoming_documents").fetchone()[0] or 0) // WALK_SHARE)
    return matches_over(conn, "incoming", text, bound)


def _many_in(db: Any, department: str, limit: int) -> bool:
    """Whether walking newest first reaches ``limit`` of the department's documents sooner than
    sorting all of them: walking visits about limit × documents / theirs, sorting touches each
    of theirs at about 4× the cost of a visit (measured at 1,000,000: 保卫科, 25,321 documents,
    2.3 against 37 ms), so walk when they are over sqrt(limit × documents / 4)."""
    conn = _conn(db)
    docs = conn.execute("SELECT max(id) FROM incoming_documents").fetchone()[0] or 0
    bound = max(limit, int((limit * docs / 4) ** 0.5))
    sql = "SELECT count(*) FROM (SELECT 1 FROM incoming_assignments WHERE department = ? LIMIT ?)"
    return conn.execute(sql, (department, bound + 1)).fetchone()[0] > bound


def count(db: Any, f: IncomingFilter) -> int:
    where, params = where_clause(f, visible_levels(db, f))
    return _conn(db).execute(f"SELECT count(*) FROM incoming_documents d WHERE {where}", params).fetchone()[0]


def _date(value) -> str:
    return "" if value is None else str(value)[:10]


_ROW_SQL = """
SELECT d.id, d.year, d.seq, d.received_at, d.sender, d.sender_doc_no, d.title, d.doc_type,
       d.secrecy, d.urgency, d.deadline,
       (SELECT a.department FROM incoming_assignments a WHERE a.document_id = d.id
         ORDER BY a.is_lead DESC, a.id LIMIT 1),
       d.step, d.completed_on, d.cancelled_at, d.for_reading_only,
       {circulating}, {reminded}
FROM incoming_documents d WHERE d.id IN ({marks})"""


def fetch_rows(db: Any, ids: Sequence[int], today: dt.date | None = None) -> dict[int, Row]:
    """Display rows for these ids (any order; the caller keeps its own order)."""
    if not len(ids):
        return {}
    today = today or dt.date.today()
    soon = workcal.add_workdays(today, 3)
    conn = _conn(db)
    fmt = incoming_number_format_raw(conn)
    out: dict[int, Row] = {}
    sql = _ROW_SQL.format(marks=",".join("?" * len(ids)), circulating=MARK_SQL[CIRCULATING],
                          reminded=MARK_SQL[REMINDED])
    for (id_, year, seq, received, sender, docno, title, typ, secrecy, urgency, deadline, dept,
         step, completed, cancelled, reading, circulating, reminded) in conn.execute(sql, list(ids)):
        deadline_d = dt.date.fromisoformat(deadline[:10]) if deadline else None
        is_open = completed is None and cancelled is None and not reading
        out[id_] = Row(
            id=id_,
            values=(fmt.format(year, seq), str(received)[:16], sender, docno, title, typ,
                    secrecy, urgency, _date(deadline), dept or "",
                    with_marks(step, [m for m, on in ((CIRCULATING, circulating), (REMINDED, reminded)) if on])),
            overdue=bool(is_open and deadline_d and deadline_d < today),
            due_soon=bool(is_open and deadline_d and today <= deadline_d <= soon),
            urgent=urgency == "特急",
            cancelled=cancelled is not None,
        )
    return out


def distinct_values(db: Any, column: str, limit: int = 500,
                    visible: tuple[str, ...] = DEFAULT_VISIBLE) -> list[str]:
    """Values seen in a column of the documents the viewer may see (for filter combos and
    autocompletion), most used in the register first.

    A list never names what the viewer may not see: a value is listed when one document
    the viewer is cleared for has it (a probe per value, found at once). The order is the
    whole register's use of each value, from its index: counting only the viewer's
    documents read every row — 828 ms for a 文书's 来文单位 at 1,000,000, at each start."""
    if column not in _DISTINCT:
        raise ValueError(column)
    where, params = cleared_where(visible, "x.secrecy")
    cur = _conn(db).execute(
        f"SELECT v FROM (SELECT d.{column} AS v, count(*) AS n FROM incoming_documents d GROUP BY d.{column}) "
        f"WHERE v IS NOT NULL AND v != '' AND EXISTS (SELECT 1 FROM incoming_documents x "
        f"WHERE x.{column} = v AND {where}) ORDER BY n DESC, v LIMIT ?", (*params, limit))
    return [v for (v,) in cur]


def distinct_departments(db: Any, visible: tuple[str, ...] = DEFAULT_VISIBLE) -> list[str]:
    """承办科室 names used so far on documents the viewer may see, most used first (as
    ``distinct_values``: listed when one visible document has it, ordered by the whole
    register's use; 988 ms for a 文书 at 1,000,000 when only theirs were counted)."""
    where, params = cleared_where(visible, "x.secrecy")
    cur = _conn(db).execute(
        "SELECT v FROM (SELECT a.department AS v, count(*) AS n FROM incoming_assignments a GROUP BY a.department) "
        "WHERE v IS NOT NULL AND v != '' AND EXISTS (SELECT 1 FROM incoming_assignments b "
        f"JOIN incoming_documents x ON x.id = b.document_id WHERE b.department = v AND {where}) "
        "ORDER BY n DESC, v LIMIT 200", params)
    return [v for (v,) in cur]
