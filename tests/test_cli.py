"""The command line: same services as the window, one-line errors, nothing created by mistake."""
from __future__ import annotations

import sqlite3
from contextlib import closing

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.services.store import open_store
from tests.ui.conftest import add_documents
from tests.unprivileged import as_ordinary_user


def backed_up_count(archive, sql: str) -> int:
    """What the database inside a backup archive answers to ``sql``."""
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(archive) as zf:
        db = zf.extract("office.db", folder)
        with closing(sqlite3.connect(db)) as conn:
            return conn.execute(sql).fetchone()[0]


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "office.db"
    store = open_store(path)
    add_documents(store, 12)
    store.close()
    return path


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_bilingual_help(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert "院办通 0.1.0" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "启动图形界面" in text and "starts the window" in text and "demo" in text


@pytest.mark.parametrize("kind", ["dir", "text", "missing_folder"])
def test_bad_db_is_one_line_error_and_creates_nothing(capsys, tmp_path, kind):
    target = {"dir": tmp_path, "text": tmp_path / "a.db", "missing_folder": tmp_path / "no" / "a.db"}[kind]
    if kind == "text":
        target.write_text("备忘")
    code, out, err = _run(capsys, "search", "--db", str(target), "医保")
    assert code == 1 and err.startswith("错误：") and err.count("\n") == 1
    assert "Traceback" not in err
    if kind == "text":
        assert target.read_text() == "备忘"
    if kind == "missing_folder":
        assert not target.parent.exists()


def test_missing_database_for_export_is_not_created(capsys, tmp_path):
    target = tmp_path / "typo.db"
    code, _, err = _run(capsys, "export", "incoming-register", "--db", str(target), "--from", "2026-01-01",
                        "--to", "2026-12-31", "-o", str(tmp_path / "r.pdf"))
    assert code == 1 and "不存在" in err and not target.exists()


def test_usage_errors_exit_2(capsys, office, tmp_path):
    code, _, err = _run(capsys, "export", "incoming-register", "--db", str(office), "--from", "2026-02-30",
                        "--to", "2026-12-31", "-o", str(tmp_path / "r.pdf"))
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = _run(capsys, "export", "incoming-register", "--db", str(office), "--from", "2026-01-01",
                        "--to", "2026-12-31", "-o", str(tmp_path / "r.doc"))
    assert code == 2 and ".pdf" in err


def test_export_register_pdf_and_slip(capsys, office, tmp_path):
    pdf = tmp_path / "收文登记簿.pdf"
    code, out, _ = _run(capsys, "export", "incoming-register", "--db", str(office), "--from", "2026-03-01",
                        "--to", "2026-03-31", "-o", str(pdf))
    assert code == 0
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "收文登记簿" in text and "关于第12项工作的通知" in text and "关于第1项工作的通知" in text
    slip = tmp_path / "slip.pdf"
    code, _, _ = _run(capsys, "export", "incoming-slip", "--db", str(office), "--number", "收〔2026〕0003", "-o", str(slip))
    assert code == 0 and "关于第3项工作的通知" in PdfReader(slip).pages[0].extract_text()
    code, _, err = _run(capsys, "export", "incoming-slip", "--db", str(office), "--number", "收〔2026〕0099", "-o", str(slip))
    assert code == 1 and "没有找到" in err


def test_xlsx_round_trip_and_bad_file_imports_nothing(capsys, office, tmp_path):
    xlsx = tmp_path / "reg.xlsx"
    assert _run(capsys, "export", "incoming-register", "--db", str(office), "--from", "2026-01-01",
                "--to", "2026-12-31", "-o", str(xlsx))[0] == 0
    fresh = tmp_path / "fresh.db"
    code, out, _ = _run(capsys, "import", "incoming", "--db", str(fresh), str(xlsx))
    assert code == 0 and "12" in out
    again = tmp_path / "again.xlsx"
    _run(capsys, "export", "incoming-register", "--db", str(fresh), "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(again))
    rows = lambda p: list(openpyxl.load_workbook(p).active.values)  # noqa: E731
    assert rows(again) == rows(xlsx)
    wb = openpyxl.load_workbook(xlsx)
    wb.active.cell(row=3, column=2).value = "不是日期"
    wb.save(xlsx)
    target = tmp_path / "third.db"
    code, _, err = _run(capsys, "import", "incoming", "--db", str(target), str(xlsx))
    assert code == 1 and "第 3 行" in err
    assert not target.exists()  # a failed import into a new path leaves no empty database behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.xlsx", "fresh.db", "office.db", "reg.xlsx"]


def test_search_and_backup(capsys, office, tmp_path):
    code, out, _ = _run(capsys, "search", "--db", str(office), "第7项")
    assert code == 0 and "共 1 条" in out and "关于第7项工作的通知" in out
    backup = tmp_path / "b.zip"
    code, _, _ = _run(capsys, "backup", "--db", str(office), "-o", str(backup))
    assert code == 0
    assert backed_up_count(backup, "select count(*) from incoming_documents") == 12
    code, _, err = _run(capsys, "backup", "--db", str(office), "-o", str(tmp_path / "b.db"))
    assert code == 1 and err == "错误：备份文件应以 .zip 结尾（数据库、附件和校验清单打包在一个文件中）。\n"


def test_plain_window_start_refuses_bad_db_in_one_line(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    bad = tmp_path / "notes.db"
    bad.write_text("备忘")
    root = Path(__file__).resolve().parents[1]
    for target in (tmp_path, bad, tmp_path / "no" / "a.db"):
        done = subprocess.run([sys.executable, str(root / "main.py"), "--db", str(target)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1
        assert done.stderr.startswith("错误：") and done.stderr.count("\n") == 1
    assert bad.read_text() == "备忘" and not (tmp_path / "no").exists()


def test_read_only_database_is_refused_and_left_unchanged(tmp_path):
    import contextlib
    import io
    import os
    import tempfile

    folder = tempfile.mkdtemp(prefix="ybt-ro-")  # outside tmp_path, whose parents only root may enter
    try:
        path = os.path.join(folder, "office.db")
        store = open_store(path)
        add_documents(store, 3)
        store.close()
        os.chmod(folder, 0o755)
        os.chmod(path, 0o444)
        with open(path, "rb") as fh:
            before = fh.read()

        def run_cli():
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(["search", "--db", path, "医保"])
            return code, err.getvalue()

        code, err = as_ordinary_user(run_cli)
        assert code == 1
        assert err == f"错误：“{path}”是只读文件，无法写入。请检查文件权限。\n"
        with open(path, "rb") as fh:
            assert fh.read() == before
        assert sorted(os.listdir(folder)) == ["office.db"]  # no journal or WAL files left behind
    finally:
        import shutil

        shutil.rmtree(folder)
