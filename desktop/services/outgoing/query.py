"""The 发文 register: filters and sorting in SQL, rows as plain display tuples.

As 收文's (services.incoming.query): the table model keeps the ordered id list and asks
for pages of rows; plain SQL on the DBAPI connection, so it runs on the window's
sqlite3 reader or inside a Session's transaction. Rows above the viewer's 密级 are
never listed.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from desktop.services.incoming.query import DEFAULT_VISIBLE, Column, Row
from desktop.services.numbering import number_format_raw
from desktop.services.outgoing.fields import label
from desktop.services.outgoing.steps import OPEN, OPEN_STEPS, RETURNED
from desktop.services.outgoing.vocab import SECRECY_LEVELS
from desktop.services.search.match import match_clause
from desktop.services.sqlconn import cleared_where, driver, limit_sql

__all__ = ["COLUMNS", "COLUMN_KEYS", "DEFAULT_VISIBLE", "OutgoingFilter", "Row", "count", "distinct_values",
           "fetch_rows", "list_ids", "where_clause"]

COLUMNS: tuple[Column, ...] = (
    Column("number", label("number"), 16),  # "▲ 院办发〔2026〕136号" whole
    Column("title", label("title"), 34),
    Column("doc_type", label("doc_type"), 4),
    Column("main_recipients", "主送", 14),
    Column("drafting_department", label("drafting_department"), 8),
    Column("signed_by", label("signed_by"), 6),
    Column("signed_on", label("signed_on"), 9),
    Column("step", "环节", 10),  # derived: the stage, and 已退回 beside it ("待核稿·已退回")
    Column("secrecy", label("secrecy"), 4),
    Column("urgency", label("urgency"), 5),
    Column("created_at", "起草日期", 9),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
DEFAULT_SORT = "created_at"

_SORT = {
    "number": ("d.code", "d.year", "d.seq"),
    "title": ("d.title",),
    "doc_type": ("d.doc_type",),
    "main_recipients": ("d.main_recipients",),
    "drafting_department": ("d.drafting_department",),
    "signed_by": ("d.signed_by",),
    "signed_on": ("d.signed_on",),
    "step": ("d.step",),
    "secrecy": ("d.secrecy",),
    "urgency": ("d.urgency",),
    "created_at": ("d.created_at",),
}
_DISTINCT = {"code", "doc_type", "signed_by", "drafting_department"}
_RETURNED_SQL = "(d.returned_at IS NOT NULL AND d.reviewed_at IS NULL AND d.cancelled_at IS NULL)"


@dataclass
class OutgoingFilter:
    text: str = ""
    date_from: dt.date | None = None  # 签发日期 (成文 follows it unless set apart)
    date_to: dt.date | None = None
    code: str = ""  # 机关代字
    doc_type: str = ""
    step: str = ""  # a stage, 未办结 (every open one), 已退回, or ""
    signed_by: str = ""
    drafting_department: str = ""
    secrecy: str = ""
    include_cancelled: bool = True  # False: a chart's drill-down (its counts leave 作废 out)
    # The 密级 the viewer is cleared for; None: the signed-in user's on a Session, only
    # 公开 and 内部 on the plain reader (forgetting shows less, never more).
    visible: tuple[str, ...] | None = None


_conn = driver  # a Session's DBAPI connection, or a sqlite3 one


def visible_levels(db: Any, f: OutgoingFilter) -> tuple[str, ...]:
    if f.visible is not None:
        return f.visible
    if isinstance(db, sqlite3.Connection):
        return DEFAULT_VISIBLE
    from desktop.services.users import principal_of

    return principal_of(db).visible_secrecy


def where_clause(f: OutgoingFilter, visible: tuple[str, ...] = SECRECY_LEVELS) -> tuple[str, list]:
    """SQL WHERE text (without the keyword, '1' when empty) and its parameters."""
    sql: list[str] = []
    params: list = []
    cleared, cleared_params = cleared_where(visible)
    if cleared != "1":
        sql.append(cleared)
        params += cleared_params
    if f.text.strip():  # the same index as global search (services.search)
        words, word_params = match_clause("outgoing", f.text, "d.id")
        sql.append(words)
        params += word_params
    if f.date_from:
        sql.append("d.signed_on >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        sql.append("d.signed_on <= ?")
        params.append(f.date_to.isoformat())
    for col, value in (("d.code", f.code), ("d.doc_type", f.doc_type), ("d.signed_by", f.signed_by),
                       ("d.drafting_department", f.drafting_department), ("d.secrecy", f.secrecy)):
        if value.strip():
            sql.append(f"{col} = ?")
            params.append(value.strip())
    if not f.include_cancelled:
        sql.append("d.cancelled_at IS NULL")
    if f.step == OPEN:
        sql.append(f"d.step IN ({', '.join('?' * len(OPEN_STEPS))})")
        params += list(OPEN_STEPS)
    elif f.step == RETURNED:
        sql.append(_RETURNED_SQL)
    elif f.step:
        sql.append("d.step = ?")
        params.append(f.step)
    return (" AND ".join(f"({c})" for c in sql) or "1"), params


def list_ids(db: Any, f: OutgoingFilter, sort_key: str = DEFAULT_SORT, descending: bool = True,
             limit: int | None = None) -> array:
    """The matching ids in display order (all, or the first ``limit``), as a compact int array."""
    direction = "DESC" if descending else "ASC"
    order = ", ".join(f"{c} {direction}" for c in (*_SORT.get(sort_key, _SORT[DEFAULT_SORT]), "d.id"))
    where, params = where_clause(f, visible_levels(db, f))
    cur = _conn(db).execute(f"SELECT d.id FROM outgoing_documents d WHERE {where} ORDER BY {order}"
                            f"{limit_sql(limit)}", params)
    return array("q", chain.from_iterable(cur))


def count(db: Any, f: OutgoingFilter) -> int:
    where, params = where_clause(f, visible_levels(db, f))
    return _conn(db).execute(f"SELECT count(*) FROM outgoing_documents d WHERE {where}", params).fetchone()[0]


_ROW_SQL = f"""
SELECT d.id, d.code, d.year, d.seq, d.title, d.doc_type, d.main_recipients, d.drafting_department,
       d.signed_by, d.signed_on, d.step, d.secrecy, d.urgency, d.created_at, d.cancelled_at, {_RETURNED_SQL}
