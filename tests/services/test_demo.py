"""The demo hospital: deterministic, realistic in shape, consistent with the rules."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.models import Department, IncomingDocument
from desktop.services.demo import DEFAULT_END, NOT_EMPTY, DemoSummary, generate_demo
from desktop.services.incoming import query
from desktop.services.incoming.index import document_body
from desktop.services.incoming.steps import CANCELLED, STEPS, derive_step
from desktop.services.numbering import incoming_number_format
from desktop.services.progress import Cancelled, Progress
from desktop.services.store import open_store

ROOT = Path(__file__).resolve().parents[2]
DOC_NO = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")
SMALL = {"years": 1, "docs_per_year": 300}


def _conn(store) -> sqlite3.Connection:
    """A plain read connection, closed when the test (or module) is done."""
    conn = sqlite3.connect(store.path)
    _open_conns.append(conn)
    return conn


_open_conns: list[sqlite3.Connection] = []


@pytest.fixture(autouse=True)
def _close_connections():
    yield
    while _open_conns:
        _open_conns.pop().close()


def digest(path: Path) -> str:
    """SHA-256 of every row of every table (and the search index), in rowid order."""
    conn = sqlite3.connect(path)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%search\\_%' ESCAPE '\\' AND name != 'users' "
            "ORDER BY name")]
        # users: salted password hashes differ on every run by design; names and roles:
        h.update(repr(conn.execute("SELECT name, role, clearance FROM users ORDER BY id").fetchall()).encode())
        for table in tables:
            h.update(table.encode())
            for row in conn.execute(f"SELECT rowid, * FROM {table} ORDER BY 1"):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        conn.close()


def _generate(path: Path, **kwargs) -> DemoSummary:
    store = open_store(path)
    try:
        return generate_demo(store, **kwargs)
    finally:
        store.close()


def test_cancelled_demo_leaves_the_database_empty(tmp_path: Path):
    store = open_store(tmp_path / "demo.db")
    progress = Progress(lambda done, total, stage: progress.cancel())  # 取消 at the first report
    try:
        with pytest.raises(Cancelled):
            generate_demo(store, years=1, seed=1, docs_per_year=50, progress=progress)
        with store.read() as s:
            assert s.scalars(select(IncomingDocument.id)).first() is None
            assert s.scalars(select(Department.id)).first() is None
    finally:
        store.close()


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    """Two years at the default rate (9,000 收文), shared by the read-only checks."""
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.db")
    calls: list[tuple[str, int, int]] = []
    summary = generate_demo(store, years=2, seed=7, progress=Progress(lambda done, total, stage: calls.append((stage, done, total))))
    yield store, summary, calls
    store.close()


# --- determinism ------------------------------------------------------------------


def test_same_seed_same_rows_other_seed_differs(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    assert _generate(a, seed=3, **SMALL) == _generate(b, seed=3, **SMALL)
    _generate(c, seed=4, **SMALL)
    assert digest(a) == digest(b)
    assert digest(a) != digest(c)


def test_deterministic_across_processes(tmp_path: Path) -> None:
    """No dependence on hash randomisation or the clock: another process, another hash seed."""
    here = tmp_path / "here.db"
    _generate(here, seed=5, **SMALL)
    there = tmp_path / "there.db"
    script = (
        "import sys; from pathlib import Path;"
        "from tests.services.test_demo import _generate, digest;"
        f"_generate(Path(sys.argv[1]), seed=5, years={SMALL['years']}, docs_per_year={SMALL['docs_per_year']});"
        "print(digest(Path(sys.argv[1])))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script, str(there)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == digest(here)


def test_new_database_is_left_in_wal_and_whole(tmp_path: Path) -> None:
    """The demo is built with its journal in memory (a new file): the file it leaves is an
    ordinary WAL database, checked whole, and its search indexes at FTS5's own settings."""
    path = tmp_path / "demo.db"
    _generate(path, seed=2, **SMALL)
    conn = sqlite3.connect(path)
    _open_conns.append(conn)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for table in ("incoming_search", "outgoing_search", "supervision_search"):
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")  # raises if not
        assert dict(conn.execute(f"SELECT k, v FROM {table}_config")).get("hashsize", 1048576) == 1048576


