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
                "include_object": lambda o, name, t, r, c: not (t == "table" and name.startswith("incoming_search")),
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


def test_0003_writes_a_baseline_entry_per_existing_record_and_guards_the_log(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql("insert into departments(name, kind, phone, sort_order, active) values ('医务部','职能','',1,1)")
        conn.exec_driver_sql("insert into settings(key, value) values ('incoming.number_format', '收〔{year}〕{seq:05d}')")
    engine.dispose()
    engine = make_engine(path)
    upgrade(engine, "0003")
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
