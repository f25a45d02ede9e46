"""The 发文登记簿 PDF of the latest 10,000 numbered 发文, against raw reportlab (tests.benchmarks.run
measures it with the 收文 one at every size). Alone: python -m tests.benchmarks.outgoing_pdf [--rows N] [--keep DIR]."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.run import ROOT, build

ROWS = 10_000


def measure(big: Path) -> tuple[float, float, int]:
    """(seconds for the register, seconds for the raw-reportlab floor, rows)."""
    from sqlalchemy import select

    from db.models import OutgoingDocument as D
    from desktop.reports.outgoing_pdf import build_outgoing_register
    from desktop.services.roles import SYSTEM
    from desktop.services.store import open_store
    from tests.benchmarks.reports import raw_reportlab

    out = Path(tempfile.mkdtemp())
    floor = raw_reportlab(out, ROW)
    store = open_store(big, create=False)
    store.principal = SYSTEM
    with store.read() as session:
        days = list(session.scalars(select(D.signed_on).where(D.seq.is_not(None))
                                    .order_by(D.signed_on.desc()).limit(ROWS)))
        t = time.perf_counter()
        n = build_outgoing_register(session, days[-1], days[0], f"{days[-1]} 至 {days[0]}", out / "register.pdf")
        took = time.perf_counter() - t
    store.close()
    return took, floor, n


ROW = ["院发〔2026〕123号", "2026-03-02", "关于开展医疗质量安全专项检查的通知", "通知", "各科室、各部门",
       "医务部", "张院长", "2026-03-02", "30", "", "已归档 2026-FW-001-007"]


def bench(big: Path) -> None:
    took, floor, n = measure(big)
    print(f"\n== 发文登记簿 PDF ==\nfloor: raw reportlab, {ROWS:,} rows as {ROWS // 500} tables of 500: {floor:.2f} s")
    print(f"register of {n:,} rows: {took:.2f} s  ratio {took / floor:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=200_000, help="收文 of the demo database (发文 are ~27%% of it)")
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep/reuse the database")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    big = folder / f"bench-{args.rows}.db"
    build(big, args.rows)
    bench(big)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
