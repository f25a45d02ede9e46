"""Crash safety, kept proven: a writer SIGKILLed at random moments loses nothing it reported
committed, the file stays intact, and the history's chain still verifies."""
from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from desktop.services.store import open_store
from desktop.services.verify import verify_store

KILLS = 50
SEED = 20261129
ROOT = Path(__file__).resolve().parents[1]


def _committed(ids_file: Path) -> set[int]:
    if not ids_file.exists():
        return set()
    return {int(line) for line in ids_file.read_text().split()}


def test_sigkill_of_a_writer_loses_nothing_it_reported(tmp_path):
    db, ids_file = tmp_path / "office.db", tmp_path / "ids.txt"
    open_store(db).close()  # created and migrated before the first kill
    rng = random.Random(SEED)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-m", "tests.crash_writer", str(db), str(ids_file)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT) as writer:
        assert writer.stdin is not None and writer.stdout is not None
        for round_ in range(KILLS):
            writer.stdin.write(f"go {round_}\n")
            writer.stdin.flush()
            pid = int(writer.stdout.readline())
            if round_ % 5 == 0:
                # Every fifth round the writer first gets one commit done, however slow the
                # machine: otherwise a loaded machine could kill every round before the first
                # commit and the test would prove nothing (it did, with four other jobs running).
                _wait_for_more(ids_file, len(_committed(ids_file)))
            time.sleep(rng.uniform(0.0, 0.25))  # a random moment: opening, mid-transaction, committing
            writer.stdin.write(f"kill {pid}\n")
            writer.stdin.flush()
            assert writer.stdout.readline().strip() == "dead"
            _check(db, _committed(ids_file), round_)
        writer.stdin.close()  # the writer's loop ends; the with waits for it
    assert len(_committed(ids_file)) >= KILLS // 5  # the writer did get work done between kills


def _wait_for_more(ids_file: Path, count: int, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while len(_committed(ids_file)) <= count:
        assert time.monotonic() < deadline, "the writer committed nothing in two minutes"
        time.sleep(0.01)


def _check(db: Path, reported: set[int], round_: int) -> None:
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"kill {round_}"
        present = {row[0] for row in conn.execute("SELECT id FROM incoming_documents")}
    assert reported <= present, f"kill {round_}: committed ids lost: {sorted(reported - present)[:5]}"
    store = open_store(db, create=False)
    try:
        report = verify_store(store)
    finally:
        store.close()
    assert report.ok, f"kill {round_}: {report.lines()}"
