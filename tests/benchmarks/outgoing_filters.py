"""发文 filters on 200,000 发文, beside the 收文 figures (run.py --only outgoing-filters).

The demo makes about 0.27 发文 per 收文, so a 200,000-发文 database is the demo's
(bench-N.db, shared with run.py) with its 发文 copied into earlier years until there
are ``--outgoing`` of them: the same titles, recipients, signers and stages, numbers
unique per 代字 and year, then reindexed. Each filter is timed as the tab runs it (the
ordered id list + the first page of rows) against the raw sqlite3 ordered id list.
"""
from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import time
from pathlib import Path

from tests.benchmarks.run import build


def build_outgoing(base: Path, path: Path, total: int) -> None:
    if path.exists():
        return
    t = time.perf_counter()
    shutil.copy(base, path)
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(outgoing_documents)") if r[1] not in ("id", "year")]
    have, last_id = conn.execute("SELECT count(*), max(id) FROM outgoing_documents").fetchone()
    k = 1
    while have < total:  # the demo's own 发文 again, 10 years further back each time: unique numbers
        conn.execute(f"INSERT INTO outgoing_documents ({','.join(cols)}, year) "
                     f"SELECT {','.join(cols)}, year - {10 * k} FROM outgoing_documents WHERE id <= ? "
                     f"ORDER BY id LIMIT ?", (last_id, total - have))
        have = conn.execute("SELECT count(*) FROM outgoing_documents").fetchone()[0]
        k += 1
    conn.commit()
    conn.close()
    from desktop.services.outgoing import index
    from desktop.services.roles import SYSTEM
    from desktop.services.store import open_store

    store = open_store(path, create=False)
    store.principal = SYSTEM
    with store.write() as s:
        n = index.reindex_all(s)
    store.close()
    print(f"built {path.name}: {n:,} 发文 in {time.perf_counter() - t:.1f} s")


def bench_outgoing_filters(big: Path) -> None:
    from desktop.services.outgoing import query

    raw = sqlite3.connect(big)
    t = time.perf_counter()
    n = raw.execute("select count(*) from outgoing_documents").fetchone()[0]
    t_raw = time.perf_counter() - t
    t = time.perf_counter()
    raw.execute("select id from outgoing_documents order by created_at desc, id desc").fetchall()
    t_ids = time.perf_counter() - t
    top = raw.execute("select signed_by, count(*) from outgoing_documents where signed_by != '' "
                      "group by 1 order by 2 desc").fetchone()[0]
    dept = raw.execute("select drafting_department, count(*) from outgoing_documents group by 1 "
                       "order by 2 desc").fetchone()[0]
    doc_type = raw.execute("select doc_type, count(*) from outgoing_documents group by 1 "
                           "order by 2 desc").fetchone()[0]
    last = dt.date.fromisoformat(raw.execute("select max(signed_on) from outgoing_documents").fetchone()[0])
    F = query.OutgoingFilter
    every = ("公开", "内部", "秘密", "机密", "绝密")
    cases = {
        "no filter": F(),
        "text 2 chars 质量": F(text="质量"),
        "text 4 chars 安全生产": F(text="安全生产"),
        "text common 通知": F(text="通知"),
        "代字 院办发": F(code="院办发"),
        f"文种 {doc_type}": F(doc_type=doc_type),
        "文种 报告": F(doc_type="报告"),
        "环节 未办结": F(step="未办结"),
        "环节 待签发": F(step="待签发"),
        "环节 已作废": F(step="已作废"),
        f"签发人 {top}": F(signed_by=top),
        f"拟稿科室 {dept}": F(drafting_department=dept),
        "密级 秘密 (主任)": F(secrecy="秘密", visible=every),
        "签发 1 month": F(date_from=last.replace(day=1), date_to=last),
        "text+代字+dates": F(text="工作", code="院发", date_from=last - dt.timedelta(days=365), date_to=last),
    }
    print(f"\n== 发文 filters on {big.name}: {n:,} 发文 (ids in display order + first page of rows; ms) ==")
    print(f"floor: raw sqlite count(*) {t_raw * 1000:.1f} ms; raw ordered id list {t_ids * 1000:.1f} ms")
    for name, f in cases.items():
        times = []
        for _ in range(3):
            t = time.perf_counter()
            ids = query.list_ids(raw, f)
            query.fetch_rows(raw, ids[:200])
            times.append(time.perf_counter() - t)
        best = min(times) * 1000
        flag = "ok" if best < 100 else "OVER 100 ms"
        print(f"{name:24s} {len(ids):>7,} rows  {best:7.1f} ms  ratio to raw id list {best / (t_ids * 1000):.2f}  {flag}")
    raw.close()


def run(folder: Path, rows: int, outgoing: int = 200_000) -> None:
    base = folder / f"bench-{rows}.db"
    build(base, rows)
    big = folder / f"bench-outgoing-{outgoing}.db"
    build_outgoing(base, big, outgoing)
    bench_outgoing_filters(big)
