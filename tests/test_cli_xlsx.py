"""`python main.py export … .xlsx` then `python main.py import …`: the history comes through."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from db.models import IncomingDocument, IncomingEvent
from desktop.services.demo import generate_demo
from desktop.services.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def _main(*argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path]),
           # the demo's 主任 (desktop.services.demo.DEMO_ACCOUNTS)
           "YUANBANTONG_USER": "院办主任", "YUANBANTONG_PASSWORD": "demo-zhuren-2026"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def _counts(path: Path) -> tuple[int, dict[tuple[int, int], int]]:
    store = open_store(path)
    try:
        with store.read() as s:
            docs = s.scalar(select(func.count(IncomingDocument.id)))
            per_doc = dict(((y, n), c) for y, n, c in s.execute(
                select(IncomingDocument.year, IncomingDocument.seq, func.count(IncomingEvent.id))
                .join(IncomingEvent).group_by(IncomingDocument.id)))
    finally:
        store.close()
    return docs, per_doc


def test_cli_export_then_import_keeps_each_documents_events(tmp_path: Path) -> None:
    source = tmp_path / "office.db"
    store = open_store(source)
    generate_demo(store, years=1, seed=2, docs_per_year=40)
    store.close()
    xlsx = tmp_path / "登记簿.xlsx"
    done = _main("export", "incoming-register", "--db", str(source), "--from", "2000-01-01", "--to", "2100-12-31",
                 "-o", str(xlsx))
    assert done.returncode == 0, done.stderr
    target = tmp_path / "new.db"
    done = _main("import", "incoming", "--db", str(target), str(xlsx))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("已导入 40 条收文。")
    docs, before = _counts(source)
    docs_after, after = _counts(target)
    assert docs == docs_after == 40
    assert after == {number: n + 1 for number, n in before.items()}  # every event, plus 导入
