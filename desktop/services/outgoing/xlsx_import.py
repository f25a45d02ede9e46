"""Reading a legacy 发文登记簿 workbook into an import plan, without the database.

As for 收文 (services.incoming.xlsx_import): read and check every row first, then
check the numbers against the database, then write in one short transaction
(outgoing.xlsx_apply), all or nothing unless bad rows are skipped.

What a row becomes:
* 发文字号 "院发〔2025〕7号" (also typed with [] 【】 or （）) is split into 代字, year and
  number; it is required: a register lists numbered documents.
* The same number twice in the file is kept, as history holds it (重号): the further
  copies get ``repeat`` 1, 2 …, and numbering.number_report lists them.
* The stage follows the dates present: 签发日期 → signed (待复核), 印发日期 → sent
  (待归档), 归档日期 → 已归档. Without a 签发日期, the 成文日期 (else the 印发日期)
  stands for it: a numbered document was signed.
* A first 备注 line "【作废】原因" (as export writes it) marks a cancelled number.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from db.models import OutgoingDocument
from desktop.services import xlsx_cells as cells
from desktop.services.errors import ServiceError
from desktop.services.numbering import FORMATS, NumberFormat
from desktop.services.outgoing.fields import OUTGOING_FIELDS
from desktop.services.progress import Progress, quiet
from desktop.services.xlsx_layout import (
    HEADER_SEARCH_ROWS,
    Columns,
    find_layout,
    match_columns,
    structure_problems,
)

SHEET_TITLE = "发文登记簿"
REPORT_EVERY = 500
_PLAIN = tuple(f for f in OUTGOING_FIELDS if cells.is_plain(f))
_NUMBERS_AS_TEXT = frozenset({"archive_volume", "archive_item"})  # 件号 15 typed as a number
_BRACKETS = str.maketrans("[【［]】］（）()", "〔〔〔〕〕〕〔〕〔〕")
_CANCEL = re.compile(r"【作废(?:\s[^】]*)?】(?P<reason>.*)")


@dataclass
class ImportRow:
    row_number: int  # the Excel row
    code: str
    year: int
    seq: int
    repeat: int  # 0, or 1, 2 … for a number the file holds again
    values: dict[str, Any]  # every plain register field by column name
    cancel_reason: str | None = None  # None: not cancelled


@dataclass
class ImportPlan:
    source: str = ""
    sheet: str = ""
    header_row: int = 0
    headers: list[str] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)
    unknown_headers: list[str] = field(default_factory=list)
    duplicate_headers: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    unnamed_with_data: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (Excel row, message)
    number_format: NumberFormat = field(default_factory=lambda: NumberFormat(FORMATS["outgoing"].default))

    @property
    def structure_problems(self) -> list[str]:
        return structure_problems(self.missing_required, self.unknown_headers, self.duplicate_headers,
                                  self.unnamed_with_data)

    @property
    def ok(self) -> bool:
        return not self.structure_problems and not self.errors and bool(self.rows)


def parse_number(value: object, fmt: NumberFormat) -> tuple[str, int, int]:
    """(代字, year, number) from a 发文字号 cell; ValueError with a Chinese reason."""
    raw = cells.text(value)
    for candidate in dict.fromkeys((raw, cells.nfkc(raw).translate(_BRACKETS), raw.translate(_BRACKETS))):
        try:
            parts = fmt.parse_parts(candidate)
        except ServiceError:
            continue
        if parts.seq <= 0:
            raise ValueError(f"发文字号“{cells.show(value)}”的序号必须大于 0")
        if not parts.code.strip():
            break
        return parts.code.strip(), parts.year, parts.seq
    raise ValueError(f"发文字号“{cells.show(value)}”不符合格式（例如 {fmt.format(2025, 7, '院发')}）")


class _RowParser:
    def __init__(self, columns: dict[str, int], fmt: NumberFormat) -> None:
        self.columns, self.fmt = columns, fmt
        self.times: dict[tuple[str, int, int], int] = {}  # number → copies seen so far

    def is_empty(self, values: tuple) -> bool:
        return all(cells.blank(values[i]) if i < len(values) else True for i in self.columns.values())

    def parse(self, row_number: int, values: tuple) -> tuple[ImportRow | None, list[str]]:
        def get(name: str) -> object:
            i = self.columns.get(name)
            return values[i] if i is not None and i < len(values) else None

        problems = [f"{OUTGOING_FIELDS[n].label}是 Excel 错误值“{cells.text(values[i])}”"
                    for n, i in self.columns.items() if i < len(values) and cells.is_error(values[i])]
        if problems:  # a formula that failed: the row's other cells may be wrong too
            return None, problems
        v = {f.name: cells.read_cell(f, _as_text(f.name, get(f.name)), problems) for f in _PLAIN}
        number = None
        if cells.blank_or_mark(get("number")):
            problems.append("发文字号为空")
        else:
            try:
                number = parse_number(get("number"), self.fmt)
            except ValueError as exc:
                problems.append(str(exc))
        v["signed_on"] = v["signed_on"] or v["written_on"] or v["issued_on"]
        if v["signed_on"] is None and not problems:
            problems.append("签发日期、成文日期和印发日期都为空，至少填写一个")
        if v["signed_on"] and v["issued_on"] and v["issued_on"] < v["signed_on"]:
            problems.append(f"印发日期 {v['issued_on'].isoformat()} 早于签发日期 {v['signed_on'].isoformat()}")
        if v["secrecy_term"] and v["secrecy"] == "公开":
            problems.append("公开文件不设保密期限")
        first, _, rest = (v["remarks"] or "").partition("\n")
        cancelled = _CANCEL.fullmatch(first)
        if cancelled:
            v["remarks"] = rest
        if problems or number is None:
            return None, problems
        repeat = self.times[number] = self.times.get(number, -1) + 1
        return ImportRow(row_number, *number, repeat, v,
                         cancelled["reason"].strip() if cancelled else None), []


def _as_text(name: str, value: object) -> object:
    if name in _NUMBERS_AS_TEXT and isinstance(value, int | float) and not isinstance(value, bool):
        return cells.text(value)
    return value


def read_outgoing_workbook(path: Path | str, mapping: Mapping[str, str] | None = None,
                           progress: Progress | None = None, *,
                           number_format: NumberFormat | None = None) -> ImportPlan:
    """Read and check a 发文登记簿 workbook without the database (see the module).

    ``mapping`` maps a header found in the file to a register column, or to "" to leave
    it out. Raises ServiceError when the file itself cannot be used, Cancelled on cancel.
    """
    path = Path(path)
    progress = progress or quiet()
    matcher = cells.HeaderMatcher(OUTGOING_FIELDS, mapping)
    fmt = number_format or NumberFormat(FORMATS["outgoing"].default)
    wb, fh = cells.open_workbook(path)
    try:
        for ws in cells.candidate_sheets(wb, SHEET_TITLE):
            top = list(itertools.islice(cells.sheet_rows(ws, path.name), HEADER_SEARCH_ROWS + 1))
            layout = find_layout(top, matcher)
            if layout is None:
                continue
            rows = cells.sheet_rows(ws, path.name)
            for _ in range(layout.header_row):
                next(rows)
            plan = ImportPlan(source=path.name, sheet=ws.title, header_row=layout.header_row, number_format=fmt)
            _read_sheet(plan, match_columns(layout.header_cells, matcher, OUTGOING_FIELDS), rows,
                        int(ws.max_row or 0), progress)
            return plan
        raise ServiceError(
            f"在“{path.name}”每个工作表的前 {HEADER_SEARCH_ROWS} 行中都没有找到表头行。"
            "表头应包含“发文字号”“标题”“拟稿科室”等列名。")
    finally:
        wb.close()
        fh.close()


def _read_sheet(plan: ImportPlan, columns: Columns, rows: Iterator[tuple], total: int, progress: Progress) -> None:
    plan.headers, plan.matched = columns.headers, columns.matched
    plan.unknown_headers, plan.duplicate_headers = columns.unknown, columns.duplicate
    plan.missing_required = columns.missing_required
    if plan.missing_required:
        return
    parser = _RowParser(columns.by_field, plan.number_format)
    watched, stray = set(columns.unnamed), {}
    row_number = plan.header_row
    for row_number, values in enumerate(rows, start=plan.header_row + 1):
        if row_number % REPORT_EVERY == 0:
            progress.report(row_number, max(total, row_number), "读取")
        for i, value in enumerate(values):
            if (i in watched or i >= columns.width) and i not in stray and not cells.blank(value):
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


def check_plan(session: Session, plan: ImportPlan) -> None:
    """Move rows whose 发文字号 the database already holds to the errors (a read): the
    same register imported twice would otherwise double every number."""
    d = OutgoingDocument
    wanted = sorted({(r.code, r.year, r.seq) for r in plan.rows})
    existing: set[tuple[str, int, int]] = set()
    for start in range(0, len(wanted), 300):
        part = wanted[start:start + 300]
        existing |= {(c, y or 0, s or 0) for c, y, s in session.execute(
            select(d.code, d.year, d.seq).where(tuple_(d.code, d.year, d.seq).in_(part)))}
    keep = []
    for r in plan.rows:
        if (r.code, r.year, r.seq) in existing:
            shown = plan.number_format.format(r.year, r.seq, r.code)
            plan.errors.append((r.row_number, f"发文字号“{shown}”在数据库中已存在"))
        else:
            keep.append(r)
    plan.rows = keep
    plan.errors.sort(key=lambda e: e[0])


__all__ = ["ImportPlan", "ImportRow", "check_plan", "parse_number", "read_outgoing_workbook", "dt"]
