"""The 督办 list and dashboard for the tab: filters, order and counts in SQL, plain rows back.

Status with dates (临期, 逾期) is computed in SQL from the cached stage and effective
deadline (status.STATUS_SQL) against the given ``today``; indexes on (step, due_on),
(assigned_on, id) and (lead_department, step) keep thousands of items fast. Overdue
items come first, the longest overdue first; then 临期 by deadline, then the rest.
Every function takes a SQLAlchemy Session (inside its transaction) or a sqlite3
connection.
"""
from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from desktop.services import clock
from desktop.services.numbering import NumberFormat, number_format_raw
from desktop.services.search.match import match_clause
from desktop.services.sqlconn import driver, limit_sql
from desktop.services.supervision import status as st

LEAVES = "NOT EXISTS (SELECT 1 FROM supervision_items c WHERE c.parent_id = s.id)"

# The 督办通报's items and how it judges them (services.supervision.bulletin), over ``s`` with
# :from, :to (the period) and :asof (its last day, or today if earlier). The 通报 counts with
# them and the register's ``bulletin_period`` filter lists with them: a chart's drill-down
# shows exactly the items the 通报 (and the chart) counted.
BULLETIN_SCOPE = f"""s.cancelled_at IS NULL AND s.assigned_on <= :to AND (s.closed_on IS NULL OR s.closed_on >= :from)
  AND {LEAVES}"""
CLOSED_BY_ASOF = "(s.closed_on IS NOT NULL AND s.closed_on <= :asof)"
BULLETIN_PARTS = {
    "all": "1",
    "on_time": f"{CLOSED_BY_ASOF} AND (s.due_on IS NULL OR s.closed_on <= s.due_on)",  # 按期办结
    "late": f"{CLOSED_BY_ASOF} AND s.closed_on > s.due_on",  # 逾期办结
    "overdue": f"NOT {CLOSED_BY_ASOF} AND s.due_on < :asof",  # 逾期未办结
    "in_progress": f"NOT {CLOSED_BY_ASOF} AND (s.due_on IS NULL OR s.due_on >= :asof)",  # 未到期
}
# due or done: the 按期率's base (按期办结 + 逾期办结 + 逾期未办结)
BULLETIN_PARTS["due"] = " OR ".join(f"({BULLETIN_PARTS[k]})" for k in ("on_time", "late", "overdue"))


def bulletin_params(date_from: dt.date, date_to: dt.date, today: dt.date) -> dict[str, str]:
    """:from, :to and :asof of the 督办通报 for this period, as of ``today``."""
    return {"from": date_from.isoformat(), "to": date_to.isoformat(), "asof": min(date_to, today).isoformat()}


_conn = driver  # a Session's DBAPI connection, or a sqlite3 one


def due_soon_days(db: Any) -> int:
    """临期: due within this many working days (the setting, default 3)."""
    row = _conn(db).execute("SELECT value FROM settings WHERE key = ?", (st.DUE_SOON_SETTING,)).fetchone()
    try:
        return max(0, int(row[0])) if row else st.DEFAULT_DUE_SOON
    except ValueError:
        return st.DEFAULT_DUE_SOON


def number_text(fmt: NumberFormat, year: int, seq: int, part: int) -> str:
    """督〔2026〕12号, and 督〔2026〕12号-1 for the first sub-item."""
    base = fmt.format(year, seq)
    return f"{base}-{part}" if part else base


DATE_FIELDS = {"assigned_on": "交办日期", "due_on": "办理时限", "closed_on": "办结日期"}


@dataclass
class SupervisionFilter:
    department: str = ""  # 主办科室 (or 协办: ``with_assisting``)
    with_assisting: bool = False
    leader: str = ""  # 交办领导
    source: str = ""
    status: str = ""  # one of status.FILTER_CHOICES, or ""
    date_from: dt.date | None = None  # 交办日期 from (or the ``date_field``)
    date_to: dt.date | None = None
    date_field: str = "assigned_on"  # the period applies to 交办日期, 办理时限 (due_on) or 办结日期
    text: str = ""  # words anywhere in the item's search text (services.search: 事项, 批示, 科室, 进展 …)
    leaves_only: bool = False  # a split item's parts instead of it (statistics)
    # the 督办通报's items of this period (from, to), as it counts them: split items as their
    # parts, 撤销 left out; of them ``bulletin_part`` (a BULLETIN_PARTS key), judged as of
    # min(to, today) — the 图表 tab's drill-down from a 督办 bar or key figure
    bulletin_period: tuple[dt.date, dt.date] | None = None
    bulletin_part: str = "all"
    today: dt.date = field(default_factory=clock.today)
    soon_days: int | None = None  # None: the setting


