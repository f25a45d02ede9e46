"""Migrations: empty -> head, head matches the models, old files upgrade, newer ones refused."""
from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db.engine import DatabaseFileError, check_database_path, make_engine
from db.models import Base
from db.schema import SchemaTooNewError, current_revision, head_revision, upgrade


def test_empty_file_upgrades_to_head(tmp_path):
    engine = make_engine(tmp_path / "a.db")
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        tables = {r[0] for r in conn.exec_driver_sql("select name from sqlite_master where type='table'")}
    engine.dispose()  # Python 3.13 warns about connections left to the garbage collector
    assert {"incoming_documents", "departments", "staff", "organisations", "incoming_search"} <= tables


def test_head_matches_models(tmp_path):
    engine = make_engine(tmp_path / "a.db")
    upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": lambda o, name, t, r, c: not (  # the FTS5 search indexes
                    t == "table" and ("_search_" in name or name.endswith("_search"))),
            },
        )
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_pragmas_on_every_connection(tmp_path):
    engine = make_engine(tmp_path / "a.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("pragma synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("pragma foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("pragma busy_timeout").scalar() > 0
    engine.dispose()


def test_old_database_upgrades_keeping_rows(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql("insert into departments(name, kind, phone, sort_order, active) values ('医务部','职能','',1,1)")
    engine.dispose()
    engine = make_engine(path)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("select name from departments").scalar() == "医务部"
    engine.dispose()


def test_newer_database_refused_untouched(tmp_path):
    path = tmp_path / "new.db"
    engine = make_engine(path)
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("update alembic_version set version_num='9999_future'")
    engine.dispose()
    before = path.read_bytes()
    engine = make_engine(path)
    with pytest.raises(SchemaTooNewError, match="更新版本"):
        upgrade(engine)
    engine.dispose()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone()[0] == "9999_future"
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", ["dir", "text", "missing_folder"])
def test_bad_paths_refused(tmp_path, kind):
    if kind == "dir":
        target = tmp_path
    elif kind == "text":
        target = tmp_path / "notes.db"
        target.write_text("这不是数据库")
    else:
        target = tmp_path / "nope" / "office.db"
    with pytest.raises(DatabaseFileError):
        check_database_path(target, create=True)
    if kind == "text":
        assert target.read_text() == "这不是数据库"
    if kind == "missing_folder":
        assert not target.parent.exists()


def test_head_constant_matches_migration_scripts():
    from db.schema import HEAD

    assert HEAD == head_revision()


def test_0003_refolds_the_search_index_to_what_search_writes_now(tmp_path):
    """A 0002 index holds traditional characters as typed; 0003 folds it in place."""
    from desktop.services.search_text import bigram_body, match_query

    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0002")
    texts = {1: ("關於轉發院辦通知的函", "醫院感染管理辦公室"), 2: ("关于医院感染管理的通知", "长沙市"),
             3: ("乾隆年間檔案 ABC-12", "衞生局")}
    old_body = {  # what 0002's bigram_body wrote: pieces of the text as typed
        i: " ".join(" ".join([s[k : k + 2] for k in range(len(s) - 1)] + [s[-1]])
                    for s in ("".join(ch for ch in part.lower() if ch.isalnum()) for part in parts))
        for i, parts in texts.items()
    }
    with engine.begin() as conn:
        for i, body in old_body.items():
            conn.exec_driver_sql("insert into incoming_search(rowid, body) values (?, ?)", (i, body))
    engine.dispose()
    engine = make_engine(path)
    upgrade(engine)
    with engine.connect() as conn:
        bodies = dict(conn.exec_driver_sql("select rowid, body from incoming_search").all())
        found = [r[0] for r in conn.exec_driver_sql(
            "select rowid from incoming_search where incoming_search match ? order by rowid", (match_query("院办"),))]
        hospital = [r[0] for r in conn.exec_driver_sql(
            "select rowid from incoming_search where incoming_search match ? order by rowid", (match_query("醫院"),))]
    engine.dispose()
    assert bodies == {i: bigram_body(*parts) for i, parts in texts.items()}
    assert found == [1] and hospital == [1, 2]


def _add_0002_document(conn, seq: int, step: str, **cols) -> int:
    values = {"year": 2026, "seq": seq, "received_at": "2026-03-02 09:00:00.000000", "sender": "省卫健委",
              "sender_doc_no": "", "title": f"文{seq}", "doc_type": "通知", "secrecy": "公开", "urgency": "普通",
              "copies": 1, "pages": 0, "for_reading_only": 0, "reviewed_by": "", "proposal": "",
              "proposed_by": "", "result": "", "archive_volume": "", "archive_item": "", "remarks": "",
              "step": step, "cancel_reason": "", "registered_by": "", "created_at": "2026-03-02 09:00:00",
              "updated_at": "2026-03-02 09:00:00", **cols}
    names = ", ".join(values)
    marks = ", ".join("?" * len(values))
    return conn.exec_driver_sql(f"insert into incoming_documents ({names}) values ({marks})",
                                tuple(values.values())).lastrowid


def test_0002_steps_become_stages(tmp_path):
    """Each document of an 0002 file waits in the stage its recorded facts say."""
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0002")
    reviewed = {"reviewed_at": "2026-03-02 10:00:00"}
    proposed = {**reviewed, "proposal": "拟请医务部办理"}
    with engine.begin() as conn:
        ids = {
            "登记": _add_0002_document(conn, 1, "登记"),
            "初审": _add_0002_document(conn, 2, "初审", **reviewed),
            "拟办": _add_0002_document(conn, 3, "拟办", **proposed),
            "批示": _add_0002_document(conn, 4, "批示", **proposed),
            "批示阅知": _add_0002_document(conn, 5, "批示", **proposed, for_reading_only=1),
            "传阅": _add_0002_document(conn, 6, "传阅", **proposed),
            "催办": _add_0002_document(conn, 7, "催办", **proposed),
            "办结": _add_0002_document(conn, 8, "办结", **proposed, completed_on="2026-03-05"),
            "归档": _add_0002_document(conn, 9, "归档", **proposed, completed_on="2026-03-05",
                                       archived_on="2026-03-06"),
            "作废": _add_0002_document(conn, 10, "作废", cancelled_at="2026-03-03 08:00:00"),
        }
        for key in ("批示", "批示阅知"):
            conn.exec_driver_sql("insert into incoming_instructions (document_id, leader, text, instructed_on,"
                                 " recorded_by, recorded_at) values (?, '王院长', '阅', '2026-03-03', '', '2026-03-03')",
                                 (ids[key],))
        for key in ("催办", "办结", "归档"):  # 催办 hid that the departments were at work
            conn.exec_driver_sql("insert into incoming_assignments (document_id, department, is_lead, opinion,"
                                 " assigned_on, assigned_by) values (?, '医务部', 1, '', '2026-03-03', '')", (ids[key],))
        conn.exec_driver_sql("insert into incoming_circulations (document_id, reader, handed_at) values"
                             " (?, '王院长', '2026-03-03 10:00:00')", (ids["传阅"],))
        conn.exec_driver_sql("insert into incoming_reminders (document_id, reminded_at, reminded_by, method, note)"
                             " values (?, '2026-03-04 10:00:00', '', '电话', '')", (ids["催办"],))
    engine.dispose()
    engine = make_engine(path)
    upgrade(engine)
    with engine.connect() as conn:
        stages = dict(conn.exec_driver_sql("select title, step from incoming_documents").all())
    engine.dispose()
    assert stages == {
        "文1": "待初审", "文2": "待拟办", "文3": "待批示", "文4": "待交办", "文5": "待归档",
        "文6": "待批示",  # 传阅 was a mark over 待批示
        "文7": "承办中", "文8": "待归档", "文9": "已归档", "文10": "已作废",
    }


def test_0006_writes_a_baseline_entry_per_existing_record_and_guards_the_log(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql("insert into departments(name, kind, phone, sort_order, active) values ('医务部','职能','',1,1)")
        conn.exec_driver_sql("insert into settings(key, value) values ('incoming.number_format', '收〔{year}〕{seq:05d}')")
    engine.dispose()
    engine = make_engine(path)
    upgrade(engine, "0006")
    engine.dispose()
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("select id, actor, kind, record_id, number, action, changes, state from audit_log").fetchall()
        # no field values, only the SHA-256 of each record's canonical state ([[path, value] …]), raw
        department = '[[["active"],true],[["kind"],"职能"],[["name"],"医务部"],[["phone"],""],[["sort_order"],1]]'
        settings = '[[["settings","incoming.number_format"],{"value":"收〔{year}〕{seq:05d}"}]]'
        assert rows == [
            (1, "系统", "department", 1, "医务部", "基线", "[]", hashlib.sha256(department.encode()).digest()),
            (2, "系统", "settings", 0, "", "基线", "[]", hashlib.sha256(settings.encode()).digest()),
        ]
        triggers = {r[0] for r in conn.execute("select name from sqlite_master where type = 'trigger'")}
        assert triggers == {"audit_log_no_update", "audit_log_no_delete"}
