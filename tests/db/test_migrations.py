"""Migrations: empty -> head, head matches the models, old files upgrade, newer ones refused."""
from __future__ import annotations

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
