"""Reading a 收文登记簿 workbook into an import plan, without the database.

An import has three steps, so that the write lock is held only for the short last one:

1. ``read_incoming_workbook(path, mapping, progress)`` reads and checks every row; no
   database. It reads the layout export writes and what offices keep by hand: a title
   row above the header, synonyms for the column names (incoming.fields), dates typed
   in any of the usual ways, a 序号 column.
2. ``check_plan(session, plan)`` moves rows whose 收文编号 is already taken to the
   errors (a read).
3. ``apply_plan(session, plan, actor, skip_bad_rows)`` (incoming.xlsx_apply) writes
   everything in one transaction; all or nothing unless skipping bad rows.

The GUI shows the plan (unknown columns to map, errors by Excel row number) between
steps 2 and 3.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import IncomingDocument
from desktop.services import xlsx_cells as cells
from desktop.services.dates import parse_datetime
from desktop.services.errors import ServiceError
from desktop.services.incoming.fields import INCOMING_FIELDS
from desktop.services.incoming.xlsx_history import HISTORY_SHEET, Event, History, read_history
from desktop.services.incoming.xlsx_layout import (
    HEADER_SEARCH_ROWS,
    Columns,
    find_layout,
    match_columns,
)
from desktop.services.incoming.xlsx_text import (
    CANCEL_MARK,
    parse_circulations,
    parse_departments,
    parse_instructions,
    parse_number,
    parse_opinions,
    parse_reminders,
    parse_review,
)
from desktop.services.numbering import DEFAULT_INCOMING_FORMAT, NumberFormat
from desktop.services.progress import Progress, quiet
from desktop.services.xlsx_layout import structure_problems

SHEET_TITLE = "收文登记簿"
REPORT_EVERY = 500  # rows between progress reports while reading
_PLAIN = tuple(f for f in INCOMING_FIELDS if cells.is_plain(f))
# Text fields where a number is an ordinary value (件号 15 typed as a number).
_NUMBERS_AS_TEXT = frozenset({"archive_volume", "archive_item", "sender_doc_no"})


@dataclass
class ImportRow:
    """One valid row of the file, ready to insert."""

    row_number: int  # Excel row number (the header row is usually row 1)
    number: tuple[int, int] | None  # (year, seq) given in the file, or None to assign one
    received_at: dt.datetime
    sender: str
    sender_doc_no: str
    title: str
    doc_type: str
    secrecy: str
    urgency: str
    copies: int
    pages: int
    deadline: dt.date | None
    proposal: str
    instructions: list[tuple[str, str, dt.date]]  # (leader, text, date)
    departments: list[tuple[str, bool]]  # (department, is_lead)
    result: str
    completed_on: dt.date | None
    archive_volume: str
    archive_item: str
    archived_on: dt.date | None
    remarks: str
    cancelled_at: dt.datetime | None = None
    cancel_reason: str = ""
    for_reading_only: bool = False
    reviewed_by: str = ""
    reviewed_at: dt.datetime | None = None
    circulations: list[tuple[str, dt.datetime, dt.datetime | None]] = field(default_factory=list)
    reminders: list[tuple[dt.datetime, str, str, str]] = field(default_factory=list)  # at, method, by, note
    proposed_by: str = ""
    proposed_at: dt.datetime | None = None
    registered_by: str | None = None  # None (no 登记人 column): the person importing
    created_at: dt.datetime | None = None  # blank: the time of the import
    opinions: dict[str, str] = field(default_factory=dict)  # department → 承办科室意见
    events: list[Event] = field(default_factory=list)  # from the 办理记录 sheet


@dataclass
class ImportPlan:
    """What a workbook would import: the good rows, and every problem by Excel row."""

    source: str = ""  # the file's name, for the events "从“…”第 n 行导入"
    sheet: str = ""
    header_row: int = 0  # Excel row number of the header row
    headers: list[str] = field(default_factory=list)  # header texts in column order
    matched: dict[str, str] = field(default_factory=dict)  # header text → register column
    unknown_headers: list[str] = field(default_factory=list)  # need a mapping (or "" to skip)
    duplicate_headers: list[str] = field(default_factory=list)  # a second column for one field
    missing_required: list[str] = field(default_factory=list)
    unnamed_with_data: list[str] = field(default_factory=list)  # "F列（无表头）": data under no header
    history_problems: list[str] = field(default_factory=list)  # the 办理记录 sheet's columns or numbers
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (Excel row, message)
    number_format: NumberFormat = field(default_factory=lambda: NumberFormat(DEFAULT_INCOMING_FORMAT))

    @property
    def structure_problems(self) -> list[str]:
        """Problems with the columns; they stop any import, even skipping bad rows."""
        return structure_problems(self.missing_required, self.unknown_headers, self.duplicate_headers,
                                  self.unnamed_with_data) + self.history_problems

    @property
    def ok(self) -> bool:
        return not self.structure_problems and not self.errors and bool(self.rows)


ImportPreview = ImportPlan  # the name the GUI's preview used


# --- one row ----------------------------------------------------------------------------------


class _RowParser:
    """Turns the cells of one Excel row into an ImportRow, or the row's problems."""

    def __init__(self, columns: dict[str, int], fmt: NumberFormat) -> None:
        self.columns = columns  # field name → column index
        self.fmt = fmt
        self.seen_numbers: dict[tuple[int, int], int] = {}

    def is_empty(self, values: tuple) -> bool:
        return all(cells.blank(values[i]) if i < len(values) else True for i in self.columns.values())

    def parse(self, row_number: int, values: tuple) -> tuple[ImportRow | None, list[str]]:
        problems: list[str] = []

        def get(name: str) -> object:
            i = self.columns.get(name)
            return values[i] if i is not None and i < len(values) else None

        for name, i in self.columns.items():
            if i < len(values) and cells.is_error(values[i]):
                problems.append(f"{INCOMING_FIELDS[name].label}是 Excel 错误值“{cells.text(values[i])}”")
        if problems:  # a formula that failed: the row's other cells may be wrong too
            return None, problems
        v: dict[str, Any] = {f.name: cells.read_cell(f, _as_text(f.name, get(f.name)), problems) for f in _PLAIN}
        if "registered_by" not in self.columns:
            v["registered_by"] = None
        received: dt.datetime | None = v["received_at"]
        number = self._number(row_number, get("number"), received, problems)
        departments, dept_problem = parse_departments(cells.text(get("departments")))
        if dept_problem:
            problems.append(dept_problem)
        opinions = _listed("承办科室意见", get("opinions"),
                           lambda t: parse_opinions(t, [d for d, _ in departments]), problems) or {}
        if received and v["completed_on"] and v["completed_on"] < received.date():
            problems.append(
                f"办结日期 {v['completed_on'].isoformat()} 早于收文日期 {received.date().isoformat()}"
            )
        cancelled_at, cancel_reason, v["remarks"] = _cancel_mark(v["remarks"], received)
        circulations = _listed("传阅", get("circulations"), parse_circulations, problems)
        reminders = _listed("催办", get("reminders"), parse_reminders, problems)
        reviewed_by, reviewed_at = _review(get("review"), received, circulations, problems)
        if problems or received is None:
            return None, problems
        return ImportRow(
            row_number=row_number, number=number,
            instructions=parse_instructions(cells.text(get("instructions")), received.date()),
            departments=departments, cancelled_at=cancelled_at, cancel_reason=cancel_reason,
            reviewed_by=reviewed_by, reviewed_at=reviewed_at, circulations=circulations,
            reminders=reminders, opinions=opinions, **v,
        ), []

    def _number(self, row_number: int, raw: object, received: dt.datetime | None,
                problems: list[str]) -> tuple[int, int] | None:
        if cells.blank(raw):
            return None
        try:
            number = parse_number(raw, self.fmt, received.year if received else None)
        except ValueError as exc:
            problems.append(str(exc))
            return None
        first = self.seen_numbers.setdefault(number, row_number)
        if first != row_number:
            problems.append(f"收文编号“{self.fmt.format(*number)}”与第 {first} 行重复")
        return number