def test_default_end_is_fixed_not_today(tmp_path: Path) -> None:
    store = open_store(tmp_path / "x.db")
    try:
        generate_demo(store, **SMALL)
        last = _conn(store).execute("SELECT max(received_at) FROM incoming_documents").fetchone()[0]
    finally:
        store.close()
    assert last[:10] <= DEFAULT_END.isoformat()
    assert DEFAULT_END == dt.date(2026, 11, 20)


# --- shape --------------------------------------------------------------------------


def test_counts_match_summary_and_expected_ranges(hospital) -> None:
    store, summary, calls = hospital
    conn = _conn(store)

    def n(table: str) -> int:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    for table, value in vars(summary).items():
        assert n(table) == value, table
    assert summary.incoming_documents == 9000
    assert n("incoming_search") == 9000
    assert 28 <= summary.departments <= 40
    assert 80 <= summary.staff <= 100  # 62 in the directory + 24 cadres the 值班 demo adds (pool of 60)
    assert 35 <= summary.organisations <= 50
    assert 2000 <= summary.outgoing_documents <= 2600  # ~1,200 a year
    assert 500 <= summary.supervision_items <= 700  # ~300 a year
    assert summary.incoming_instructions > 4000 and summary.incoming_assignments > 6000
    assert calls[-3] == ("收文", 9000, 9000)
    assert [c[0] for c in calls[-2:]] == ["发文", "督办"]
    assert "收文 9000 件" in str(summary)


def test_reference_data(hospital) -> None:
    conn = _conn(hospital[0])
    kinds = {k for (k,) in conn.execute("SELECT kind FROM departments")}
    assert kinds == {"职能", "临床", "医技", "院领导"}
    # the window does not ask a demo for its 单位名称: forms print the hospital its 代字 name
    assert conn.execute("SELECT value FROM settings WHERE key = 'hospital_name'").fetchone() == ("湖南省职业病防治院",)
    names = {n for (n,) in conn.execute("SELECT name FROM departments")}
    assert {"医务部", "护理部", "院办公室", "医保办", "感染管理科", "急诊科", "检验科"} <= names
    staff = conn.execute("SELECT name, title, phone, roles FROM staff").fetchall()
    assert len({s[0] for s in staff}) == len(staff)
    assert all(re.fullmatch(r"1[3-9]\d{9}", s[2]) for s in staff)
    roles = Counter(r for s in staff for r in s[3].split(",") if r)
    assert roles["院领导"] >= 5 and roles["签发人"] >= 5 and roles["带班领导"] >= 5
    assert roles["总值班"] == 20 and roles["文书"] >= 2
    orgs = dict(conn.execute("SELECT name, doc_codes FROM organisations"))
    assert "湘卫发" in orgs["湖南省卫生健康委员会"].split(",")
    assert all(codes for codes in orgs.values())


def test_incoming_distributions(hospital) -> None:
    conn = _conn(hospital[0])
    rows = conn.execute(
        "SELECT sender, doc_type, secrecy, urgency, copies, pages, deadline, for_reading_only, step, "
        "received_at FROM incoming_documents").fetchall()
    total = len(rows)
    senders = Counter(r[0] for r in rows)
    assert senders.most_common(1)[0][0] == "湖南省卫生健康委员会"
    assert set(Counter(r[1] for r in rows)) >= {"通知", "函", "意见", "通报", "决定", "批复", "纪要"}
    secrecy = Counter(r[2] for r in rows)
    assert secrecy["公开"] + secrecy["内部"] > 0.98 * total and 0 < secrecy["秘密"] < 0.02 * total
    urgency = Counter(r[3] for r in rows)
    assert 0.05 < urgency["加急"] / total < 0.11 and 0.01 < urgency["特急"] / total < 0.035
    assert all(1 <= r[4] <= 3 and 1 <= r[5] <= 40 for r in rows)
    assert 0.35 < sum(r[6] is not None for r in rows) / total < 0.45
    assert 0.2 < sum(r[7] for r in rows) / total < 0.3
    steps = Counter(r[8] for r in rows)
    assert set(steps) == set(STEPS) | {CANCELLED}
    assert steps["已归档"] + steps["待归档"] > 0.85 * total
    assert 5 <= steps[CANCELLED] <= 80
    weekdays = Counter(dt.date.fromisoformat(r[9][:10]).weekday() for r in rows)
    assert weekdays[5] + weekdays[6] < 0.08 * total
    assert all("08:00" <= r[9][11:16] <= "17:30" for r in rows)


