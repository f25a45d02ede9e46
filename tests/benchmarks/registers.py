"""Every register filter and global search, each beside the raw sqlite3 query on the same index.

Measured: what a register does when a filter changes, through its own service calls on a
read-only connection as the window's reader. What the user waits for: the first 200 ids
of the match in order (LIMIT) and their display rows — then the table shows them. Floor:
the same answer from hand-written SQL on plain sqlite3 — the ids in the same order
through the same index with the same LIMIT, then the page's columns — with no service
code around it. Then, as figures of their own ("… 后台"), the whole ordered id list the
register lists on a worker thread while the window stays live (for its scroll bar and
"共 N 条"), against the raw query listing every id.

Global search: services.search.search (20 hits a kind, newest first, with snippets) vs,
per kind, the plain "match set ordered by date, LIMIT 21" query and the 20 rows' columns.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.figures import Figure, best_of

PAGE = 200
TARGET_RATIO, TARGET_S = 2.0, 0.100
TODAY = dt.date(2026, 11, 20)  # the demo's last day (services.demo.DEFAULT_END)
ALL_LEVELS = ("公开", "内部", "秘密", "机密", "绝密")  # the demo's 主任 sees every 密级

# what a 收文 row shows: its columns, the 主办 department, and the 传阅中/已催办 marks
_INCOMING_ROW = ("SELECT d.id, d.year, d.seq, d.received_at, d.sender, d.sender_doc_no, d.title, d.doc_type, "
                 "d.secrecy, d.urgency, d.deadline, "
                 "(SELECT a.department FROM incoming_assignments a WHERE a.document_id = d.id "
                 "ORDER BY a.is_lead DESC, a.id LIMIT 1), d.step, d.completed_on, d.cancelled_at, "
                 "d.for_reading_only, "
                 "d.cancelled_at IS NULL AND d.archived_on IS NULL AND EXISTS (SELECT 1 FROM incoming_circulations x "
                 "WHERE x.document_id = d.id AND x.returned_at IS NULL), "
                 "d.cancelled_at IS NULL AND d.archived_on IS NULL AND d.completed_on IS NULL AND EXISTS "
                 "(SELECT 1 FROM incoming_reminders x WHERE x.document_id = d.id) "
                 "FROM incoming_documents d WHERE d.id IN ({})")
_OUTGOING_ROW = ("SELECT d.id, d.code, d.year, d.seq, d.title, d.doc_type, d.main_recipients, d.drafting_department, "
                 "d.signed_by, d.signed_on, d.step, d.secrecy, d.urgency, d.created_at "
                 "FROM outgoing_documents d WHERE d.id IN ({})")
_SUPERVISION_ROW = ("SELECT s.id, s.year, s.seq, s.part, s.task, s.source, s.assigned_by, s.lead_department, "
                    "s.responsible, s.assigned_on, s.deadline, s.due_on, s.step FROM supervision_items s "
                    "WHERE s.id IN ({})")


def _raw(conn: sqlite3.Connection, ids_sql: str, params: Any, row_sql: str) -> Callable[[], int]:
    """The first page as plain SQL: the first PAGE ids in order, then their columns."""
    def run() -> int:
        page = [i for (i,) in conn.execute(f"{ids_sql} LIMIT {PAGE}", params)]
        conn.execute(row_sql.format(",".join("?" * len(page))), page).fetchall()
        return len(page)
    return run


def _raw_all(conn: sqlite3.Connection, ids_sql: str, params: Any) -> Callable[[], int]:
    """The whole ordered id list as plain SQL."""
    def run() -> int:
        return len([i for (i,) in conn.execute(ids_sql, params)])
    return run


BACKGROUND = " 后台"  # the group of the whole-list figures: listed on a worker thread


def _figures(group: str, name: str, first: Callable[[], int], whole: Callable[[], int],
             floor_first: Callable[[], int], floor_whole: Callable[[], int], repeat: int) -> list[Figure]:
    """The first page (what the user waits for) and the whole list (the background's); the
    whole list blocks nobody, so it is held to its floor only, not to a keystroke's 100 ms."""
    rows = whole()  # the rows matched, for both notes
    return [_figure(group, name, first, floor_first, repeat, rows=rows),
            _figure(group + BACKGROUND, name, whole, floor_whole, repeat, max_seconds=None, rows=rows)]


def _figure(group: str, name: str, measured: Callable[[], int], floor: Callable[[], int], repeat: int, *,
            max_seconds: float | None = TARGET_S, rows: int | None = None) -> Figure:
    """``measured`` beside ``floor``, best of ``repeat`` each; its note says ``rows`` (else
    what ``measured`` returns). ``name`` "number: 收〔2025〕0895" is filed as "number" (the
    sample differs with the size)."""
    label, _, sample = name.partition(": ")
    n = measured()  # warm: the first run reads pages from disk for both alike
    floor()
    t_floor = best_of(floor, repeat)
    t = best_of(measured, repeat)
    note = f"{n if rows is None else rows:,} rows" + (f" ({sample})" if sample else "")
    return Figure(group, label, t, t_floor, TARGET_RATIO, max_seconds, note)


def _samples(conn: sqlite3.Connection) -> dict[str, str]:
    """Words and numbers that exist in the demo at every size (the middle record's)."""
    from desktop.services.numbering import incoming_number_format_raw, number_format_raw

    mid = conn.execute("SELECT max(id) / 2 FROM incoming_documents").fetchone()[0]
    year, seq, docno = conn.execute("SELECT year, seq, sender_doc_no FROM incoming_documents WHERE id = ?",
                                    (mid,)).fetchone()
    out_mid = conn.execute("SELECT code, year, seq FROM outgoing_documents WHERE seq IS NOT NULL "
                           "ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM outgoing_documents)").fetchone()
    return {
        "incoming_number": incoming_number_format_raw(conn).format(year, seq),
        "sender_doc_no": docno,
        "outgoing_number": number_format_raw(conn, "outgoing").format(out_mid[1], out_mid[2], out_mid[0]),
    }


def bench_incoming(conn: sqlite3.Connection, repeat: int) -> list[Figure]:
    from desktop.services.incoming import query as q
    from desktop.services.incoming.steps import OPEN_STEPS
    from desktop.services.search_text import match_query

    s = _samples(conn)
    order = "ORDER BY d.received_at DESC, d.id DESC"
    base = "SELECT d.id FROM incoming_documents d"
    fts = "d.id IN (SELECT rowid FROM incoming_search WHERE incoming_search MATCH ?)"
    open_ = "d.completed_on IS NULL AND d.cancelled_at IS NULL AND d.for_reading_only = 0"
    cases: list[tuple[str, q.IncomingFilter, str, tuple]] = [
        ("全部 (no filter)", q.IncomingFilter(), f"{base} {order}", ()),
        ("未办结", q.IncomingFilter(step="未办结"),
         f"{base} WHERE d.step IN ({','.join('?' * len(OPEN_STEPS))}) {order}", tuple(OPEN_STEPS)),
        ("承办科室 医务部", q.IncomingFilter(department="医务部"),
         f"{base} WHERE d.id IN (SELECT document_id FROM incoming_assignments WHERE department = ?) {order}",
         ("医务部",)),
        ("逾期", q.IncomingFilter(overdue=True), f"{base} WHERE d.deadline < ? AND {open_} {order}",
         (TODAY.isoformat(),)),
        ("文种 通知", q.IncomingFilter(doc_type="通知"), f"{base} WHERE d.doc_type = ? {order}", ("通知",)),
        ("密级 内部", q.IncomingFilter(secrecy="内部"), f"{base} WHERE d.secrecy = ? {order}", ("内部",)),
    ]
    for label, text in (("text 2 chars 医保", "医保"), ("text 4 chars 医疗质量", "医疗质量"),
                        ("number: " + s["incoming_number"], s["incoming_number"]),
                        ("来文字号: " + s["sender_doc_no"], s["sender_doc_no"])):
        cases.append((label, q.IncomingFilter(text=text), f"{base} WHERE {fts} {order}", (match_query(text),)))
    # the 文书 (公开 and 内部 only: every query carries the clearance check) on the filters they use most
    clerk = [(name, _with(f, visible=CLERK_LEVELS), _cleared(sql), params) for name, f, sql, params in cases
             if name.split(":")[0] in CLERK_CASES]
    out = []
    for group, runs in (("收文", [(n, _with(f, visible=ALL_LEVELS), sql, p) for n, f, sql, p in cases]),
                        ("收文（文书）", clerk)):
        out += _incoming_figures(conn, group, runs, repeat)
    return out


CLERK_LEVELS = ("公开", "内部")  # the demo's 文书
CLERK_CASES = ("全部 (no filter)", "未办结", "文种 通知", "text 2 chars 医保", "number")


def _cleared(sql: str) -> str:
    """The raw query with the 文书's clearance check, written as the services write it."""
    check = "+d.secrecy IN ('公开', '内部')"
    if " WHERE " in sql:
        return sql.replace(" WHERE ", f" WHERE {check} AND ", 1)
    return sql.replace(" ORDER BY ", f" WHERE {check} ORDER BY ", 1)


def _incoming_figures(conn: sqlite3.Connection, group: str, cases: list, repeat: int) -> list[Figure]:
    from desktop.services.incoming import query as q

    out = []
    for name, f, sql, params in cases:
        f = _with(f, today=TODAY)

        def first(f: q.IncomingFilter = f) -> int:
            ids = q.list_ids(conn, f, limit=PAGE)
            return len(q.fetch_rows(conn, ids, TODAY))

        def whole(f: q.IncomingFilter = f) -> int:
            return len(q.list_ids(conn, f))
        out += _figures(group, name, first, whole, _raw(conn, sql, params, _INCOMING_ROW),
                        _raw_all(conn, sql, params), repeat)
    return out


def bench_outgoing(conn: sqlite3.Connection, repeat: int) -> list[Figure]:
    from desktop.services.outgoing import query as q
    from desktop.services.outgoing.steps import OPEN_STEPS
    from desktop.services.search_text import match_query

    s = _samples(conn)
    order = "ORDER BY d.created_at DESC, d.id DESC"
    base = "SELECT d.id FROM outgoing_documents d"
    fts = "d.id IN (SELECT rowid FROM outgoing_search WHERE outgoing_search MATCH ?)"
    cases: list[tuple[str, q.OutgoingFilter, str, tuple]] = [
        ("全部 (no filter)", q.OutgoingFilter(), f"{base} {order}", ()),
        ("未办结", q.OutgoingFilter(step="未办结"),
         f"{base} WHERE d.step IN ({','.join('?' * len(OPEN_STEPS))}) {order}", tuple(OPEN_STEPS)),
        ("文种 通知", q.OutgoingFilter(doc_type="通知"), f"{base} WHERE d.doc_type = ? {order}", ("通知",)),
        ("代字 院办发", q.OutgoingFilter(code="院办发"), f"{base} WHERE d.code = ? {order}", ("院办发",)),
        ("拟稿科室 医务部", q.OutgoingFilter(drafting_department="医务部"),
         f"{base} WHERE d.drafting_department = ? {order}", ("医务部",)),
        ("密级 内部", q.OutgoingFilter(secrecy="内部"), f"{base} WHERE d.secrecy = ? {order}", ("内部",)),
    ]
    for label, text in (("text 2 chars 医保", "医保"), ("text 4 chars 医疗质量", "医疗质量"),
                        ("number: " + s["outgoing_number"], s["outgoing_number"])):
        cases.append((label, q.OutgoingFilter(text=text), f"{base} WHERE {fts} {order}", (match_query(text),)))
    out = []
    for name, f, sql, params in cases:
        f = _with(f, visible=ALL_LEVELS)

        def first(f: q.OutgoingFilter = f) -> int:
            return len(q.fetch_rows(conn, q.list_ids(conn, f, q.DEFAULT_SORT, True, limit=PAGE)))

        def whole(f: q.OutgoingFilter = f) -> int:
            return len(q.list_ids(conn, f, q.DEFAULT_SORT, True))
        out += _figures("发文", name, first, whole, _raw(conn, sql, params, _OUTGOING_ROW),
                        _raw_all(conn, sql, params), repeat)
    return out


def bench_supervision(conn: sqlite3.Connection, repeat: int) -> list[Figure]:
    from desktop.services import workcal
    from desktop.services.search_text import match_query
    from desktop.services.supervision import query as q
    from desktop.services.supervision import status as st

    soon = workcal.add_workdays(TODAY, 3)  # the default 临期 setting
    # the register's order, written out: 逾期 (longest first), 临期, 进行中, 待审结, 办结, the rest
    order = (f"ORDER BY CASE WHEN s.step = '{st.OPEN}' AND s.due_on < '{TODAY}' THEN 0 "
             f"WHEN s.step = '{st.OPEN}' AND s.due_on <= '{soon}' THEN 1 "
             f"WHEN s.step = '{st.OPEN}' THEN 2 WHEN s.step = '{st.AWAIT_REVIEW}' THEN 3 "
             f"WHEN s.step IN ('{st.CLOSED_LATE}', '{st.CLOSED_ON_TIME}') THEN 4 ELSE 5 END, "
             f"CASE WHEN s.step = '{st.OPEN}' THEN s.due_on END, s.assigned_on DESC, s.year DESC, s.seq DESC, s.part")
    base = "SELECT s.id FROM supervision_items s"
    fts = "s.id IN (SELECT rowid FROM supervision_search WHERE supervision_search MATCH ?)"
    cases: list[tuple[str, q.SupervisionFilter, str, tuple]] = [
        ("全部 (no filter)", q.SupervisionFilter(), f"{base} {order}", ()),
        ("未办结", q.SupervisionFilter(status=st.UNFINISHED), f"{base} WHERE s.step IN (?, ?) {order}",
         (st.OPEN, st.AWAIT_REVIEW)),
        ("逾期", q.SupervisionFilter(status=st.OVERDUE), f"{base} WHERE s.step = ? AND s.due_on < ? {order}",
         (st.OPEN, TODAY.isoformat())),
        ("主办科室 医务部", q.SupervisionFilter(department="医务部"),
         f"{base} WHERE s.lead_department = ? {order}", ("医务部",)),
        ("text 2 chars 医保", q.SupervisionFilter(text="医保"), f"{base} WHERE {fts} {order}",
         (match_query("医保"),)),
    ]
    out = []
    for name, f, sql, params in cases:
        f = _with(f, today=TODAY)

        def first(f: q.SupervisionFilter = f) -> int:
            return len(q.fetch_rows(conn, q.list_ids(conn, f, limit=PAGE), TODAY))

        def whole(f: q.SupervisionFilter = f) -> int:
            return len(q.list_ids(conn, f))
        out += _figures("督办", name, first, whole, _raw(conn, sql, params, _SUPERVISION_ROW),
                        _raw_all(conn, sql, params), repeat)
    return out


def bench_search(path: Path, conn: sqlite3.Connection, repeat: int) -> list[Figure]:
    from desktop.services import search as global_search
    from desktop.services.demo import DEMO_ACCOUNTS
    from desktop.services.search.kinds import KINDS, KINDS_ORDER
    from desktop.services.search_text import match_query
    from desktop.services.store import open_store
    from desktop.services.users import sign_in

    s = _samples(conn)
    store = open_store(path, create=False)
    director, clerk = (sign_in(store, *account[:2]) for account in DEMO_ACCOUNTS[:2])
    everything = (("2 chars 医保", "医保"), ("4 chars 医疗质量", "医疗质量"),
                  ("number: " + s["incoming_number"], s["incoming_number"]),
                  ("来文字号: " + s["sender_doc_no"], s["sender_doc_no"]))
    out = []
    try:
        for group, principal, queries, check in (
                ("全局搜索", director, everything, ""),
                ("全局搜索（文书）", clerk, everything[:1] + everything[2:3], "+d.secrecy IN ('公开', '内部') AND ")):
            with store.read(principal) as session:
              for label, text in queries:
                  expr = match_query(text)

                  def floor(expr: str | None = expr, check: str = check) -> int:
                      n = 0
                      for key in KINDS_ORDER:
                          k = KINDS[key]
                          cleared = check if k.secrecy else ""
                          ids = [i for (i,) in conn.execute(
                              f"SELECT d.id FROM {k.table} d WHERE {cleared}d.id IN (SELECT rowid FROM {k.index} "
                              f"WHERE {k.index} MATCH ?) ORDER BY d.{k.date_sql} DESC, d.id DESC LIMIT 21", (expr,))]
                          conn.execute(f"SELECT * FROM {k.table} WHERE id IN ({','.join('?' * len(ids))})",
                                       ids).fetchall()
                          n += len(ids[:20])
                      return n

                  def measured(text: str = text, session: Any = session) -> int:
                      return sum(len(g.hits) for g in global_search.search(session, text))
                  out.append(_figure(group, label, measured, floor, repeat))
    finally:
        store.close()
    for f in out:  # the note says hits shown, not rows matched
        object.__setattr__(f, "note", f.note.replace("rows", "hits"))
    return out


def _with(f: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(f, **changes)


def bench_registers(path: Path, repeat: int) -> list[Figure]:
    from db.paths import open_reader

    conn = open_reader(path)
    try:
        figures = bench_incoming(conn, repeat) + bench_outgoing(conn, repeat) + bench_supervision(conn, repeat)
        # what the user waits for first, the background's whole lists after them
        ordered = ([f for f in figures if not f.group.endswith(BACKGROUND)] + bench_search(path, conn, repeat)
                   + [f for f in figures if f.group.endswith(BACKGROUND)])
        return ordered
    finally:
        conn.close()