def _as_text(name: str, value: object) -> object:
    """A number in a column where numbers are ordinary text (件号 15) becomes that text."""
    if name in _NUMBERS_AS_TEXT and isinstance(value, int | float) and not isinstance(value, bool):
        return cells.text(value)
    return value


def _cancel_mark(remarks: str, received: dt.datetime | None) -> tuple[dt.datetime | None, str, str]:
    """A first 备注 line "【作废 时间】原因" → (cancelled_at, reason, the other remarks)."""
    first_line, _, rest = remarks.partition("\n")
    m = CANCEL_MARK.fullmatch(first_line)
    if not (m and received):
        return None, "", remarks
    when = None
    with contextlib.suppress(ValueError):
        when = parse_datetime(m["date"].strip()) if m["date"] and m["date"].strip() else None
    return when or received, m["reason"].strip(), rest


def _listed(label: str, raw: object, read: Callable[[str], Any], problems: list[str]) -> Any:
    try:
        return read(cells.text(raw))
    except ValueError as exc:  # a bad date inside says which column it is in
        problems.append(str(exc) if str(exc).startswith(label) else f"{label}：{exc}")
        return []


def _review(raw: object, received: dt.datetime | None, circulations: list,
            problems: list[str]) -> tuple[str, dt.datetime | None]:
    if received is None:
        return "", None
    reviewed_by, reviewed_at = "", None
    try:
        reviewed_by, reviewed_at = parse_review(raw, received)
    except ValueError as exc:
        problems.append(f"初审：{exc}")
    if len(reviewed_by) > 50:
        problems.append(f"初审人过长：{cells.show(reviewed_by)}")
    early = [r for r, handed, _ in circulations if handed < received]
    if early:
        problems.append(f"传阅给{early[0]}的时间早于收文日期")
    return reviewed_by, reviewed_at


