"""Migration 0007 on a 0006 file with outgoing rows: rows kept, stages derived, 代字 configured, history rebased."""
from __future__ import annotations

import sqlite3
from contextlib import closing

from db.engine import make_engine
from db.schema import upgrade


def test_0007_keeps_outgoing_rows_and_derives_their_stage(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0006")
    with engine.begin() as conn:
        for values in (
            "(1,'院发',2026,1,'已印发的通知','通知','各科室','院办','李文书','张院长','2026-03-02','2026-03-03',NULL,'2026-03-01 09:00:00.000000')",
            "(2,'院发',2026,2,'已签发未印发','通知','各科室','院办','李文书','张院长','2026-03-05',NULL,NULL,'2026-03-04 09:00:00.000000')",
            "(3,'院函',NULL,NULL,'草稿','函','省卫健委','院办','李文书','',NULL,NULL,NULL,'2026-03-06 09:00:00.000000')",
        ):
            conn.exec_driver_sql(
                "insert into outgoing_documents(id, code, year, seq, title, doc_type, main_recipients, "
                "drafting_department, drafter, signed_by, signed_on, issued_on, in_reply_to_id, created_at) "
                f"values {values}")
    engine.dispose()
    engine = make_engine(path)
    upgrade(engine)
    engine.dispose()
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("select id, code, year, seq, step, secrecy, urgency, repeat, imported, dispatched_at, body "
                            "from outgoing_documents order by id").fetchall()
        codes = conn.execute("select code, name, doc_types, active from outgoing_codes order by sort_order").fetchall()
        base = conn.execute("select kind, record_id, number, action from audit_log where id > 0 "
                            "order by id").fetchall()
    assert rows == [
        (1, "院发", 2026, 1, "待归档", "公开", "普通", 0, 0, "2026-03-03 00:00:00.000000", ""),
        (2, "院发", 2026, 2, "待复核", "公开", "普通", 0, 0, None, ""),
        (3, "院函", None, None, "待核稿", "公开", "普通", 0, 0, None, ""),
    ]
    assert codes == [("院发", "院发", "", 1), ("院函", "院函", "", 1)]
    assert base[-5:] == [
        ("outgoing", 1, "院发〔2026〕1号", "基线"), ("outgoing", 2, "院发〔2026〕2号", "基线"),
        ("outgoing", 3, "", "基线"), ("outgoing_code", 1, "院发", "基线"), ("outgoing_code", 2, "院函", "基线"),
    ]
