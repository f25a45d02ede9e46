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


def _found(session, words: str) -> list[str]:
    from desktop.services.outgoing import query

    ids = query.list_ids(session, query.OutgoingFilter(text=words, visible=("公开", "内部")))
    return sorted(r.values[0] for r in query.fetch_rows(session, ids).values())


def _index_problems(store) -> list[str]:
    from desktop.services.verify import INDEX, verify_store

    return [p.message for p in verify_store(store).problems if p.check == INDEX]


def test_imported_documents_are_found_by_search_at_once(office, tmp_path):
    import datetime as dt

    import openpyxl

    from desktop.services import clock
    from desktop.services.outgoing.xlsx_apply import import_outgoing_xlsx

    path = tmp_path / "2025.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["文号", "文件标题", "公文种类", "主送", "拟稿部门", "拟稿人", "签发", "签发时间"])
    ws.append(["院发〔2025〕1号", "关于职业健康体检的通知", "通知", "各科室", "院办", "李文书", "张院长", "2025-01-06"])
    ws.append(["院发〔2025〕3号", "关于防暑降温的通知", "通知", "各科室", "院办", "李文书", "张院长", "2025-06-06"])
    wb.save(path)
    with clock.frozen(dt.datetime(2026, 4, 1, 9)), office.write() as s:
        import_outgoing_xlsx(s, path, "导入")
    with office.read() as s:
        assert _found(s, "体检") == ["院发〔2025〕1号"]
        assert _found(s, "防暑") == ["院发〔2025〕3号"]
        assert _found(s, "通知") == ["院发〔2025〕1号", "院发〔2025〕3号"]
    assert _index_problems(office) == []


def test_a_new_number_format_rewrites_the_index_and_verify_sees_a_stale_row(office):
    import datetime as dt
    import sqlite3
    from contextlib import closing

    from desktop.services import clock

    from .conftest import signed

    with clock.frozen(dt.datetime(2026, 3, 2, 9)), office.write() as s:
        signed(s, title="关于院感防控培训的通知")
    with office.read() as s:
        assert _found(s, "院发〔2026〕1号") == ["院发〔2026〕1号"]
    with office.write() as s:
        index.set_number_format(s, "{code}[{year}]第{seq}号")
    with office.read() as s:
        assert _found(s, "第1号") == ["院发[2026]第1号"]
        assert _found(s, "院发〔2026〕1号") == []  # the old form is gone
    assert _index_problems(office) == []
    with closing(sqlite3.connect(office.path)) as conn:
        conn.execute("UPDATE outgoing_search SET body = '旧' WHERE rowid = 1")
        conn.commit()
    assert _index_problems(office) == ["发文 院发[2026]第1号 的搜索索引已过时（与其字号、标题、主送、正文或附件文字不符）。"]