# --- the workbook -----------------------------------------------------------------------------


def read_incoming_workbook(
    path: Path | str,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    *,
    number_format: NumberFormat | None = None,
) -> ImportPlan:
    """Read and check a register workbook without touching the database.

    ``mapping`` maps a header text found in the file (or "F列（无表头）" for a column
    without one) to a register column (one of HEADERS), or to "" to leave that column
    out. ``number_format`` is the database's 收文编号 format (the default one for a new
    database). The 办理记录 sheet, when there is one, gives each row its history.
    Raises ServiceError when the file itself cannot be used (not an .xlsx, damaged,
    password-protected, out of proportion when unpacked, no header), Cancelled when
    ``progress`` is cancelled.
    """
    path = Path(path)
    progress = progress or quiet()
    matcher = cells.HeaderMatcher(INCOMING_FIELDS, mapping)
    fmt = number_format or NumberFormat(DEFAULT_INCOMING_FORMAT)
    wb, fh = cells.open_workbook(path)
    try:
        sheets = [ws for ws in cells.candidate_sheets(wb, SHEET_TITLE) if ws.title != HISTORY_SHEET]
        if not sheets:
            raise ServiceError(f"“{path.name}”中没有工作表。")
        for ws in sheets:
            top = list(itertools.islice(cells.sheet_rows(ws, path.name), HEADER_SEARCH_ROWS + 1))
            layout = find_layout(top, matcher)
            if layout is None:
                continue
            rows = cells.sheet_rows(ws, path.name)  # reread: the search consumed the first rows
            for _ in range(layout.header_row):
                next(rows)
            plan = ImportPlan(source=path.name, sheet=ws.title, header_row=layout.header_row, number_format=fmt)
            numbers = _read_sheet(plan, match_columns(layout.header_cells, matcher), rows, _row_total(ws), progress)
            if HISTORY_SHEET in wb.sheetnames and not plan.missing_required:
                progress.report(0, 0, "读取办理记录")
                _attach_history(plan, read_history(cells.sheet_rows(wb[HISTORY_SHEET], path.name), fmt, set(numbers)),
                                numbers)
            return plan
        raise ServiceError(
            f"在“{path.name}”每个工作表的前 {HEADER_SEARCH_ROWS} 行中都没有找到表头行。"
            "表头应包含“收文日期”“来文单位”“文件标题”等列名。"
        )
    finally:
        wb.close()
        fh.close()