FROM outgoing_documents d WHERE d.id IN ({{marks}})"""


def _date(value: Any) -> str:
    return "" if value is None else str(value)[:10]


def fetch_rows(db: Any, ids: Sequence[int]) -> dict[int, Row]:
    """Display rows for these ids (any order; the caller keeps its own)."""
    if not len(ids):
        return {}
    conn = _conn(db)
    fmt = number_format_raw(conn, "outgoing")
    out: dict[int, Row] = {}
    for (id_, code, year, seq, title, typ, main, dept, signer, signed, step, secrecy, urgency, created,
         cancelled, returned) in conn.execute(_ROW_SQL.format(marks=",".join("?" * len(ids))), list(ids)):
        number = fmt.format(year, seq, code) if seq is not None and year is not None else "（未编号）"
        out[id_] = Row(
            id=id_,
            values=(number, title, typ, main, dept, signer, _date(signed), f"{step}·{RETURNED}" if returned else step,
                    secrecy, urgency, _date(created)),
            overdue=False, due_soon=False, urgent=urgency == "特急", cancelled=cancelled is not None,
        )
    return out


def distinct_values(db: Any, column: str, limit: int = 300) -> list[str]:
    """Values seen in a column (for the filter combos), most used first."""
    if column not in _DISTINCT:
        raise ValueError(column)
    cur = _conn(db).execute(
        f"SELECT {column} FROM outgoing_documents GROUP BY {column} ORDER BY count(*) DESC LIMIT ?", (limit,))
    return [v for (v,) in cur if v]


@dataclass(frozen=True)
class DirectoryChoices:
    """Names the 发文 form and panel offer, from 设置 → 科室与人员 / 单位 and the 代字 list."""

    departments: list[str]
    recipients: list[str]  # organisations, then departments (a 通知 goes to 各科室 too)
    staff: list[str]
    signers: list[str]  # people with the 签发人 role
    codes: list[tuple[str, tuple[str, ...]]]  # active 代字 and the 文种 each is for (() = any)


def directory_choices(session: Any) -> DirectoryChoices:
    from desktop.services import reference
    from desktop.services.outgoing.numbering import list_codes
    from desktop.services.outgoing.workflow import SIGNER_ROLE

    departments = reference.department_names(session)
    return DirectoryChoices(
        departments, list(dict.fromkeys([*reference.organisation_names(session), *departments])),
        reference.staff_names(session), reference.staff_names(session, SIGNER_ROLE),
        [(c.code, c.doc_types) for c in list_codes(session)])


def codes_for(choices: DirectoryChoices, doc_type: str) -> list[str]:
    """The 代字 a document of ``doc_type`` may be numbered under: those made for it first."""
    own = [c for c, types in choices.codes if doc_type in types]
    return own + [c for c, types in choices.codes if not types]


@dataclass(frozen=True)
class LinkRef:
    id: int
    number: str
    title: str


def linked(db: Any, in_reply_to_id: int | None, supervision_item_id: int | None,
           visible: tuple[str, ...] = SECRECY_LEVELS) -> tuple[LinkRef | None, LinkRef | None]:
    """(the 收文 this 发文 answers, its 督办 item), for the form's links; a 收文 above
    ``visible`` shows its number only."""
    conn = _conn(db)
    answered = item = None
    if in_reply_to_id is not None:
        row = conn.execute("SELECT year, seq, title, secrecy FROM incoming_documents WHERE id = ?",
                           (in_reply_to_id,)).fetchone()
        if row:
            number = number_format_raw(conn, "incoming").format(row[0], row[1])
            answered = LinkRef(in_reply_to_id, number, row[2] if row[3] in visible else f"（{row[3]}件）")
    if supervision_item_id is not None:
        row = conn.execute("SELECT year, seq, task FROM supervision_items WHERE id = ?",
                           (supervision_item_id,)).fetchone()
        if row:
            item = LinkRef(supervision_item_id, number_format_raw(conn, "supervision").format(row[0], row[1]), row[2])
    return answered, item
