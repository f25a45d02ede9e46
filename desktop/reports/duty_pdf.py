"""The posted duty roster (行政总值班表) of a month: one A4 portrait page per month as a rule.

One row per day: date, weekday, the day's mark (holiday name, 调休上班, 休息日), then for
each shift position of the day (白天: 午班 or 白班; 夜间: 夜班) and each role the person
and phone. Rest days are shaded, holidays darker. A month the calendar does not know is
flagged under the title, so nobody posts weekends as holidays were never entered. Built
from services.duty.grid.MonthGrid only (no database).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from desktop.reports.pdf_base import (
    A4_PORTRAIT,
    GRID_COLOR,
    HEADER_FILL,
    Output,
    make_canvas,
    new_doc,
    para_text,
    styles,
    write_pdf,
)
from desktop.services.duty.grid import GridDay, MonthGrid

REST_FILL = colors.HexColor("#F0F0F0")
HOLIDAY_FILL = colors.HexColor("#DCDCDC")
WARN = colors.HexColor("#B00000")
MARGIN = 14 * mm


def roster_title(hospital: str, year: int, month: int) -> str:
    return f"{hospital}行政总值班表 {year}年{month}月"


def _positions(grid: MonthGrid) -> list[str]:
    """Column groups: the k-th shift of a day, named by the shifts found there (午班/白班)."""
    names: list[list[str]] = []
    for day in grid.days:
        seen: list[str] = []
        for cell in day.cells:
            if cell.shift not in seen:
                seen.append(cell.shift)
        for k, name in enumerate(seen):
            if k == len(names):
                names.append([])
            if name not in names[k]:
                names[k].append(name)
    return ["/".join(n) for n in names]


def _legend(grid: MonthGrid) -> str:
    hours: dict[str, list[str]] = {}
    for day in grid.days:
        group = "工作日" if day.kind in ("workday", "makeup") else "休息日、节假日"
        for cell in day.cells:
            text = f"{cell.shift} {cell.hours}"
            if text not in hours.setdefault(group, []):
                hours[group].append(text)
    return "；".join(f"{g}：{'、'.join(v)}" for g, v in hours.items())


def _mark(day: GridDay) -> str:
    if day.holiday:
        return day.holiday
    return {"makeup": "调休上班", "rest": "休息日"}.get(day.kind, "")


def _table(grid: MonthGrid, width: float) -> Table:
    st = styles(9)
    positions = _positions(grid)
    roles = [r.name for r in grid.roles]
    head1: list[object] = ["日期", "星期", "备注", *(p for p in positions for _r in roles)]
    head2: list[object] = ["", "", "", *(r for _p in positions for r in roles)]
    rows: list[list[object]] = [head1, head2]
    fills: list[tuple[int, colors.Color]] = []
    for i, day in enumerate(grid.days, start=2):
        by_position: dict[tuple[int, str], str] = {}
        order: list[int] = []
        for cell in day.cells:
            if cell.shift_id not in order:
                order.append(cell.shift_id)
            text = f"{cell.name} {cell.phone}".strip() if cell.name else "—"
            by_position[(order.index(cell.shift_id), cell.role)] = text
        cells = [Paragraph(para_text(by_position.get((k, r), "")), st["cell"])
                 for k in range(len(positions)) for r in roles]
        rows.append([f"{day.day.month}月{day.day.day}日", day.weekday,
                     Paragraph(para_text(_mark(day)), st["cell_center"]), *cells])
        if day.kind == "holiday":
            fills.append((i, HOLIDAY_FILL))
        elif day.kind == "rest":
            fills.append((i, REST_FILL))
    fixed = [15 * mm, 9 * mm, 17 * mm]
    rest = (width - sum(fixed)) / max(1, len(positions) * len(roles))
    table = Table(rows, colWidths=fixed + [rest] * (len(positions) * len(roles)), repeatRows=2)
    style = [
        ("FONT", (0, 0), (-1, -1), styles(9)["cell"].fontName, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("BACKGROUND", (0, 0), (-1, 1), HEADER_FILL),
        ("ALIGN", (0, 0), (-1, 1), "CENTER"),
        ("ALIGN", (0, 2), (1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (2, 1)),
    ]
    for k in range(len(positions)):
        first = 3 + k * len(roles)
        style.append(("SPAN", (first, 0), (first + len(roles) - 1, 0)))
    style += [("BACKGROUND", (0, i), (-1, i), fill) for i, fill in fills]
    table.setStyle(TableStyle(style))
    return table


def build_roster_pdf(grid: MonthGrid, out: Output, *, hospital: str, made_on: dt.date,
                     office: str = "院办公室") -> int:
    """Write the month's roster; ``made_on`` is the date printed in the footer (制表日期).
    Returns the number of pages (for the print preview)."""
    title = roster_title(hospital, grid.year, grid.month)
    pages = [0]

    def build(target: Path | BinaryIO) -> None:
        st = styles(10.5)
        doc = new_doc(target, A4_PORTRAIT, title=title, margins=(MARGIN, MARGIN, MARGIN, MARGIN + 4 * mm))
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="roster", frames=[frame])])
        story: list = [Paragraph(para_text(title), st["title"]), Spacer(0, 3 * mm)]
        if not grid.covered:
            warn = st["subtitle"].clone("warn", textColor=WARN)
            story.append(Paragraph(para_text(
                f"注意：{grid.year}年的法定节假日安排尚未录入，本表按普通周末排列，请以国务院通知为准核对。"), warn))
        story.append(Paragraph(para_text(_legend(grid)), st["small"]))
        story += [Spacer(0, 2 * mm), _table(grid, doc.width), Spacer(0, 4 * mm)]
        story.append(Paragraph(para_text(
            f"{hospital}{office}　　制表日期：{made_on.year}年{made_on.month}月{made_on.day}日"), st["right"]))
        doc.build(story, canvasmaker=make_canvas())
        pages[0] = doc.page

    write_pdf(out, build)
    return pages[0]