def _row_total(ws: Any) -> int:
    """The sheet's last row as the file records it (0 when it does not say)."""
    try:
        return int(ws.max_row or 0)
    except (TypeError, ValueError):
        return 0


def _read_sheet(plan: ImportPlan, columns: Columns, rows: Iterator[tuple], total: int,
                progress: Progress) -> dict[tuple[int, int], int]:
    """Fill the plan from the rows under the header; returns the rows' numbers → Excel row."""
    plan.headers, plan.matched = columns.headers, columns.matched
    plan.unknown_headers, plan.duplicate_headers = columns.unknown, columns.duplicate
    plan.missing_required = columns.missing_required
    if plan.missing_required:
        return {}
    parser = _RowParser(columns.by_field, plan.number_format)
    watched = set(columns.unnamed)
    width = columns.width
    stray: dict[int, int] = {}  # column without a header → first row with data in it
    row_number = plan.header_row
    for row_number, values in enumerate(rows, start=plan.header_row + 1):
        if row_number % REPORT_EVERY == 0:
            progress.report(row_number, max(total, row_number), "读取")
        for i, value in enumerate(values):
            if (i in watched or i >= width) and i not in stray and not cells.blank(value):
                stray[i] = row_number
        if parser.is_empty(values):
            continue
        parsed, problems = parser.parse(row_number, values)
        if parsed is None:
            plan.errors.append((row_number, "；".join(problems)))
        else:
            plan.rows.append(parsed)
    progress.report(row_number, row_number, "读取")
    plan.unnamed_with_data = [f"{cells.blank_header(i)}（第 {r} 行起有数据）" for i, r in sorted(stray.items())]
    return parser.seen_numbers


def _attach_history(plan: ImportPlan, history: History, numbers: dict[tuple[int, int], int]) -> None:
    """Give each row its events; a row with a bad event becomes a bad row."""
    plan.history_problems = history.problems
    by_number = {r.number: r for r in plan.rows if r.number}
    for number, events in history.events.items():
        if number in by_number:
            by_number[number].events = events
    if not history.row_problems:
        return
    bad = {numbers[n]: "；".join(p) for n, p in history.row_problems.items()}
    plan.rows = [r for r in plan.rows if r.row_number not in bad]
    errors = dict(plan.errors)
    for row, message in bad.items():
        errors[row] = f"{errors[row]}；{message}" if row in errors else message
    plan.errors = sorted(errors.items())


# --- against the database ---------------------------------------------------------------------


def check_plan(session: Session, plan: ImportPlan) -> None:
    """Move rows whose 收文编号 is already in the database to the errors (a read)."""
    years = {r.number[0] for r in plan.rows if r.number}
    if not years:
        return
    d = IncomingDocument
    existing = {(year, seq) for year, seq in session.execute(select(d.year, d.seq).where(d.year.in_(sorted(years))))}
    keep = []
    for r in plan.rows:
        if r.number and r.number in existing:
            plan.errors.append((r.row_number, f"收文编号“{plan.number_format.format(*r.number)}”在数据库中已存在"))
        else:
            keep.append(r)
    plan.rows = keep
    plan.errors.sort(key=lambda e: e[0])