def test_a_few_dozen_overdue(hospital) -> None:
    store = hospital[0]
    with store.read() as session:
        overdue = query.count(session, query.IncomingFilter(overdue=True, today=DEFAULT_END))
    assert 12 <= overdue <= 80


def test_titles_match_doc_type_and_sender_numbers(hospital) -> None:
    conn = _conn(hospital[0])
    rows = conn.execute("SELECT title, doc_type, sender_doc_no FROM incoming_documents").fetchall()
    for title, doc_type, doc_no in rows:
        assert title.endswith(doc_type), title
        assert DOC_NO.match(doc_no), doc_no
        assert "工作工作" not in title and "管理管理" not in title
    assert len({r[2] for r in rows}) == len(rows)  # a sender's number is never repeated
    # per 代字 and year, numbers rise in the order the documents arrived
    last: dict[tuple[str, str], int] = {}
    for (doc_no,) in conn.execute("SELECT sender_doc_no FROM incoming_documents ORDER BY received_at, id"):
        m = re.match(r"^(\S+)〔(\d{4})〕(\d+)号$", doc_no)
        key, n = (m[1], m[2]), int(m[3])
        assert n > last.get(key, 0)
        last[key] = n


def test_seqs_gapless_in_received_order(hospital) -> None:
    conn = _conn(hospital[0])
    by_year = defaultdict(list)
    for year, seq, received in conn.execute(
            "SELECT year, seq, received_at FROM incoming_documents ORDER BY received_at, id"):
        assert received.startswith(str(year))
        by_year[year].append(seq)
    assert len(by_year) >= 2
    for seqs in by_year.values():
        assert seqs == list(range(1, len(seqs) + 1))
    out = defaultdict(list)
    for code, year, seq, signed in conn.execute(
            "SELECT code, year, seq, signed_on FROM outgoing_documents WHERE seq IS NOT NULL "
            "ORDER BY signed_on, seq"):
        assert signed.startswith(str(year))
        out[code, year].append(seq)
    assert {code for code, _y in out} == {"院发", "院办发", "院函", "党委发"}
    for seqs in out.values():
        assert seqs == list(range(1, len(seqs) + 1))
    sup = defaultdict(list)
    for year, seq in conn.execute("SELECT year, seq FROM supervision_items ORDER BY assigned_on, seq"):
        sup[year].append(seq)
    for seqs in sup.values():
        assert seqs == list(range(1, len(seqs) + 1))


def test_step_is_what_derive_step_gives(hospital) -> None:
    store = hospital[0]
    conn = _conn(store)
    ids = [i for (i,) in conn.execute("SELECT id FROM incoming_documents WHERE id % 23 = 0")]
    for step in (*STEPS, CANCELLED):  # every step, even the rare ones
        ids += [i for (i,) in conn.execute(
            "SELECT id FROM incoming_documents WHERE step = ? ORDER BY id LIMIT 15", (step,))]
    with store.read() as session:
        docs = session.scalars(
            select(IncomingDocument).where(IncomingDocument.id.in_(ids)).options(
                selectinload(IncomingDocument.instructions), selectinload(IncomingDocument.assignments),
                selectinload(IncomingDocument.circulations), selectinload(IncomingDocument.reminders),
                selectinload(IncomingDocument.events))).all()
        assert len(docs) == len(set(ids))
        for doc in docs:
            assert derive_step(doc) == doc.step, doc.id
            assert doc.events[0].action == "登记"
            if doc.assignments:
                assert sum(a.is_lead for a in doc.assignments) == 1
                assert doc.assignments[0].is_lead
            if doc.cancelled_at is not None:
                assert doc.cancel_reason
            if doc.archived_on is not None:
                assert re.fullmatch(rf"{doc.year}-WS-\d{{3}}", doc.archive_volume) and doc.archive_item
                assert doc.completed_on <= doc.archived_on


