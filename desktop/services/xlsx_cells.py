"""Reading what offices type into Excel: workbooks, headers and cells, for any register.

Qt-free and database-free. A register's import finds its header row with
``HeaderMatcher`` (labels, synonyms and the user's mapping from its declared fields)
and turns each cell into a value with ``read_cell(field, value, problems)``: texts,
counts ("3份"), dates in the forms offices type (services.dates), choices with their
aliases, yes/no marks. Problems are short Chinese phrases naming the column; the
register joins them into one line per Excel row.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from desktop.services.dates import parse_date, parse_datetime
from desktop.services.errors import ServiceError
from desktop.services.fields import BOOL, CHOICE, DATE, DATETIME, INT, TEXT, Field, Fields

MIN_YEAR, MAX_YEAR = 1950, 2100
BLANK_MARKS = frozenset({"-", "--", "—", "——", "/", "／", "无", "－"})
# Columns that carry nothing to import (a row counter); never reported as unknown.
IGNORED_HEADERS = frozenset({"序号", "序", "行号", "NO", "NO.", "No", "No."})
IGNORE = ""  # a mapping target: leave this column out
# Excel's error values, as openpyxl reads an error cell (or someone typed one).
ERROR_VALUES = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})

# --- plain cell values ----------------------------------------------------------------------


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def blank_or_mark(value: object) -> bool:
    """Empty, or one of the marks offices put in an empty cell (-, /, 无 …)."""
    return blank(value) or (isinstance(value, str) and nfkc(value) in BLANK_MARKS)


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time.min else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def show(value: object) -> str:
    """A cell as quoted in a message: one line, at most 30 characters."""
    s = text(value).replace("\n", " ")
    return s if len(s) <= 30 else s[:29] + "…"


def is_error(value: object) -> bool:
    """An Excel error value (#DIV/0!, #REF!, #N/A …): never data."""
    return isinstance(value, str) and value.strip().upper() in ERROR_VALUES


def nfkc(value: object) -> str:
    return unicodedata.normalize("NFKC", text(value)).strip()


_YES = frozenset({"是", "√", "✓", "✔", "Y", "YES", "TRUE", "1", "阅知", "阅知件", "阅件"})
_NO = frozenset({"否", "×", "✗", "N", "NO", "FALSE", "0", "不是"}) | BLANK_MARKS


def parse_yes_no(value: object, name: str) -> bool:
    """A yes/no column as offices mark it: 是/√/Y/1 or 否/×/N/0; blank is 否."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    s = nfkc(value).upper()
    if not s or s in _NO:
        return False
    if s in _YES:
        return True
    raise ValueError(f"{name}“{show(value)}”应填“是”或“否”")


# --- cells by the kind of their field -------------------------------------------------------


def read_text(f: Field, value: object, problems: list[str]) -> str:
    if isinstance(value, bool):  # a TRUE/FALSE cell: a column shifted, or a checkbox
        problems.append(f"{f.label}“{'TRUE' if value else 'FALSE'}”是逻辑值，应为文字")
        return ""
    if isinstance(value, int | float):  # Excel stores 12345 as a number: not a title
        problems.append(f"{f.label}“{show(value)}”是数字，应为文字（可在 Excel 中设为文本格式）")
        return ""
    s = text(value)
    if f.required and not s:
        problems.append(f"缺少{f.label}")
    if f.limit and len(s) > f.limit:
        problems.append(f"{f.label}过长（{len(s)} 字，最多 {f.limit} 字）")
    return s


def read_date(f: Field, value: object, problems: list[str]) -> dt.date | None:
    if blank_or_mark(value):
        if f.required:
            problems.append(f"缺少{f.label}")
        return None
    try:
        d = parse_datetime(value) if f.kind == DATETIME else parse_date(value)
    except ValueError:
        problems.append(f"{f.label}“{show(value)}”不是有效的日期")
        return None
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        problems.append(f"{f.label}“{show(value)}”超出合理范围（{MIN_YEAR}–{MAX_YEAR} 年）")
        return None
    return d


def read_choice(f: Field, value: object, problems: list[str]) -> str:
    s = nfkc(value)
    if f.excel_clean is not None:
        s = f.excel_clean(s)
    if not s:
        return f.default
    s = f.aliases.get(s, s)
    if s not in f.choices:
        problems.append(f"{f.label}“{show(value)}”不在可选范围（{'/'.join(f.choices)}）内")
    return s


def _count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        s = re.sub(r"[份页张件]$", "", nfkc(value)).strip()
        if re.fullmatch(r"-?\d+", s, re.ASCII):
            return int(s)
    return None


def read_int(f: Field, value: object, problems: list[str]) -> int:
    """A count as typed ("3", 3.0, "3份"); blank is the field's default.

    Any count from 0 up is taken: registers (and exports of older databases) hold
    documents with 0 份数, and a round trip must bring them back.
    """
    if blank_or_mark(value):
        return f.default
    n = _count(value)
    if n is None or n < 0:
        problems.append(f"{f.label}“{show(value)}”应为不小于 0 的整数")
        return f.default
    return n


def read_bool(f: Field, value: object, problems: list[str]) -> bool:
    try:
        return parse_yes_no(value, f.label)
    except ValueError as exc:
        problems.append(str(exc))
        return bool(f.default)


_READERS = {TEXT: read_text, DATE: read_date, DATETIME: read_date, CHOICE: read_choice,
            INT: read_int, BOOL: read_bool}


def read_cell(f: Field, value: object, problems: list[str]) -> Any:
    """The value of one cell for field ``f``; a problem is appended, never raised."""
    return _READERS[f.kind](f, value, problems)


def is_plain(f: Field) -> bool:
    """Whether read_cell() can read this field (else the register parses it itself)."""
    return f.kind in _READERS


# --- headers ---------------------------------------------------------------------------------


def blank_header(index: int) -> str:
    """The name a column with data but no header goes by (in messages and mappings)."""
    return f"{get_column_letter(index + 1)}列（无表头）"


def normalise_header(header: str) -> str:
    s = unicodedata.normalize("NFKC", header)
    return re.sub(r"\s+", "", s).strip("*")


class HeaderMatcher:
    """Which field a header names: its label, a synonym, or the user's mapping."""

    def __init__(self, fields: Fields, mapping: Mapping[str, str] | None = None) -> None:
        self.fields = fields
        self.mapping = dict(mapping or {})
        self._names = {f.label: f.label for f in fields}  # a label wins over a synonym
        for f in fields:
            for s in f.synonyms:
                self._names.setdefault(normalise_header(s), f.label)
        for key, target in self.mapping.items():
            if target != IGNORE and fields.by_label(target) is None:
                raise ServiceError(f"列“{key}”被指定为“{target}”，但登记簿中没有这一字段。")

    def resolve(self, header: str) -> str | None:
        """The field label for a header text, IGNORE to skip it, or None if unknown."""
        norm = normalise_header(header)
        for key in (header, header.strip(), norm):
            if key in self.mapping:
                return self.mapping[key]
        for key, target in self.mapping.items():
            if normalise_header(key) == norm:
                return target
        if norm in IGNORED_HEADERS or norm.upper() in IGNORED_HEADERS:
            return IGNORE
        for candidate in (norm, re.sub(r"\([^()]*\)$", "", norm)):
            if candidate in self._names:
                return self._names[candidate]
        return None

    def fields_in(self, row: tuple) -> int:
        """How many fields a row names (to find the header row)."""
        return len({self.resolve(text(cell)) for cell in row if not blank(cell)} - {None, IGNORE})


# --- opening a workbook ----------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = "请在 Excel 中打开，另存为“Excel 工作簿（*.xlsx）”再导入。"


def _check_kind(fh: IO[bytes], name: str) -> None:
    head = fh.read(8)
    if head.startswith(_OLE_MAGIC):
        fh.seek(0)
        if _ENCRYPTED in fh.read():
            raise ServiceError(f"“{name}”设置了打开密码，无法读取。请在 Excel 中打开，取消密码后另存为 .xlsx 再导入。")
        raise ServiceError(f"“{name}”是旧版 Excel（.xls）文件。{_SAVE_AS}")
    if not head.startswith(b"PK"):
        raise ServiceError(f"“{name}”不是 Excel（.xlsx）文件。{_SAVE_AS}")
    fh.seek(0)


# A workbook unpacks to a few times its size (sheets of text compress about 5-15 times;
# the 2,000-document demo exports 0.77 MB that unpack to 6.9 MB). A file that claims far more is refused before
# openpyxl reads it: a 1.2 MB crafted file once took 1.34 GB of memory and 18 s.
MAX_UNPACKED = 2 * 1024**3
MAX_RATIO = 100
MAX_MEMBERS = 10_000
_RATIO_FROM = 50 * 1024**2  # small files may compress better (empty sheets, styles)


def check_unpacked_size(fh: IO[bytes], name: str) -> None:
    """Refuse a zip whose declared unpacked size is out of proportion (read from its directory only)."""
    try:
        with zipfile.ZipFile(fh) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ServiceError(f"无法读取“{name}”：文件已损坏，或不是有效的 Excel（.xlsx）文件。") from exc
    fh.seek(0)
    packed = sum(m.compress_size for m in members)
    unpacked = sum(m.file_size for m in members)
    if (len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED
            or (unpacked > _RATIO_FROM and unpacked > MAX_RATIO * max(packed, 1))):
        raise ServiceError(
            f"“{name}”解压后有 {unpacked / 1024**2:,.0f} MB（压缩文件中的内容 {packed / 1024**2:,.1f} MB），"
            "远超正常的 Excel 登记簿，可能已损坏或是特意构造的文件，未导入。"
            "请在 Excel 中打开并另存为新的 .xlsx 文件后再试。"
        )


def open_workbook(path: Path) -> tuple[Workbook, IO[bytes]]:
    """A read-only workbook and its open file (close both); every problem is a ServiceError."""
    name = path.name
    if not path.exists():
        raise ServiceError(f"找不到文件：{path}")
    if path.is_dir():
        raise ServiceError(f"“{name}”是文件夹，不是 Excel 文件。")
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ServiceError(f"无法读取文件“{name}”：{exc.strerror or exc}。文件可能正被其他程序占用。") from exc
    try:
        _check_kind(fh, name)
        check_unpacked_size(fh, name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged package
            raise ServiceError(f"无法读取“{name}”：文件已损坏，或不是有效的 Excel（.xlsx）文件。") from exc
    except BaseException:
        fh.close()
        raise
    return wb, fh


def sheet_rows(ws: Any, name: str) -> Iterator[tuple]:
    """Rows from Excel row 1 on; a damaged sheet becomes a ServiceError."""
    it = ws.iter_rows(min_row=1, min_col=1, values_only=True)
    while True:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                row = next(it)
        except StopIteration:
            return
        except Exception as exc:
            raise ServiceError(f"无法读取“{name}”的工作表“{ws.title}”：文件已损坏。") from exc
        yield row


def candidate_sheets(wb: Workbook, preferred: str) -> list:
    """Worksheets to look in: the one called ``preferred``, the active one, then the rest."""
    sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
    active = wb.active if hasattr(wb.active, "iter_rows") else None
    ordered = [ws for ws in sheets if ws.title == preferred]
    if active is not None and active not in ordered:
        ordered.append(active)
    ordered += [ws for ws in sheets if ws not in ordered]
    return ordered
