"""``verify`` reports every edit made behind the program's back (each made with plain sqlite3)."""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.services import clock
from desktop.services.attachments import add_attachment
from desktop.services.incoming import register, workflow
from desktop.services.incoming.kind import INCOMING
from desktop.services.incoming.register import IncomingInput
from desktop.services.store import open_store
from desktop.services.verify import verify_store

TITLES = ["关于医保基金检查的通知", "关于安全生产大检查的通知", "关于院感防控培训的通知",
          "关于财务审计的函", "关于招聘工作的通知", "关于后勤保障的通知"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Six documents, one with 承办 and a 批示, one with an attachment; written by the program."""
    path = tmp_path / "office.db"
    scan = tmp_path / "扫描件.txt"
    scan.write_text("医保基金专项检查方案全文", encoding="utf-8")
    store = open_store(path)
    with clock.frozen(dt.datetime(2026, 3, 2, 10, 0)):
        for i, title in enumerate(TITLES):
            with store.write(actor="文书") as s:
                register.register_incoming(s, IncomingInput(
                    received_at=dt.datetime(2026, 3, 2, 9, i), sender="湖南省卫生健康委员会",
                    sender_doc_no=f"湘卫发〔2026〕{i + 1}号", title=title), "文书")
        with store.write(actor="主任") as s:
            workflow.assign_departments(s, 1, ["医务部"], None, "主任", add_to_directory=True)
            workflow.add_instruction(s, 1, "李院长", "请医务部牵头办理", dt.date(2026, 3, 2), "主任", add_to_directory=True)
        with store.write(actor="文书") as s:
            add_attachment(s, store.files_dir, INCOMING, 2, scan, "文书")
    store.close()
    return path


def _verify(path: Path) -> list[str]:
    store = open_store(path)
    try:
        return verify_store(store).lines()
    finally:
        store.close()


def _sql(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        for sql in statements:
            conn.execute(sql)
        conn.commit()


def test_untouched_file_verifies(db):
    assert _verify(db) == [
        "校验通过：历史记录 10 条，哈希链完整；8 条记录与历史一致；编号无缺号；搜索索引与记录一致；附件 1 个完好。"]


def test_title_and_secrecy_changed_with_sqlite(db):
    _sql(db, "UPDATE incoming_documents SET title = '关于某事的通知', secrecy = '机密' WHERE id = 3")
    assert _verify(db) == [
        "校验发现 3 处问题：",
        "[记录] 收文 收〔2026〕0003 的 密级：历史记录为“公开”，现为“机密”。",
        "[记录] 收文 收〔2026〕0003 的 文件标题：历史记录为“关于院感防控培训的通知”，现为“关于某事的通知”。",
        "[搜索索引] 收文 收〔2026〕0003 的搜索索引已过时（与其标题、单位、文号或附件文字不符）。",
    ]


def test_document_and_its_events_deleted_with_sqlite(db):
    _sql(db, "DELETE FROM incoming_events WHERE document_id = 5", "DELETE FROM incoming_documents WHERE id = 5",
         "DELETE FROM incoming_search WHERE rowid = 5")
    assert _verify(db) == [
        "校验发现 2 处问题：",
        "[记录] 收文 收〔2026〕0005 已被删除（不是通过本程序删除的：历史中有它的最后状态，数据库中已无此记录，"
        "其办理记录 1 条也已不存在）。",
        "[编号] 收文 2026年 编号有缺号：收〔2026〕0005。",
    ]


def test_events_alone_deleted_with_sqlite(db):
    _sql(db, "DELETE FROM incoming_events WHERE document_id = 1 AND action = '批示'")
    assert _verify(db) == [
        "校验发现 1 处问题：",
        "[记录] 收文 收〔2026〕0001 的 办理记录 #8（步骤：批示，经办人：主任，时间：2026-03-02 10:00:00，"
        "内容：李院长：请医务部牵头办理）已不存在，历史中有它。",
    ]


def test_log_entry_deleted_names_the_first_broken_link(db):
    _sql(db, "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE id = 4")
    lines = _verify(db)
    assert lines[:2] == [
        "校验发现 2 处问题：",
        "[历史链] 历史记录链在第 4 条断开：第 4 条已被删除（其后的第 5 条为 收文 收〔2026〕0005，"
        "2026-03-02 10:00:00 文书 登记）。",
    ]
    assert lines[2] == "[记录] 收文 收〔2026〕0004 在历史中没有记录（不是通过本程序添加的）。"


def test_log_entry_text_changed_after_dropping_the_trigger(db):
    with closing(sqlite3.connect(db)) as conn, pytest.raises(sqlite3.DatabaseError, match="不能修改"):
        conn.execute("UPDATE audit_log SET actor = '别人' WHERE id = 2")
    _sql(db, "DROP TRIGGER audit_log_no_update",
         "UPDATE audit_log SET changes = replace(changes, '安全生产', '消防安全') WHERE id = 2")
    assert _verify(db) == [
        "校验发现 2 处问题：",
        "[历史链] 历史记录链在第 2 条断开：该条（收文 收〔2026〕0002，2026-03-02 10:00:00 文书 登记）"
        "的内容与其哈希不符，已被改动。",
        "[记录] 收文 收〔2026〕0002 的 文件标题：历史记录为“关于消防安全大检查的通知”，现为“关于安全生产大检查的通知”。",
    ]


def test_search_row_that_kept_the_old_words(db):
    _sql(db, "UPDATE incoming_search SET body = '旧词 词' WHERE rowid = 4",
         "INSERT INTO incoming_search(rowid, body) VALUES (99, '不存在')",
         "DELETE FROM incoming_search WHERE rowid = 6")
    assert _verify(db) == [
        "校验发现 3 处问题：",
        "[搜索索引] 收文 收〔2026〕0004 的搜索索引已过时（与其标题、单位、文号或附件文字不符）。",
        "[搜索索引] 收文 收〔2026〕0006 不在搜索索引中（搜索找不到它）。",
        "[搜索索引] 搜索索引中有 1 条不存在的收文（id 99），搜索会找到已不存在的文件。",
    ]


def test_attachment_file_changed_or_missing(db):
    stored = next((db.parent / "office.db.files").glob("*/*"))
    stored.chmod(0o644)
    stored.write_text("被替换的内容", encoding="utf-8")
    assert _verify(db) == [
        "校验发现 1 处问题：",
        "[附件] 收文 收〔2026〕0002 的附件“扫描件.txt”的文件内容已被改动（SHA-256 与登记时不符）。",
    ]
    stored.unlink()
    assert _verify(db)[1].startswith("[附件] 收文 收〔2026〕0002 的附件“扫描件.txt”的文件不见了（")


def test_cli_verify_exit_codes(db, capsys):
    from desktop.cli import main

    assert main(["verify", "--db", str(db)]) == 0
    # the command line made the first 主任 account (tests/conftest.py): one more record
    assert capsys.readouterr().out.startswith("校验通过：历史记录 11 条，哈希链完整；9 条记录")
    _sql(db, "UPDATE incoming_documents SET secrecy = '绝密' WHERE id = 6")
    assert main(["verify", "--db", str(db)]) == 1
    assert "[记录] 收文 收〔2026〕0006 的 密级：历史记录为“公开”，现为“绝密”。" in capsys.readouterr().out


def _pre_log_database(tmp_path: Path) -> Path:
    """A file made before the log (revision 0002) with one document, then upgraded: a 基线."""
    from db.engine import make_engine
    from db.schema import upgrade

    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO incoming_documents (year, seq, received_at, sender, sender_doc_no, title, doc_type, "
            "secrecy, urgency, copies, pages, for_reading_only, reviewed_by, proposal, proposed_by, result, "
            "archive_volume, archive_item, remarks, step, cancel_reason, registered_by, created_at, updated_at) "
            "VALUES (2025, 1, '2025-05-06 09:00:00.000000', '省卫健委', '', '旧文件', '通知', '公开', '普通', 1, 0, 0, "
            "'', '', '', '', '', '', '', '登记', '', '文书', '2025-05-06 09:00:00.000000', "
            "'2025-05-06 09:00:00.000000')")
        conn.exec_driver_sql("INSERT INTO incoming_search(rowid, body) VALUES "
                             "(1, '收2 20 02 25 50 00 00 01 1 旧文 文件 件 省卫 卫健 健委 委')")
    engine.dispose()
    open_store(path).close()  # the upgrade to the head writes the baseline
    return path


def test_program_changes_after_baseline_keep_verifying(tmp_path):
    """A database made before the log (revision 0002) gets a baseline; later edits still verify."""
    path = _pre_log_database(tmp_path)
    assert _verify(path) == [
        "校验通过：历史记录 1 条，哈希链完整；1 条记录与历史一致；编号无缺号；搜索索引与记录一致；附件 0 个完好。"]
    store = open_store(path)
    with store.write(actor="文书") as s:
        workflow.review(s, 1, "文书")
    store.close()
    assert _verify(path)[0].startswith("校验通过：历史记录 2 条")


def test_a_baselined_record_changed_with_sqlite_is_named_though_its_fields_cannot_be(tmp_path):
    """The 基线 holds the state's digest only: the record is named, the fields are not."""
    path = _pre_log_database(tmp_path)
    _sql(path, "UPDATE incoming_documents SET remarks = '改过' WHERE id = 1")
    lines = _verify(path)
    assert lines[0] == "校验发现 1 处问题："
    assert re.fullmatch(r"\[记录\] 收文 收〔2025〕0001 的内容与历史记录（基线 \d{4}-\d\d-\d\d）不符："
                        r"历史中只存有该状态的摘要（SHA-256），无法得知改动了哪些字段。", lines[1]), lines[1]


def test_a_field_edited_through_the_program_after_the_baseline_is_named(tmp_path):
    path = _pre_log_database(tmp_path)
    store = open_store(path)
    with store.write(actor="文书") as s:
        register.update_incoming(s, 1, IncomingInput(received_at=dt.datetime(2025, 5, 6, 9, 0), sender="省卫健委",
                                                     sender_doc_no="", title="关于旧文件的通知"), "文书")
    store.close()
    _sql(path, "UPDATE incoming_documents SET title = '关于某事的通知' WHERE id = 1")
    assert _verify(path) == [
        "校验发现 2 处问题：",
        "[记录] 收文 收〔2025〕0001 的 文件标题：历史记录为“关于旧文件的通知”，现为“关于某事的通知”。",
        "[搜索索引] 收文 收〔2025〕0001 的搜索索引已过时（与其标题、单位、文号或附件文字不符）。",
    ]


def test_fields_named_and_others_that_the_baseline_only_has_a_digest_of(tmp_path):
    path = _pre_log_database(tmp_path)
    store = open_store(path)
    with store.write(actor="文书") as s:
        register.update_incoming(s, 1, IncomingInput(received_at=dt.datetime(2025, 5, 6, 9, 0), sender="省卫健委",
                                                     sender_doc_no="", title="关于旧文件的通知"), "文书")
    store.close()
    _sql(path, "UPDATE incoming_documents SET title = '关于某事的通知', secrecy = '机密' WHERE id = 1")
    lines = _verify(path)
    assert lines[:2] == ["校验发现 3 处问题：",
                         "[记录] 收文 收〔2025〕0001 的 文件标题：历史记录为“关于旧文件的通知”，现为“关于某事的通知”。"]
    assert re.fullmatch(r"\[记录\] 收文 收〔2025〕0001 的其他内容也与历史记录（基线 \d{4}-\d\d-\d\d）不符："
                        r"历史中只存有该状态的摘要（SHA-256），无法得知改动了哪些字段。", lines[2]), lines[2]