def test_everything_happens_in_order_and_by_the_end_date(hospital) -> None:
    conn = _conn(hospital[0])
    end = DEFAULT_END.isoformat() + " 23:59:59"
    for received, reviewed, proposed, completed, archived, created, updated in conn.execute(
            "SELECT received_at, reviewed_at, proposed_at, completed_on, archived_on, created_at, "
            "updated_at FROM incoming_documents"):
        assert created == received
        chain = [received, reviewed, proposed]
        chain = [x for x in chain if x]
        assert chain == sorted(chain)
        if completed:
            assert completed >= received[:10]
        if archived:
            assert archived >= completed
        assert received <= updated <= end
    for table, col in (("incoming_instructions", "recorded_at"), ("incoming_events", "at"),
                       ("incoming_reminders", "reminded_at"), ("incoming_circulations", "handed_at"),
                       ("outgoing_documents", "created_at"), ("supervision_items", "created_at")):
        assert conn.execute(f"SELECT max({col}) FROM {table}").fetchone()[0] <= end, table
    assert conn.execute(
        "SELECT count(*) FROM incoming_circulations WHERE returned_at < handed_at").fetchone()[0] == 0
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_outgoing_and_supervision_links(hospital) -> None:
    conn = _conn(hospital[0])
    replies = conn.execute(
        "SELECT o.signed_on, i.received_at, o.main_recipients, i.sender FROM outgoing_documents o "
        "JOIN incoming_documents i ON i.id = o.in_reply_to_id").fetchall()
    assert len(replies) > 100
    assert all(signed >= received[:10] and to == sender for signed, received, to, sender in replies)
    drafts = conn.execute(
        "SELECT count(*) FROM outgoing_documents WHERE seq IS NULL AND signed_on IS NULL").fetchone()[0]
    assert drafts >= 1
    linked = conn.execute(
        "SELECT s.source_incoming_id, n.document_id, s.assigned_by, n.leader, s.assigned_on, n.instructed_on "
        "FROM supervision_items s JOIN incoming_instructions n ON n.id = s.source_instruction_id").fetchall()
    assert len(linked) > 100
    assert all(a == b and c == d and e == f for a, b, c, d, e, f in linked)
    today = DEFAULT_END.isoformat()
    closed, overdue = conn.execute(
        "SELECT sum(closed_on IS NOT NULL), sum(closed_on IS NULL AND deadline < ?) FROM supervision_items",
        (today,)).fetchone()
    assert closed > 400 and 1 <= overdue <= 60


# --- search -------------------------------------------------------------------------


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def test_search_finds_words_of_generated_titles(hospital) -> None:
    store = hospital[0]
    conn = _conn(store)
    rows = conn.execute("SELECT id, year, seq, title, sender, sender_doc_no FROM incoming_documents").fetchall()
    with store.read() as session:
        fmt = incoming_number_format(session)
        for doc_id in (1, 4321, 9000):
            title = rows[doc_id - 1][3]
            word = _alnum(title)[2:6]
            expected = sum(
                any(word in _alnum(f) for f in (fmt.format(r[1], r[2]), r[3], r[4], r[5])) for r in rows)
            found = query.count(session, query.IncomingFilter(text=word, today=DEFAULT_END))
            assert found == expected >= 1, word
        assert query.count(session, query.IncomingFilter(text="医保")) > 0
        # the index holds exactly what the service would write on reindex
        for doc_id in (1, 2, 777, 9000):
            doc = session.get(IncomingDocument, doc_id)
            body = conn.execute("SELECT body FROM incoming_search WHERE rowid = ?", (doc_id,)).fetchone()[0]
            assert body == document_body(doc, [], fmt.format(doc.year, doc.seq))


# --- refusing -----------------------------------------------------------------------


def test_refuses_a_database_with_documents(store) -> None:
    generate_demo(store, **SMALL)
    before = digest(store.path)
    with pytest.raises(ValueError, match=NOT_EMPTY):
        generate_demo(store, **SMALL)
    assert digest(store.path) == before


def test_refuses_a_database_with_departments(store) -> None:
    with store.write() as session:
        session.add(Department(name="院办公室"))
    with pytest.raises(ValueError, match="数据库不是空的"):
        generate_demo(store, **SMALL)
    assert _conn(store).execute("SELECT count(*) FROM staff").fetchone()[0] == 0


def test_rejects_nonsense_sizes(store) -> None:
    with pytest.raises(ValueError):
        generate_demo(store, years=0)
    with pytest.raises(ValueError):
        generate_demo(store, docs_per_year=0)


def test_no_qt_import() -> None:
    code = ("import sys, desktop.services.demo; "
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
