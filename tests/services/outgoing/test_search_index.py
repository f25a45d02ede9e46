"""outgoing_search: what migration 0008 writes for existing 发文 is what the services write."""
from __future__ import annotations

import sqlite3
from contextlib import closing

from db.engine import make_engine
from db.schema import upgrade
from desktop.services.outgoing import index
from desktop.services.store import open_store


def test_0008_indexes_existing_documents_as_the_services_do(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0007")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "insert into outgoing_documents(id, code, year, seq, title, doc_type, main_recipients, cc_recipients,"
            " drafting_department, drafter, signed_by, body, created_at) values (1, '院发', 2026, 7,"
            " '關於醫院檢查的通知', '通知', '各科室', '市衛健委', '院办', '李文书', '张院长', '正文一段。',"
            " '2026-03-01 09:00:00.000000'), (2, '', NULL, NULL, '草稿', '函', '', '', '院办', '李文书', '', '',"
            " '2026-03-02 09:00:00.000000')")
    engine.dispose()
    engine = make_engine(path)
    upgrade(engine)
    engine.dispose()
    with closing(sqlite3.connect(path)) as conn:
        migrated = dict(conn.execute("select rowid, body from outgoing_search order by rowid").fetchall())
    store = open_store(path)
    try:
        with store.read() as s:
            expected = {doc_id: body for rows in index.all_bodies(s) for doc_id, _n, body in rows}
        with store.write() as s:
            assert index.reindex_all(s) == 2
    finally:
        store.close()
    assert migrated == expected
    assert migrated[1].startswith("院发 发2 20 02 26 67 7号 号 关于 于医 医院")  # 院发〔2026〕7号 關於醫院, folded
