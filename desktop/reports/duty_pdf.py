"""The posted duty roster (行政总值班表) of a month, or of a holiday range (2026年国庆节假期
行政总值班表, services.duty.export.RosterPeriod): one A4 portrait page per month as a rule.

One row per day: date, weekday, the day's mark (holiday name, 调休上班, 休息日), then for
each shift position of the day (白天: 午班 or 白班; 夜间: 夜班) and each role the person
and phone. Rest days are shaded, holidays darker. A month the calendar does not know is
flagged under the title, so nobody posts weekends as holidays were never entered. Built
from the grid data only (no database).
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
from desktop.services.duty.export import RosterPeriod
from desktop.services.duty.grid import GridCell, GridDay, MonthGrid

REST_FILL = colors.HexColor("#F0F0F0")
HOLIDAY_FILL = colors.HexColor("#DCDCDC")
WARN = colors.HexColor("#B00000")
MARGIN = 14 * mm


def roster_title(hospital: str, year: int, month: int) -> str:
    return f"{hospital}行政总值班表 {year}年{month}月"


Grid = MonthGrid | RosterPeriod  # a month, or a holiday range (services.duty.export)


def roster_heading(grid: Grid, hospital: str) -> tuple[str, str]:
    """The title and, for a holiday range, the dates under it."""
    if isinstance(grid, MonthGrid):
        return roster_title(hospital, grid.year, grid.month), ""
    return grid.title(hospital), (f"（{grid.period}）" if grid.holiday else "")


def uncovered_years(grid: Grid) -> tuple[int, ...]:
    if isinstance(grid, MonthGrid):
        return () if grid.covered else (grid.year,)
    return grid.uncovered_years


def positions(grid: Grid) -> list[str]:
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


def _legend(grid: Grid) -> str:
    hours: dict[str, list[str]] = {}
    for day in grid.days:
        group = "工作日" if day.kind in ("workday", "makeup") else "休息日、节假日"
        for cell in day.cells:
            text = f"{cell.shift} {cell.hours}"
            if text not in hours.setdefault(group, []):
                hours[group].append(text)
    return "；".join(f"{g}：{'、'.join(v)}" for g, v in hours.items())


def by_position(day: GridDay) -> dict[tuple[int, str], GridCell]:
    """The day's cells by (k-th shift of the day, role name): the columns of the posted table."""
    out: dict[tuple[int, str], GridCell] = {}
    order: list[int] = []
    for cell in day.cells:
        if cell.shift_id not in order:
            order.append(cell.shift_id)
        out[(order.index(cell.shift_id), cell.role)] = cell
    return out


def mark(day: GridDay) -> str:
    if day.holiday:
        return day.holiday
    return {"makeup": "调休上班", "rest": "休息日"}.get(day.kind, "")


def _person(cell: GridCell | None) -> str:
    if cell is None:
        return ""
    return f"{cell.name} {cell.phone}".strip() if cell.name else "—"


def _table(grid: Grid, width: float) -> Table:
    st = styles(9)
    columns = positions(grid)
    roles = [r.name for r in grid.roles]
    head1: list[object] = ["日期", "星期", "备注", *(p for p in columns for _r in roles)]
    head2: list[object] = ["", "", "", *(r for _p in columns for r in roles)]
    rows: list[list[object]] = [head1, head2]
    fills: list[tuple[int, colors.Color]] = []
    for i, day in enumerate(grid.days, start=2):
        held = by_position(day)
        cells = [Paragraph(para_text(_person(held.get((k, r)))), st["cell"])
                 for k in range(len(columns)) for r in roles]
        rows.append([f"{day.day.month}月{day.day.day}日", day.weekday,
                     Paragraph(para_text(mark(day)), st["cell_center"]), *cells])
        if day.kind == "holiday":
            fills.append((i, HOLIDAY_FILL))
        elif day.kind == "rest":
            fills.append((i, REST_FILL))
    fixed = [15 * mm, 9 * mm, 17 * mm]
    rest = (width - sum(fixed)) / max(1, len(columns) * len(roles))
    table = Table(rows, colWidths=fixed + [rest] * (len(columns) * len(roles)), repeatRows=2)
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
    for k in range(len(columns)):
        first = 3 + k * len(roles)
        style.append(("SPAN", (first, 0), (first + len(roles) - 1, 0)))
    style += [("BACKGROUND", (0, i), (-1, i), fill) for i, fill in fills]
    table.setStyle(TableStyle(style))
    return table


def build_roster_pdf(grid: Grid, out: Output, *, hospital: str, made_on: dt.date,
                     office: str = "院办公室") -> int:
    """Write the roster of a month or of a holiday range; ``made_on`` is the date printed in
    the footer (制表日期). Returns the number of pages (for the print preview)."""
    title, dates = roster_heading(grid, hospital)
    uncovered = "、".join(f"{y}年" for y in uncovered_years(grid))
    pages = [0]

    def build(target: Path | BinaryIO) -> None:
        st = styles(10.5)
        doc = new_doc(target, A4_PORTRAIT, title=title, margins=(MARGIN, MARGIN, MARGIN, MARGIN + 4 * mm))
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="roster", frames=[frame])])
        story: list = [Paragraph(para_text(title), st["title"])]
        if dates:
            story.append(Paragraph(para_text(dates), st["subtitle"]))
        story.append(Spacer(0, 3 * mm))
        if uncovered:
            warn = st["subtitle"].clone("warn", textColor=WARN)
            story.append(Paragraph(para_text(
                f"注意：{uncovered}的法定节假日安排尚未录入，本表按普通周末排列，请以国务院通知为准核对。"), warn))
        story.append(Paragraph(para_text(_legend(grid)), st["small"]))
        story += [Spacer(0, 2 * mm), _table(grid, doc.width), Spacer(0, 4 * mm)]
        story.append(Paragraph(para_text(
            f"{hospital}{office}　　制表日期：{made_on.year}年{made_on.month}月{made_on.day}日"), st["right"]))
        doc.build(story, canvasmaker=make_canvas())
        pages[0] = doc.page

    write_pdf(out, build)
    return pages[0]