@dataclass(frozen=True)
class Row:
    id: int
    number: str
    task: str
    source: str
    assigned_by: str
    lead_department: str
    responsible: str
    assigned_on: dt.date
    deadline: dt.date | None  # the original
    due_on: dt.date | None  # the effective one (differs after an approved extension)
    status: str
    days_overdue: int  # calendar days past due_on (open: until today; closed: at 办结)
    priority: str
    parent_id: int | None
    report_late: bool = False  # open, with a report cycle, and the next 进展 not in by its day


COLUMNS = (("number", "督办编号"), ("task", "督办事项"), ("lead_department", "主办科室"), ("responsible", "责任人"),
           ("assigned_by", "交办领导"), ("assigned_on", "交办日期"), ("due_on", "办理时限"), ("status", "状态"),
           ("days_overdue", "逾期天数"))


def _params(db: Any, f: SupervisionFilter) -> dict[str, Any]:
    soon = st.soon_horizon(f.today, due_soon_days(db) if f.soon_days is None else f.soon_days)
    return {"today": f.today.isoformat(), "soon": soon.isoformat()}


def where_clause(f: SupervisionFilter) -> tuple[str, dict[str, Any]]:
    """SQL WHERE text over ``s`` ('1' when empty) and its named parameters (besides :today/:soon)."""
    sql: list[str] = []
    params: dict[str, Any] = {}
    if f.department.strip():
        params["dept"] = f.department.strip()
        if f.with_assisting:
            sql.append("s.lead_department = :dept OR ('、' || s.assisting_departments || '、') LIKE "
                       "('%、' || :dept || '、%')")
        else:
            sql.append("s.lead_department = :dept")
    if f.leader.strip():
        sql.append("s.assigned_by = :leader")
        params["leader"] = f.leader.strip()
    if f.source:
        sql.append("s.source = :source")
        params["source"] = f.source
    if f.status:
        sql.append(st.status_where(f.status))
    if f.date_field not in DATE_FIELDS:
        raise ValueError(f.date_field)
    if f.date_from:
        sql.append(f"s.{f.date_field} >= :date_from")
        params["date_from"] = f.date_from.isoformat()
    if f.date_to:
        sql.append(f"s.{f.date_field} <= :date_to")
        params["date_to"] = f.date_to.isoformat()
    if f.text.strip():
        # the one search index (services.search): simplified/traditional folded, 1–2
        # character words, numbers with 〔〕, 进展 and attachment text — as the other registers
        where, words = match_clause("supervision", f.text, "s.id")
        sql.append(where.replace("?", ":words"))
        params.update({"words": words[0]} if words else {})
    if f.leaves_only:
        sql.append(LEAVES)
    if f.bulletin_period is not None:
        if f.bulletin_part not in BULLETIN_PARTS:
            raise ValueError(f.bulletin_part)
        sql += [BULLETIN_SCOPE, BULLETIN_PARTS[f.bulletin_part]]
        params.update(bulletin_params(*f.bulletin_period, f.today))
    return (" AND ".join(f"({c})" for c in sql) or "1"), params


# overdue first (longest first), then due soon, open, waiting for 审结, closed, cancelled
_ORDER = f"""CASE {st.STATUS_SQL}
  WHEN '{st.OVERDUE}' THEN 0 WHEN '{st.DUE_SOON}' THEN 1 WHEN '{st.OPEN}' THEN 2 WHEN '{st.AWAIT_REVIEW}' THEN 3
  WHEN '{st.CLOSED_LATE}' THEN 4 WHEN '{st.CLOSED_ON_TIME}' THEN 4 ELSE 5 END"""


def list_ids(db: Any, f: SupervisionFilter, limit: int | None = None) -> array:
    """The matching ids in display order (all, or the first ``limit``), as a compact int array."""
    where, params = where_clause(f)
    params.update(_params(db, f))
    sql = (f"SELECT s.id FROM supervision_items s WHERE {where} "
           f"ORDER BY {_ORDER}, CASE WHEN s.step = '{st.OPEN}' THEN s.due_on END, "
           f"s.assigned_on DESC, s.year DESC, s.seq DESC, s.part{limit_sql(limit)}")
    return array("q", chain.from_iterable(_conn(db).execute(sql, params)))


