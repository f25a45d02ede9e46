"""The 发文登记簿 as an Excel workbook (import: services.outgoing.xlsx_import).

One sheet, 发文登记簿: every register field of outgoing.fields in its order (headers and
widths), real Excel dates, text kept as text, a cancelled number's 备注 opening with
【作废】 and its reason; what it writes imports back whole. Written through
files.atomic_output: a cancelled or failed export leaves no file.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from desktop.reports.xlsx_base import discard, header_cell, new_sheet, save_workbook, value_cell
from desktop.services.files import atomic_output
from desktop.services.outgoing.export_rows import BATCH, excel_rows, register_ids
from desktop.services.outgoing.fields import OUTGOING_FIELDS
from desktop.services.progress import Progress, quiet

SHEET_TITLE = "发文登记簿"


def export_outgoing_xlsx(session: Any, date_from: dt.date | None, date_to: dt.date | None, out: Path | str,
                         progress: Progress | None = None, only: Collection[int] | None = None) -> int:
    """Write the period's numbered documents (as the printed register; ``only``: of these
    ids, the tab's filter) to ``out``; the count."""
    progress = progress or quiet()
    ids = register_ids(session, date_from, date_to, only)
    total = len(ids)
    with atomic_output(out) as tmp:
        wb = Workbook(write_only=True)
        ws = new_sheet(wb, SHEET_TITLE, (f.width for f in OUTGOING_FIELDS))
        saved = False
        try:
            ws.append([header_cell(ws, f.label) for f in OUTGOING_FIELDS])
            done = 0
            for values in excel_rows(session, ids):
                ws.append([value_cell(ws, v) for v in values])
                done += 1
                if done % BATCH == 0 or done == total:
                    progress.report(done, total)
            ws.auto_filter.ref = f"A1:{get_column_letter(len(OUTGOING_FIELDS.labels))}{done + 1}"
            progress.check()
            save_workbook(wb, tmp)
            saved = True
        finally:
            if not saved:
                discard(ws)
    return total
