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

import datetime as dt
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from desktop.services.files import atomic_output
from desktop.services.incoming.export_rows import BATCH, register_export
from desktop.services.incoming.fields import HEADERS, INCOMING_FIELDS
from desktop.services.incoming.query import IncomingFilter
from desktop.services.incoming.xlsx_history import HISTORY_HEADERS, HISTORY_SHEET, HISTORY_WIDTHS
from desktop.services.progress import Progress, quiet

SHEET_TITLE = "收文登记簿"
_DATE_FORMAT = "yyyy-mm-dd"
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_SECONDS_FORMAT = "yyyy-mm-dd hh:mm:ss"
# What makes Excel (or a spreadsheet a CSV passes through) read a cell as a formula.
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin", color="999999")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _new_sheet(wb: Workbook, title: str, widths: Iterable[float]) -> Any:
    ws = wb.create_sheet(title)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _header_cell(ws: Any, text: str) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=text)
    c.font = Font(bold=True)
    c.fill = PatternFill("solid", fgColor="DDEBF7")
    c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    c.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
    return c


def _text_cell(ws: Any, value: str) -> WriteOnlyCell:
    """A string that stays a string: openpyxl turns "=…" into a formula unless told."""
    c = WriteOnlyCell(ws, value=value)
    c.data_type = "s"
    c.quotePrefix = True  # as Excel marks text typed with a leading '
    if "\n" in value:
        c.alignment = _WRAP
    return c


def _value_cell(ws: Any, value: object) -> object:
    """Dates as real Excel dates; multi-line text wrapped; empty as no cell."""
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time.min
        c = WriteOnlyCell(ws, value=value.date() if midnight else value)
        c.number_format = _DATE_FORMAT if midnight else _SECONDS_FORMAT if value.second else _DATETIME_FORMAT
        return c
    if isinstance(value, dt.date):
        c = WriteOnlyCell(ws, value=value)
        c.number_format = _DATE_FORMAT
        return c
    if value == "" or value is None:
        return None
    if isinstance(value, str) and (value.startswith(_FORMULA_LEADS) or "\n" in value):
        return _text_cell(ws, value)
    return value


def _save(wb: Workbook, tmp: Path) -> None:
    """wb.save(), but the zip is closed even when a write fails (a full disk).

    openpyxl's own save leaves the ZipFile open on an error; its __del__ then tries
    again and prints "Exception ignored … Traceback" to stderr.
    """
    with ZipFile(tmp, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()


def _discard(ws: Any) -> None:
    """Release an unsaved write-only sheet: its row generators and openpyxl's temporary file.

    Left alone they are closed by the garbage collector, which writes to a full disk
    again and prints tracebacks, and the file stays in the temporary folder.
    """
    rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
    for close in (getattr(rows, "close", None), getattr(writer, "close", None), getattr(writer, "cleanup", None)):
        if close is not None:
            with suppress(Exception):
                close()


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