def count(db: Any, f: SupervisionFilter) -> int:
    where, params = where_clause(f)
    params.update(_params(db, f))
    return _conn(db).execute(f"SELECT count(*) FROM supervision_items s WHERE {where}", params).fetchone()[0]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def fetch_rows(db: Any, ids: Sequence[int], today: dt.date | None = None, soon_days: int | None = None
               ) -> dict[int, Row]:
    """Display rows for these ids (any order; the caller keeps its own)."""
    if not len(ids):
        return {}
    conn = _conn(db)
    today = today or clock.today()
    f = SupervisionFilter(today=today, soon_days=soon_days)
    params: dict[str, Any] = _params(conn, f)
    marks = ",".join(f":i{k}" for k in range(len(ids)))
    params.update({f"i{k}": v for k, v in enumerate(ids)})
    fmt = number_format_raw(conn, "supervision")
    sql = (f"SELECT s.id, s.year, s.seq, s.part, s.task, s.source, s.assigned_by, s.lead_department, s.responsible, "
           f"s.assigned_on, s.deadline, s.due_on, {st.STATUS_SQL}, s.closed_on, s.priority, s.parent_id, "
           f"s.step = '{st.OPEN}' AND s.report_due_on < :today "
           f"FROM supervision_items s WHERE s.id IN ({marks})")
    out: dict[int, Row] = {}
    for (id_, year, seq, part, task, source, leader, dept, person, assigned, deadline, due, status, closed,
         priority, parent, report_late) in conn.execute(sql, params):
        due_d = _date(due)
        late = st.days_overdue(due_d, today, _date(closed)) if status != st.CANCELLED else 0
        out[id_] = Row(id_, number_text(fmt, year, seq, part), task, source, leader, dept, person,
                       _date(assigned) or today, _date(deadline), due_d, status, late, priority, parent,
                       bool(report_late))
    return out


@dataclass(frozen=True)
class Dashboard:
    """The counts at the top of the tab (split items counted by their parts)."""

    in_progress: int  # open: 进行中 + 临期 + 逾期
    due_this_week: int  # open, due from today to this Sunday
    overdue: int
    closed_this_month: int  # 办结 (reported done) this calendar month
    awaiting_review: int  # 待审结
    due_today: int  # open and due today (the start-up notice names these with the overdue)
    report_late: int = 0  # open, and a 进展 report required by its cycle is missing


def dashboard(db: Any, today: dt.date | None = None) -> Dashboard:
    """The counts on top of the 督办 tab (and in the start-up notice).

    Two queries, each from an index: every count but 本月办结 is about items still 进行中
    or 待审结, read from (step, due_on); 本月办结 from the items closed this month. One pass
    over every item took 50–80 ms at the 1,000,000-document demo's 66,667 items."""
    today = today or clock.today()
    sunday = today + dt.timedelta(days=6 - today.weekday())
    first = today.replace(day=1)
    params = {"today": today.isoformat(), "sunday": sunday.isoformat(), "first": first.isoformat()}
    conn = _conn(db)
    open_ = conn.execute(f"""
        SELECT coalesce(sum(s.step = '{st.OPEN}'), 0),
               coalesce(sum(s.step = '{st.OPEN}' AND s.due_on >= :today AND s.due_on <= :sunday), 0),
               coalesce(sum(s.step = '{st.OPEN}' AND s.due_on < :today), 0),
               coalesce(sum(s.step = '{st.AWAIT_REVIEW}'), 0),
               coalesce(sum(s.step = '{st.OPEN}' AND s.due_on = :today), 0),
               coalesce(sum(s.step = '{st.OPEN}' AND s.report_due_on < :today), 0)
        FROM supervision_items s WHERE s.step IN ('{st.OPEN}', '{st.AWAIT_REVIEW}') AND {LEAVES}""",
        params).fetchone()
    closed = conn.execute(f"""
        SELECT count(*) FROM supervision_items s
        WHERE s.closed_on >= :first AND s.closed_on <= :today AND s.cancelled_at IS NULL AND {LEAVES}""",
        params).fetchone()[0]
    in_progress, due_this_week, overdue, awaiting, due_today, report_late = open_
    return Dashboard(in_progress, due_this_week, overdue, closed, awaiting, due_today, report_late)


def distinct_values(db: Any, column: str, limit: int = 300) -> list[str]:
    """Values in use for a filter list (主办科室, 交办领导, 来源), most used first."""
    if column not in ("lead_department", "assigned_by", "source"):
        raise ValueError(column)
    cur = _conn(db).execute(
        f"SELECT {column} FROM supervision_items GROUP BY {column} ORDER BY count(*) DESC LIMIT ?", (limit,))
    return [v for (v,) in cur if v]
