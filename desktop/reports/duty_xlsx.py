"""The roster of a month or a holiday range as an Excel sheet: the posted table's columns
(date, weekday, mark, then each shift × role), with name and phone in cells of their own so
the office can sort and filter. Row 1 the title, row 2 the header (both frozen), dates as
real dates; an unknown year's holidays flagged under the table, then the office's line."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.reports.duty_pdf import (
    Grid,
    by_position,
    mark,
    positions,
    roster_heading,
    uncovered_years,
)
from desktop.services.files import atomic_output

_HEAD_FILL = PatternFill("solid", fgColor="E4E4E4")
_REST_FILL = PatternFill("solid", fgColor="F0F0F0")
_HOLIDAY_FILL = PatternFill("solid", fgColor="DCDCDC")
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> Any:
    return "'" + value if value.startswith(_FORMULA_LEADS) else value  # never a live formula


def header(grid: Grid) -> list[str]:
    """日期 星期 备注, then per shift position and role: the person and their phone."""
    roles = [r.name for r in grid.roles]
    return ["日期", "星期", "备注", *(f"{p}·{r}{what}" for p in positions(grid) for r in roles
                                   for what in ("", "电话"))]


def export_roster_xlsx(grid: Grid, out: Path | str, *, hospital: str, made_on: dt.date,
                       office: str = "院办公室") -> None:
    title, dates = roster_heading(grid, hospital)
    wb = Workbook()
    ws: Worksheet = wb.active
    ws.title = "值班表"
    head = header(grid)
    ws.append([title + dates])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(head)
    for i in range(1, len(head) + 1):
        cell = ws.cell(row=2, column=i)
        cell.font, cell.fill = Font(bold=True), _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = (12, 6, 10)[i - 1] if i <= 3 else 11 if i % 2 else 14
    roles = [r.name for r in grid.roles]
    n = len(positions(grid))
    for day in grid.days:
        held = by_position(day)
        row: list[Any] = [day.day, day.weekday, mark(day)]
        for k in range(n):
            for r in roles:
                cell = held.get((k, r))
                row += [_text(cell.name) if cell and cell.name else ("—" if cell else ""),
                        _text(cell.phone) if cell and cell.name else ""]
        ws.append(row)
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
        fill = {"holiday": _HOLIDAY_FILL, "rest": _REST_FILL}.get(day.kind)
        for i in range(1, len(head) + 1) if fill else ():
            ws.cell(row=ws.max_row, column=i).fill = fill
    ws.append([])
    uncovered = "、".join(f"{y}年" for y in uncovered_years(grid))
    if uncovered:
        ws.append([f"注意：{uncovered}的法定节假日安排尚未录入，本表按普通周末排列，请以国务院通知为准核对。"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, color="B00000")
    ws.append([f"{hospital}{office}　制表日期：{made_on.year}年{made_on.month}月{made_on.day}日"])
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    with atomic_output(Path(out)) as tmp:
        wb.save(tmp)
