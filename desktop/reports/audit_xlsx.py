"""The history (操作日志) as an Excel workbook: the rows the log dialog shows, one per changed field.

Written through files.atomic_output: a failed export leaves no file and keeps an older one.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desktop.services.files import atomic_output
from desktop.services.history import KIND_NAMES, HistoryRow

SHEET_TITLE = "操作日志"
HEADERS = ("序号", "时间", "操作人", "类别", "编号", "操作", "字段", "原值", "新值")
WIDTHS = (8, 20, 12, 8, 18, 12, 22, 40, 40)


def export_audit_xlsx(rows: Sequence[HistoryRow], path: Path | str) -> Path:
    """Write ``rows`` (services.history.search_log) to ``path``; returns it."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLE
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    for r in rows:
        ws.append((r.entry, r.at, r.actor, KIND_NAMES.get(r.kind, r.kind), r.number, r.action, r.field, r.old, r.new))
    path = Path(path)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path
