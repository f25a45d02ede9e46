"""The 收文 register: filters and sorting done in SQL, rows returned as plain tuples.

The table model keeps only the ordered id list (an int array, ~1.6 MB for 200,000
rows) and asks for pages of rows as they scroll into view.
"""
from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import Integer, Select, and_, column, exists, func, literal_column, select, table
from sqlalchemy.orm import Session

from db.models import IncomingAssignment
from db.models import IncomingDocument as D
from desktop.services import workcal
from desktop.services.incoming.steps import CANCELLED
from desktop.services.numbering import incoming_number_format
from desktop.services.search_text import match_query


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int  # characters, a hint for views and printed registers


COLUMNS: tuple[Column, ...] = (
    Column("number", "收文编号", 12),
    Column("received_at", "收文日期", 11),
    Column("sender", "来文单位", 18),
    Column("sender_doc_no", "来文字号", 16),
    Column("title", "文件标题", 36),
    Column("doc_type", "文种", 5),
    Column("secrecy", "密级", 5),
    Column("urgency", "紧急程度", 5),
    Column("deadline", "办理时限", 11),
    Column("lead_department", "承办科室", 10),
    Column("step", "环节", 5),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)

_SORT = {
    "number": (D.year, D.seq),
    "received_at": (D.received_at,),
    "sender": (D.sender,),
    "sender_doc_no": (D.sender_doc_no,),
    "title": (D.title,),
    "doc_type": (D.doc_type,),
    "secrecy": (D.secrecy,),
    "urgency": (D.urgency,),
    "deadline": (D.deadline,),
    "step": (D.step,),
}


SEARCH = table("incoming_search", column("rowid", Integer), column("incoming_search"))


@dataclass
class IncomingFilter:
    text: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sender: str = ""
    doc_type: str = ""
    secrecy: str = ""
    urgency: str = ""
    step: str = ""  # one of STEPS, 作废, "未办结" (all open) or ""
    department: str = ""
    overdue: bool = False
    due_within_workdays: int | None = None  # due soon: deadline within N working days
    include_cancelled: bool = True
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Row:
    id: int
    values: tuple  # in COLUMNS order, display-ready strings
    overdue: bool
    due_soon: bool
    urgent: bool  # 特急
    cancelled: bool


def _open_clause():
    return and_(D.completed_on.is_(None), D.cancelled_at.is_(None), D.for_reading_only.is_(False))


def where_clauses(f: IncomingFilter) -> list:
    clauses: list = []
    if f.text.strip():
        q = match_query(f.text)
        if q is None:
            clauses.append(literal_column("0") == 1)
        else:
            clauses.append(D.id.in_(select(SEARCH.c.rowid).where(SEARCH.c.incoming_search.op("MATCH")(q))))
    if f.date_from:
        clauses.append(D.received_at >= dt.datetime.combine(f.date_from, dt.time.min))
    if f.date_to:
        clauses.append(D.received_at < dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time.min))
    if f.sender.strip():
        clauses.append(D.sender == f.sender.strip())
    for col, value in ((D.doc_type, f.doc_type), (D.secrecy, f.secrecy), (D.urgency, f.urgency)):
        if value:
            clauses.append(col == value)
    if f.step == "未办结":
        clauses.append(D.step.notin_(("办结", "归档", CANCELLED)))
    elif f.step:
        clauses.append(D.step == f.step)
    if f.department.strip():
        clauses.append(
            exists().where(
                IncomingAssignment.document_id == D.id,
                IncomingAssignment.department == f.department.strip(),
            )
        )
    if f.overdue:
        clauses.append(and_(D.deadline < f.today, _open_clause()))
    if f.due_within_workdays is not None:
        horizon = workcal.add_workdays(f.today, max(0, f.due_within_workdays))
        clauses.append(and_(D.deadline >= f.today, D.deadline <= horizon, _open_clause()))
    if not f.include_cancelled:
        clauses.append(D.cancelled_at.is_(None))
    return clauses


def _filtered(stmt: Select, f: IncomingFilter) -> Select:
    clauses = where_clauses(f)
    return stmt.where(*clauses) if clauses else stmt


def _raw(session: Session, stmt: Select) -> list[tuple]:
    """Run a Core statement on the DBAPI cursor: no per-row result processing."""
    compiled = stmt.compile(session.get_bind(), compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    positional = [params[name] for name in compiled.positiontup] if compiled.positiontup else params
    conn = session.connection().connection.driver_connection
    return conn.execute(str(compiled), positional).fetchall()


def list_ids(session: Session, f: IncomingFilter, sort_key: str = "received_at", descending: bool = True) -> array:
    """All matching ids in display order, as a compact int array."""
    cols = _SORT.get(sort_key, _SORT["received_at"])
    order = [c.desc() if descending else c.asc() for c in cols]
    order.append(D.id.desc() if descending else D.id.asc())
    stmt = _filtered(select(D.id), f).order_by(*order)
    return array("q", chain.from_iterable(_raw(session, stmt)))


def count(session: Session, f: IncomingFilter) -> int:
    return _raw(session, _filtered(select(func.count(D.id)), f))[0][0]


def _date(value) -> str:
    if value is None:
        return ""
    return str(value)[:10]


def fetch_rows(session: Session, ids: Sequence[int], today: dt.date | None = None) -> dict[int, Row]:
    """Display rows for these ids (any order; the caller keeps its own order)."""
    if not ids:
        return {}
    today = today or dt.date.today()
    soon = workcal.add_workdays(today, 3)
    fmt = incoming_number_format(session)
    lead = (
        select(IncomingAssignment.department)
        .where(IncomingAssignment.document_id == D.id)
        .order_by(IncomingAssignment.is_lead.desc(), IncomingAssignment.id)
        .limit(1)
        .scalar_subquery()
    )
    stmt = select(
        D.id, D.year, D.seq, D.received_at, D.sender, D.sender_doc_no, D.title, D.doc_type,
        D.secrecy, D.urgency, D.deadline, lead, D.step, D.completed_on, D.cancelled_at, D.for_reading_only,
    ).where(D.id.in_(list(ids)))
    out: dict[int, Row] = {}
    for r in _raw(session, stmt):
        (id_, year, seq, received, sender, docno, title, typ, secrecy, urgency, deadline, dept,
         step, completed, cancelled, reading) = r
        deadline_d = dt.date.fromisoformat(deadline[:10]) if deadline else None
        is_open = completed is None and cancelled is None and not reading
        overdue = bool(is_open and deadline_d and deadline_d < today)
        due_soon = bool(is_open and deadline_d and today <= deadline_d <= soon)
        out[id_] = Row(
            id=id_,
            values=(fmt.format(year, seq), str(received)[:16], sender, docno, title, typ,
                    secrecy, urgency, _date(deadline), dept or "", step),
            overdue=overdue,
            due_soon=due_soon,
            urgent=urgency == "特急",
            cancelled=cancelled is not None,
        )
    return out


def distinct_values(session: Session, column: str, limit: int = 500) -> list[str]:
    """Values seen in a column (for filter combos and autocompletion), most used first."""
    col = getattr(D, column)
    stmt = select(col).group_by(col).order_by(func.count().desc()).limit(limit)
    return [v for (v,) in session.execute(stmt) if v]


def distinct_departments(session: Session) -> list[str]:
    """承办科室 names used so far, most used first."""
    col = IncomingAssignment.department
    stmt = select(col).group_by(col).order_by(func.count().desc()).limit(200)
    return [v for (v,) in session.execute(stmt) if v]
