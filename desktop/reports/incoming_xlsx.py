"""The 收文登记簿 as an Excel workbook (export; import is services.incoming.xlsx_import).

Sheet 收文登记簿 has the columns of incoming.fields (headers and widths), real Excel
dates, and the composite columns written so that an exported register imports back
whole (services.incoming.xlsx_text); sheet 办理记录 has every document's history
(services.incoming.xlsx_history). Text is always text: a title such as "=1+2" or
"@SUM(A1)" is stored as a string with Excel's quote prefix, never as a live formula.
Written through files.atomic_output: a cancelled or failed export leaves no file and
keeps an older one intact.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from desktop.reports.xlsx_base import discard as _discard
from desktop.reports.xlsx_base import header_cell as _header_cell
from desktop.reports.xlsx_base import new_sheet as _new_sheet
from desktop.reports.xlsx_base import save_workbook as _save
from desktop.reports.xlsx_base import value_cell as _value_cell
from desktop.services.files import atomic_output
from desktop.services.incoming.export_rows import BATCH, register_export
from desktop.services.incoming.fields import HEADERS, INCOMING_FIELDS
from desktop.services.incoming.query import IncomingFilter
from desktop.services.incoming.xlsx_history import HISTORY_HEADERS, HISTORY_SHEET, HISTORY_WIDTHS
from desktop.services.progress import Progress, quiet

SHEET_TITLE = "收文登记簿"


def _write(ws: Any, rows: Iterable[list], total: int, progress: Progress) -> int:
    ws.append([_header_cell(ws, h) for h in HEADERS])
    done = 0
    for values in rows:
        ws.append([_value_cell(ws, v) for v in values])
        done += 1
        if done % BATCH == 0 or done == total:
            progress.report(done, total)
    if total == 0:
        progress.report(0, 0)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{done + 1}"
    return done


def _write_history(ws: Any, rows: Iterable[list], progress: Progress) -> None:
    ws.append([_header_cell(ws, h) for h in HISTORY_HEADERS])
    count = 0
    for values in rows:
        ws.append([_value_cell(ws, v) for v in values])
        count += 1
        if count % (BATCH * 10) == 0:
            progress.check()  # cancel between chunks; the register's count stays the total
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HISTORY_HEADERS))}{count + 1}"


def export_incoming_xlsx(session: Any, filt: IncomingFilter, out: Path | str,
                         progress: Progress | None = None) -> int:
    """Write the documents matching ``filt`` to ``out`` as a register, by number; returns the count.

    ``progress`` hears (done, total) after every 500 rows; its cancel() stops the export
    with Cancelled and no file written. A disk error is a ServiceError (one line).
    """
    progress = progress or quiet()
    total, rows, history = register_export(session, filt)
    with atomic_output(out) as tmp:
        wb = Workbook(write_only=True)
        ws = _new_sheet(wb, SHEET_TITLE, (f.width for f in INCOMING_FIELDS))
        events = _new_sheet(wb, HISTORY_SHEET, HISTORY_WIDTHS)
        saved = False
        try:
            done = _write(ws, rows, total, progress)
            progress.check()
            _write_history(events, history, progress)
            _save(wb, tmp)
            saved = True
        finally:
            if not saved:
                _discard(ws)
                _discard(events)
    return done
