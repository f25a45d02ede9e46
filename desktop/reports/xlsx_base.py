"""Writing a register to Excel, for every register kind: sheets set up for A4 landscape
printing, header cells, text that stays text (never a live formula: "=1+2" or "@SUM(A1)"
is stored as a string with Excel's quote prefix), real Excel dates, and a save that
closes its zip even when the disk fails. Moved from reports.incoming_xlsx for 发文.
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

_DATE_FORMAT = "yyyy-mm-dd"
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_SECONDS_FORMAT = "yyyy-mm-dd hh:mm:ss"
# What makes Excel (or a spreadsheet a CSV passes through) read a cell as a formula.
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin", color="999999")
_WRAP = Alignment(wrap_text=True, vertical="top")


def new_sheet(wb: Workbook, title: str, widths: Iterable[float]) -> Any:
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


def header_cell(ws: Any, text: str) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=text)
    c.font = Font(bold=True)
    c.fill = PatternFill("solid", fgColor="DDEBF7")
    c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    c.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
    return c


def text_cell(ws: Any, value: str) -> WriteOnlyCell:
    """A string that stays a string: openpyxl turns "=…" into a formula unless told."""
    c = WriteOnlyCell(ws, value=value)
    c.data_type = "s"
    c.quotePrefix = True  # as Excel marks text typed with a leading '
    if "\n" in value:
        c.alignment = _WRAP
    return c


def value_cell(ws: Any, value: object) -> object:
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
        return text_cell(ws, value)
    return value


def save_workbook(wb: Workbook, tmp: Path) -> None:
    """wb.save(), but the zip is closed even when a write fails (a full disk).

    openpyxl's own save leaves the ZipFile open on an error; its __del__ then tries
    again and prints "Exception ignored … Traceback" to stderr.
    """
    with ZipFile(tmp, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()


def discard(ws: Any) -> None:
    """Release an unsaved write-only sheet: its row generators and openpyxl's temporary file.

    Left alone they are closed by the garbage collector, which writes to a full disk
    again and prints tracebacks, and the file stays in the temporary folder.
    """
    rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
    for close in (getattr(rows, "close", None), getattr(writer, "close", None), getattr(writer, "cleanup", None)):
        if close is not None:
            with suppress(Exception):
                close()
