"""Storage under faults: readers never wait for a writer; files that are not ours, newer,
damaged or on a full disk give one Chinese line and are left exactly as they were."""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from db.paths import DatabaseFileError, inspect_database
from db.schema import current_revision
from desktop.cli import main
from desktop.services.store import StorageError, open_store
from desktop.services.users import create_first_director
from tests.test_cli import backed_up_count
from tests.ui.conftest import add_documents

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def office(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    store = open_store(path)
    add_documents(store, 30)
    with store.write() as s:  # the account the command line signs in with (tests/conftest.py)
        create_first_director(s, "测试主任", "测试主任的密码123")
    store.close()
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:  # closed: Python 3.13 warns otherwise
        return conn.execute(sql).fetchall()


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


class _Writer:
    """Another program holding the write lock (an import in progress), on its own connection."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("UPDATE incoming_documents SET title = title || '（改）' WHERE id = 1")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


# --- readers never wait for writers ------------------------------------------------------


def test_search_export_and_backup_run_while_another_program_writes(capsys, office, tmp_path):
    writer = _Writer(office)
    try:
        code, out, err = _run(capsys, "search", "--db", str(office), "第7项")
        assert (code, err) == (0, "")
        assert "关于第7项工作的通知" in out
        xlsx = tmp_path / "r.xlsx"
        code, _, err = _run(capsys, "export", "incoming-register", "--db", str(office),
                            "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(xlsx))
        assert (code, err) == (0, "") and xlsx.stat().st_size > 0
        pdf = tmp_path / "r.pdf"
        code, _, err = _run(capsys, "export", "incoming-register", "--db", str(office),
                            "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(pdf))
        assert (code, err) == (0, "") and pdf.read_bytes()[:5] == b"%PDF-"
        copy = tmp_path / "copy.zip"
        code, out, err = _run(capsys, "backup", "--db", str(office), "-o", str(copy))
        assert (code, err) == (0, "")
    finally:
        writer.release()
    # The backup is the committed state: the writer's uncommitted change is not in it.
    assert backed_up_count(copy, "select count(*) from incoming_documents") == 30
    assert backed_up_count(copy, "select title from incoming_documents where id = 1") == "关于第1项工作的通知"


def test_a_write_waits_a_bounded_time_showing_the_wait_then_says_so_in_chinese(office):
    store = open_store(office)
    store.gate.limit_s = 0.5
    waits: list[float] = []
    store.on_wait(waits.append)
    writer = _Writer(office)
    try:
        with pytest.raises(StorageError) as info, store.write() as session:
            session.execute(__import__("sqlalchemy").text("DELETE FROM incoming_documents"))
    finally:
        writer.release()
    assert info.value.message.startswith("另一个程序正在写入数据库")
    assert "没有丢失" in info.value.message
    assert len(waits) >= 2 and waits == sorted(waits)
    with store.read() as session:  # nothing was lost
        assert session.execute(__import__("sqlalchemy").text("select count(*) from incoming_documents")).scalar() == 30
    store.close()


def test_a_write_goes_through_once_the_other_program_is_done(office):
    store = open_store(office)
    writer = _Writer(office)
    waits: list[float] = []
    store.on_wait(waits.append)
    timer = threading.Timer(0.3, writer.release)
    timer.start()
    from sqlalchemy import text

    with store.write() as session:
        session.execute(text("UPDATE incoming_documents SET remarks = '已核' WHERE id = 2"))
    timer.join()
    assert waits  # it did wait, and said so
    with store.read() as session:
        assert session.execute(text("select remarks from incoming_documents where id = 2")).scalar() == "已核"
    store.close()


def test_a_locked_file_is_reported_as_locked_not_taken_for_an_empty_one(office, monkeypatch):
    import db.engine
    from db.engine import make_engine

    monkeypatch.setattr(db.engine, "BUSY_TIMEOUT_MS", 200)  # the test need not wait 10 s    from db.paths import DatabaseFileError

    holder = sqlite3.connect(office, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE incoming_documents SET remarks = 'x' WHERE id = 1")
    engine = make_engine(office)
    try:
        with pytest.raises(DatabaseFileError, match="另一个程序正在写入"):
            current_revision(engine)
    finally:
        engine.dispose()
        holder.execute("ROLLBACK")
        holder.close()


# --- never touch a file that is not ours --------------------------------------------------


def test_another_programs_sqlite_file_is_refused_untouched(capsys, tmp_path):
    foreign = tmp_path / "contacts.db"
    conn = sqlite3.connect(foreign)
    conn.execute("create table people(name text, phone text)")
    conn.execute("insert into people values ('张三', '123')")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    for argv in (["search", "--db", str(foreign), "医保"], ["demo", "--db", str(foreign)],
                 ["backup", "--db", str(foreign), "-o", str(tmp_path / "b.zip")]):
        code, out, err = _run(capsys, *argv)
        assert code == 1 and out == ""
        assert err == f"错误：“{foreign}”不是院办通数据库（是其他程序的 SQLite 文件），未作任何修改。\n"
    assert foreign.read_bytes() == before
    assert _files(tmp_path) == ["contacts.db"]
    assert _query(foreign, "pragma journal_mode") == [("delete",)]


def test_a_newer_rollback_journal_file_is_refused_and_stays_as_it_was(capsys, tmp_path):
    path = tmp_path / "newer.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("pragma journal_mode=delete")
    conn.execute("update alembic_version set version_num = '0099'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    code, out, err = _run(capsys, "search", "--db", str(path), "医保")
    assert code == 1 and out == ""
    assert err == (f"错误：“{path}”由更新版本的院办通创建（架构版本 0099），当前程序无法打开。"
                   "请升级院办通；数据库未作任何修改。\n")
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["newer.db"]
    assert _query(path, "pragma journal_mode") == [("delete",)]


def test_a_truncated_file_is_one_chinese_line_and_left_as_it_was(capsys, office, tmp_path):
    data = office.read_bytes()
    cut = tmp_path / "cut.db"
    cut.write_bytes(data[: len(data) // 2])
    code, out, err = _run(capsys, "search", "--db", str(cut), "医保")
    assert code == 1 and out == ""
    assert err == f"错误：数据库文件“{cut}”已损坏（不完整或被截断），无法打开；文件未作任何修改。请从备份恢复。\n"
    assert cut.read_bytes() == data[: len(data) // 2]
    assert "cut.db-wal" not in _files(tmp_path)


def test_a_damaged_schema_page_is_one_chinese_line(capsys, office, tmp_path):
    data = bytearray(office.read_bytes())
    data[100:400] = b"\xff" * 300  # the schema table's first page, header kept intact
    bad = tmp_path / "bad.db"
    bad.write_bytes(bytes(data))
    code, out, err = _run(capsys, "search", "--db", str(bad), "医保")
    assert code == 1 and out == ""
    assert err == f"错误：数据库文件“{bad}”已损坏，无法读取；文件未作任何修改。请从备份恢复。\n"
    assert bad.read_bytes() == bytes(data)


def test_the_window_refuses_a_foreign_file_in_one_line_before_showing(tmp_path):
    foreign = tmp_path / "x.db"
    conn = sqlite3.connect(foreign)
    conn.execute("create table t(x)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    proc = subprocess.run([sys.executable, "main.py", "--db", str(foreign)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 1
    assert proc.stderr == f"错误：“{foreign}”不是院办通数据库（是其他程序的 SQLite 文件），未作任何修改。\n"
    assert foreign.read_bytes() == before


def test_inspection_reads_an_empty_sqlite_file_as_ours_to_fill(tmp_path):
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()  # 0 bytes
    info, reader = inspect_database(empty, create=False)
    assert info.revision is None and reader is None


# --- a full disk --------------------------------------------------------------------------

_CHILD = """
import os, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
from desktop.cli import main
sys.exit(main({argv!r}))
"""


def _full_disk(argv: list[str], limit: int) -> subprocess.CompletedProcess[str]:
    code = _CHILD.format(limit=limit, argv=argv)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def _one_chinese_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The error, alone on its line (progress figures the command printed before it aside)."""
    assert proc.returncode == 1, proc.stderr
    lines = [line.rsplit("\r", 1)[-1] for line in proc.stderr.split("\n")]
    lines = [line for line in lines if line.strip() and not re.fullmatch(r"(收文|发文|督办) \d+/\d+", line)]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("错误：") and "Traceback" not in proc.stderr and "sqlalche" not in proc.stderr
    return lines[0]


def test_full_disk_during_demo_into_a_new_file_leaves_nothing(tmp_path):
    target = tmp_path / "demo.db"
    proc = _full_disk(["demo", "--db", str(target), "--years", "1", "--docs-per-year", "3000"], 600_000)
    line = _one_chinese_line(proc)
    assert "磁盘" in line
    assert _files(tmp_path) == []


def test_full_disk_during_a_write_leaves_the_database_as_it_was(office, tmp_path):
    xlsx = tmp_path / "big.xlsx"
    source = tmp_path / "source.db"
    store = open_store(source)
    add_documents(store, 3000, dt.datetime(2025, 1, 2, 9, 0))  # numbers office.db does not have
    store.close()
    assert main(["export", "incoming-register", "--db", str(source), "--from", "2025-01-01",
                 "--to", "2025-12-31", "-o", str(xlsx)]) == 0
    before = office.read_bytes()
    limit = office.stat().st_size + 200_000
    proc = _full_disk(["import", "incoming", "--db", str(office), str(xlsx)], limit)
    line = _one_chinese_line(proc)
    assert "磁盘" in line
    assert office.read_bytes() == before
    assert "office.db-wal" not in _files(tmp_path) and "office.db-shm" not in _files(tmp_path)
    store = open_store(office)  # and it still opens and reads
    with store.read() as session:
        from sqlalchemy import text

        assert session.execute(text("select count(*) from incoming_documents")).scalar() == 30
    store.close()


def test_full_disk_during_backup_leaves_no_partial_file(tmp_path):
    source = tmp_path / "office.db"
    store = open_store(source)
    add_documents(store, 2000)
    with store.write() as s:
        create_first_director(s, "测试主任", "测试主任的密码123")
    store.close()
    out_dir = tmp_path / "backups"
    out_dir.mkdir()
    proc = _full_disk(["backup", "--db", str(source), "-o", str(out_dir / "b.zip")], source.stat().st_size // 2)
    line = _one_chinese_line(proc)
    assert "磁盘" in line
    assert _files(out_dir) == []


def test_a_cancelled_backup_leaves_no_file(office, tmp_path, monkeypatch):
    from desktop.services.backup import backup_database
    from desktop.services.progress import Cancelled, Progress

    store = open_store(office)
    add_documents(store, 3000, dt.datetime(2025, 1, 2, 9, 0))  # more than one step of pages

    progress = Progress(lambda done, total, stage: progress.cancel())  # 取消 after the first step
    import db.engine

    monkeypatch.setattr(db.engine, "BACKUP_STEP_PAGES", 16)
    try:
        with pytest.raises(Cancelled):
            backup_database(store, tmp_path / "b.zip", progress)
    finally:
        store.close()
    assert _files(tmp_path) == ["office.db"]  # no archive, no scratch folder


def test_the_cli_says_when_it_replaced_an_output_file(capsys, office, tmp_path):
    out = tmp_path / "r.xlsx"
    argv = ["export", "incoming-register", "--db", str(office), "--from", "2026-01-01", "--to", "2026-12-31",
            "-o", str(out)]
    assert _run(capsys, *argv)[1] == f"已导出 {out}\n"
    assert _run(capsys, *argv)[1] == f"已导出 {out}（已替换原有文件）\n"
