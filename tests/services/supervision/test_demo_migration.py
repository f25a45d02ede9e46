"""The demo's 督办 mix, and migration 0008 on a 0007 file with supervision rows."""
from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

from db.engine import make_engine
from db.schema import upgrade
from desktop.services.demo import generate_demo
from desktop.services.supervision import query
from desktop.services.supervision.bulletin import build_bulletin


def test_demo_mix(store):
    generate_demo(store, years=2, seed=3, docs_per_year=1500)
    conn = sqlite3.connect(store.path)
    with closing(conn):
        def one(sql: str):
            return conn.execute(sql).fetchone()[0]

        for year, n, top in conn.execute("SELECT year, count(*), max(seq) FROM supervision_items GROUP BY year"):
            assert n == top, year  # gapless per year
        steps = dict(conn.execute("SELECT step, count(*) FROM supervision_items GROUP BY step").fetchall())
        assert steps["已办结（按期）"] > 3 * steps["已办结（逾期）"] > 0  # most on time, some late
        overdue = one("SELECT count(*) FROM supervision_items WHERE step = '进行中' AND due_on < '2026-11-20'")
        assert 1 <= overdue <= 0.1 * sum(steps.values())  # a few overdue
        decisions = dict(conn.execute("SELECT decision, count(*) FROM supervision_extensions GROUP BY decision"))
        assert decisions.get("批准", 0) > decisions.get("驳回", 0) > 0
        assert one("SELECT count(*) FROM supervision_items WHERE returned_at IS NOT NULL") > 0  # sent back at 审结
        assert one("SELECT count(*) FROM supervision_reports") > 0
        assert one("SELECT count(*) FROM supervision_reminders") > 0
        # an approved extension moves the effective deadline, the original stays
        assert one("SELECT count(*) FROM supervision_items s JOIN supervision_extensions e ON e.item_id = s.id "
                   "AND e.decision = '批准' WHERE s.due_on = e.new_deadline AND s.deadline < s.due_on") > 0
        # a 批示-linked item quotes the 批示 it came from
        assert one("SELECT count(*) FROM supervision_items s JOIN incoming_instructions n "
                   "ON n.id = s.source_instruction_id WHERE s.instruction <> n.text") == 0
    with store.read() as s:
        board = query.dashboard(s, today=dt.date(2026, 11, 20))
        b = build_bulletin(s, dt.date(2026, 1, 1), dt.date(2026, 11, 20), today=dt.date(2026, 11, 20))
    assert board.overdue == overdue
    assert b.total.overdue == len(b.overdue) > 0


def test_0008_keeps_supervision_rows(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0007")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "insert into supervision_items (id, year, seq, task, source, assigned_by, lead_department, "
            "assisting_departments, responsible, assigned_on, deadline, closed_on, created_at) values "
            "(1, 2026, 1, '已办结的', '领导批示', '王院长', '医务部', '', '', '2026-03-02', '2026-03-20', '2026-03-25', "
            "'2026-03-02 09:00:00.000000'), "
            "(2, 2026, 2, '未办结的', '院长办公会', '王院长', '护理部', '', '', '2026-03-02', '2026-03-20', NULL, "
            "'2026-03-02 09:00:00.000000')")
    engine.dispose()
    engine = make_engine(path)
    upgrade(engine)
    engine.dispose()
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("select id, part, step, due_on, accepted_at, priority, result, parent_id "
                            "from supervision_items order by id").fetchall()
        base = conn.execute("select kind, record_id, number, action from audit_log order by id desc limit 2").fetchall()
    assert rows == [(1, 0, "已办结（逾期）", "2026-03-20", "2026-03-25 00:00:00.000000", "一般", "", None),
                    (2, 0, "进行中", "2026-03-20", None, "一般", "", None)]
    assert sorted(base) == [("supervision", 1, "督〔2026〕1号", "基线"), ("supervision", 2, "督〔2026〕2号", "基线")]
