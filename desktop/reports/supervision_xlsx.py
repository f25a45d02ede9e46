"""The 督办通报 as an Excel workbook: sheet 各科室办理情况 (numbers as numbers, the rate as a
percentage cell), sheet 逾期未办结事项 (real dates). Text is always text (a task starting
with "=" stays a string). Written through files.atomic_output."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.services.files import atomic_output
from desktop.services.supervision.bulletin import RATE_RULE, TITLE, Bulletin

DEPT_SHEET = "各科室办理情况"
OVERDUE_SHEET = "逾期未办结事项"
_DEPT_HEADER = ("主办科室", "督办事项", "按期办结", "逾期办结", "逾期未办结", "正在办理", "进展逾期", "按期率")
_OVERDUE_HEADER = ("督办编号", "督办事项", "主办科室", "责任人", "交办领导", "原办理时限", "办理时限", "逾期天数")
_FILL = PatternFill("solid", fgColor="E4E4E4")
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_LEADS):
        return "'" + value  # shown as typed, never run as a formula
    return value


def _sheet(wb: Workbook, title: str, heading: str, header: tuple[str, ...], widths: tuple[int, ...]) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append([heading])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(header))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        cell = ws.cell(row=2, column=i)
        cell.font, cell.fill, cell.alignment = Font(bold=True), _FILL, Alignment(horizontal="center")
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    return ws


def export_bulletin_xlsx(b: Bulletin, out: Path | str, hospital: str = "") -> None:
    wb = Workbook()
    wb.remove(wb.active)
    heading = f"{hospital}{TITLE}（{b.period}）"
    ws = _sheet(wb, DEPT_SHEET, heading, _DEPT_HEADER, (20, 10, 10, 10, 12, 10, 10, 10))
    for x in [*b.departments, b.total]:
        ws.append([_text(x.department), x.total, x.on_time, x.late, x.overdue, x.in_progress, x.report_late,
                   x.rate if x.rate is not None else "—"])
        ws.cell(row=ws.max_row, column=8).number_format = "0.0%"
    ws.append([])
    ws.append([f"注：{RATE_RULE}；统计截至 {b.as_of.isoformat()}。"])
    ws2 = _sheet(wb, OVERDUE_SHEET, heading, _OVERDUE_HEADER, (18, 48, 14, 10, 10, 12, 12, 10))
    for o in b.overdue:
        ws2.append([o.number, _text(o.task), _text(o.department), _text(o.responsible), _text(o.assigned_by),
                    o.deadline, o.due_on, o.days_overdue])
        for col in (6, 7):
            ws2.cell(row=ws2.max_row, column=col).number_format = "yyyy-mm-dd"
    with atomic_output(Path(out)) as tmp:
        wb.save(tmp)
