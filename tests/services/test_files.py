"""Output files (services.files): whole or absent, normal permissions, disk errors in Chinese."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.reports.incoming_xlsx import export_incoming_xlsx
from desktop.services.errors import ServiceError
from desktop.services.files import atomic_output
from desktop.services.incoming.query import IncomingFilter
from desktop.services.progress import Cancelled, Progress
from tests.ui.conftest import add_documents
from tests.unprivileged import as_ordinary_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_output_gets_the_users_normal_permissions(tmp_path: Path, umask_022):
    out = tmp_path / "登记簿.txt"
    with atomic_output(out) as tmp:
        tmp.write_text("完整", encoding="utf-8")
    assert out.read_text(encoding="utf-8") == "完整"
    assert out.stat().st_mode & 0o777 == 0o644


def test_xlsx_export_gets_the_users_normal_permissions(store, tmp_path: Path, umask_022):
    add_documents(store, 3)
    out = tmp_path / "收文登记簿.xlsx"
    with store.read() as s:
        assert export_incoming_xlsx(s, IncomingFilter(), out) == 3
    assert out.stat().st_mode & 0o777 == 0o644  # mkstemp gave -rw------- before


def test_a_failure_leaves_the_old_file_and_no_temporary_file(tmp_path: Path):
    out = tmp_path / "a.pdf"
    out.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(out) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("bug")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_an_unwritable_folder_is_one_chinese_line():
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ybt-ro-"))  # outside tmp_path, whose parents only root may enter
    folder.chmod(0o555)

    def attempt() -> str:
        try:
            with atomic_output(folder / "a.xlsx"):
                return "written"
        except ServiceError as exc:
            return exc.message

    try:
        message = as_ordinary_user(attempt)  # root writes anywhere; an office user does not
    finally:
        shutil.rmtree(folder)
    assert message.startswith("无法写入“a.xlsx”")


def test_cancelling_an_xlsx_export_midway_writes_no_file(store, tmp_path: Path):
    add_documents(store, 1200)
    out = tmp_path / "收文登记簿.xlsx"
    out_seen: list[int] = []

    def cancel_after_first_batch(done: int, total: int, stage: str) -> None:
        out_seen.append(done)
        progress.cancel()  # what 取消 does

    progress = Progress(cancel_after_first_batch)
    with store.read() as s, pytest.raises(Cancelled):
        export_incoming_xlsx(s, IncomingFilter(), out, progress=progress)
    assert out_seen == [500]
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("office.db")] == []


_CHILD = textwrap.dedent("""
    import resource, signal, sys
    from pathlib import Path
    from desktop.reports.incoming_xlsx import export_incoming_xlsx
    from desktop.services.errors import ServiceError
    from desktop.services.incoming.query import IncomingFilter
    from desktop.services.store import open_store

    store = open_store(Path(sys.argv[1]))
    with store.read() as session:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))
        try:
            export_incoming_xlsx(session, IncomingFilter(), Path(sys.argv[2]))
        except ServiceError as exc:
            print(exc.message)
            sys.exit(3)
    print("written")
""")


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_during_export_is_one_chinese_line_and_leaves_nothing(store, tmp_path: Path):
    add_documents(store, 600)  # far more than 40 kB of sheet XML
    store.close()
    out_dir, temp_dir = tmp_path / "out", tmp_path / "temp"
    out_dir.mkdir()
    temp_dir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp_dir)}
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "office.db"), str(out_dir / "收文登记簿.xlsx")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )
    assert child.returncode == 3, child.stdout + child.stderr
    assert child.stdout.strip() == "无法写入“收文登记簿.xlsx”：磁盘空间不足（或文件超过允许的大小），未生成文件。"
    assert child.stderr == ""  # no "Exception ignored … Traceback"
    assert list(out_dir.iterdir()) == []
    assert list(temp_dir.iterdir()) == []  # openpyxl's own temporary file is gone too
