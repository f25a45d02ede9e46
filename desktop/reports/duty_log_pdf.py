"""行政总值班日志 printed for a period: the duty log's entries in shift order, each with the
people who held the shift, what happened, what was done, to whom it was reported, to whom
it was handed over and who wrote it down. A4 landscape register (pdf_base): the title and
period on every page, the column header repeated, 第 x 页 / 共 y 页."""
from __future__ import annotations

from collections.abc import Sequence

from desktop.reports.pdf_base import Output, RegisterSpec, build_register_pdf
from desktop.services.duty.export import LogPrintRow
from desktop.services.progress import Progress

COLUMNS = [
    ("日期", 1.0, "center", True),
    ("班次", 0.8, "center", True),
    ("值班人员", 2.2),
    ("时间", 0.8, "center", True),
    ("值班情况", 4.5),
    ("处理情况", 4.0),
    ("报告对象", 1.4),
    ("交班给", 1.2),
    ("记录人", 1.0, "center", True),
]


def log_title(hospital: str) -> str:
    return f"{hospital}行政总值班日志"


def _row(r: LogPrintRow) -> list[str]:
    # the time of day only: the date is in its own column; an entry written after midnight
    # of a night shift carries its calendar date so it is not read as the evening before
    at = f"{r.at:%H:%M}" if r.at.date() == r.day else f"{r.at.month}月{r.at.day}日 {r.at:%H:%M}"
    return [f"{r.day.month}月{r.day.day}日", r.shift, r.on_duty, at, r.event, r.action, r.reported_to,
            r.handed_to, r.written_by]


def build_log_pdf(rows: Sequence[LogPrintRow], out: Output, *, hospital: str, period: str,
                  progress: Progress | None = None) -> None:
    spec = RegisterSpec(title=log_title(hospital), period=period, columns=COLUMNS,
                        rows=(_row(r) for r in rows), total_rows=len(rows), zebra=False, font_size=9)
    build_register_pdf(spec, out, progress)
