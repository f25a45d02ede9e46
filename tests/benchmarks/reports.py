"""Printed output: the 10,000-row registers (收文, 发文) against raw reportlab, and the
monthly report (what `main.py export monthly-report` runs: gather, then build the PDF)."""
from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from tests.benchmarks.figures import Figure

ROWS = 10_000


def raw_reportlab(out: Path, row: list[str]) -> float:
    """ROWS rows of plain reportlab: 20 Tables of 500 rows like ``row``, the embedded CJK font."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table

    from desktop.fonts import register_reportlab

    font = register_reportlab()
    data = [row] * 500
    t = time.perf_counter()
    for _ in range(ROWS // 500):
        doc = SimpleDocTemplate(str(out / "raw.pdf"), pagesize=landscape(A4))
        tbl = Table(data, repeatRows=1)
        tbl.setStyle([("FONTNAME", (0, 0), (-1, -1), font)])
        doc.build([tbl])
    return time.perf_counter() - t


INCOMING_ROW = ["收〔2026〕0123", "2026-03-02", "湖南省卫生健康委员会", "湘卫发〔2026〕12号",
                "关于开展医疗质量安全专项检查的通知", "通知", "内部", "普通", "2026-03-20", "医务部", "已归档"]


def bench_incoming_pdf(big: Path) -> Figure:
    from desktop.reports.incoming_pdf import build_incoming_register
    from desktop.services.incoming import query
    from desktop.services.store import open_store

    out = Path(tempfile.mkdtemp())
    floor = raw_reportlab(out, INCOMING_ROW)
    store = open_store(big, create=False)
    with store.read() as session:
        # the latest ROWS documents: from the day of the ROWS-th newest
        ids = query.list_ids(session, query.IncomingFilter())
        row = query.fetch_rows(session, [ids[min(ROWS - 1, len(ids) - 1)]])
        start = dt.date.fromisoformat(next(iter(row.values())).values[1][:10])
        f = query.IncomingFilter(date_from=start)
        n = query.count(session, f)
        t = time.perf_counter()
        build_incoming_register(session, f, f"{start} 起", out / "register.pdf")
        took = time.perf_counter() - t
    store.close()
    return Figure("打印", "收文登记簿 PDF", took, floor, 1.3, note=f"{n:,} rows")


def bench_outgoing_pdf(big: Path) -> Figure:
    from tests.benchmarks.outgoing_pdf import measure

    took, floor, n = measure(big)
    return Figure("打印", "发文登记簿 PDF", took, floor, 1.3, note=f"{n:,} rows")


def bench_monthly_report(big: Path) -> list[Figure]:
    from desktop.reports.monthly_report import build_monthly_report, gather
    from desktop.services.hospital import hospital_name
    from desktop.services.stats.periods import parse_month
    from desktop.services.store import open_store
    from desktop.services.users import principal_of

    out = Path(tempfile.mkdtemp()) / "月报.pdf"
    store = open_store(big, create=False)
    with store.read() as session:
        t = time.perf_counter()
        data = gather(session, hospital_name(session), parse_month("2026-10"), principal_of(session).visible_secrecy,
                      dt.date(2026, 11, 20))
        gathered = time.perf_counter() - t
        build_monthly_report(data, out)
        took = time.perf_counter() - t
    store.close()
    return [Figure("月报", "figures gathered (SQL)", gathered),
            Figure("月报", "monthly report PDF, whole", took)]
