"""The search indexes stay in step with the records: every write path, the migration, verify."""
from __future__ import annotations

import sqlite3
from contextlib import closing

from db.engine import make_engine
from db.schema import upgrade
from desktop.services import attachments as att
from desktop.services.backup import backup_database, restore_archive
from desktop.services.incoming.kind import INCOMING
from desktop.services.search import bodies, kinds, search
from desktop.services.store import open_store
from desktop.services.verify import verify_store
from tests.services.test_incoming_xlsx import GOOD_ROWS, HEADERS, do_import, write_xlsx

from .conftest import incoming, item, log_entry


def titles(store, text: str) -> list[str]:
    with store.read() as s:
        return [h.title for g in search(s, text) for h in g.hits]


def test_attachment_text_added_and_removed(office, tmp_path):
    doc_id = incoming(office, "关于春季防火的通知")
    path = tmp_path / "正文.txt"
    path.write_text("请各科室于四月底前完成灭火器检查。", encoding="utf-8")
    with office.write() as s:
        attachment_id = att.add_attachment(s, office.files_dir, INCOMING, doc_id, path, "文书甲")
    with office.read() as s:
        (group,) = search(s, "灭火器")
        assert (group.hits[0].where, group.hits[0].snippet.marked()) == (
            "附件", "请各科室于四月底前完成【灭火器】检查。")
    with office.write() as s:
        att.remove_attachment(s, INCOMING, attachment_id, "文书甲")
    assert titles(office, "灭火器") == []


def test_excel_import_and_restore_of_a_backup(office, tmp_path):
    do_import(office, write_xlsx(tmp_path / "a.xlsx", list(HEADERS), GOOD_ROWS))
    assert titles(office, "春季防火") == ["关于做好春季防火工作的函"]
    assert titles(office, "湘卫发〔2026〕12号") == ["关于开展医疗质量安全专项检查的通知"]
    item(office, "落实春季防火检查")
    archive = backup_database(office, tmp_path / "b.zip")
    log_entry(office, "春季防火巡查发现隐患")  # after the backup: gone once it is restored
    office.close()
    restore_archive(archive, office.path)
    again = open_store(office.path)
    try:
        assert titles(again, "春季防火") == ["关于做好春季防火工作的函", "落实春季防火检查"]
        assert verify_store(again).ok
    finally:
        again.close()


def test_verify_names_a_tampered_row_of_any_kind(office):
    item_id = item(office, "完成医疗质量自查")
    entry = log_entry(office, "急诊科反映停水")
    with closing(sqlite3.connect(office.path)) as conn, conn:
        conn.execute("UPDATE supervision_search SET body = '篡改 改' WHERE rowid = ?", (item_id,))
        conn.execute("DELETE FROM duty_log_search WHERE rowid = ?", (entry,))
        conn.execute("INSERT INTO duty_log_search(rowid, body) VALUES (77, '不存在')")
    assert verify_store(office).lines() == [
        "校验发现 3 处问题：",
        "[搜索索引] 督办 督〔2026〕1号 的搜索索引已过时（与其事项、批示、进展或附件文字不符）。",
        "[搜索索引] 值班日志 （id 1） 不在搜索索引中（搜索找不到它）。",
        "[搜索索引] 搜索索引中有 1 条不存在的值班日志（id 77），搜索会找到已不存在的记录。",
    ]


def test_0012_indexes_existing_items_and_log_as_the_services_do(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0011")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "insert into supervision_items(id, year, seq, part, task, source, instruction, assigned_by,"
            " lead_department, assisting_departments, responsible, assigned_on, created_at) values"
            " (1, 2026, 3, 0, '落實醫院感染整改', '领导批示', '請抓緊', '王院长', '院感科', '护理部', '李四',"
            " '2026-03-01', '2026-03-01 09:00:00.000000'),"
            " (2, 2026, 3, 1, '分项一', '领导批示', '', '王院长', '护理部', '', '', '2026-03-01',"
            " '2026-03-01 09:00:00.000000')")
        conn.exec_driver_sql("insert into supervision_reports(item_id, reported_on, text, percent, reported_by,"
                             " recorded_by, recorded_at) values (1, '2026-03-05', '已完成一半', 50, '', '', "
                             "'2026-03-05 09:00:00.000000')")
        conn.exec_driver_sql("insert into duty_shifts(id, name, day_kind, start, \"end\") values (1, '夜班', 'any', "
                             "'17:30', '08:00')")
        conn.exec_driver_sql("insert into duty_log(id, day, shift_id, at, event, action, reported_to, handed_to,"
                             " written_by) values (1, '2026-03-02', 1, '2026-03-02 23:00:00.000000', '停電',"
                             " '搶修', '王院长', '', '周明')")
    engine.dispose()
    store = open_store(path)
    try:
        with store.read() as s:
            conn = bodies.driver(s)
            for key in ("supervision", "duty"):
                kind = kinds.KINDS[key]
                migrated = dict(conn.execute(f"SELECT rowid, body FROM {kind.index}").fetchall())
                expected = {i: b for rows in bodies.all_bodies(conn, kind) for i, _n, b in rows}
                assert migrated == expected and len(migrated) == {"supervision": 2, "duty": 1}[key]
        assert titles(store, "医院感染") == ["落實醫院感染整改"]
        assert titles(store, "停电") == ["停電"]
        assert titles(store, "督〔2026〕3号-1") == ["分项一"]
    finally:
        store.close()
