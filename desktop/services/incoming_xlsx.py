"""The 收文登记簿 as an Excel workbook: export, and import of legacy registers.

Export writes one sheet, 收文登记簿, with the columns in HEADERS, real Excel dates,
the leader's instructions as "姓名：内容（日期）" lines, the departments as
"科室（主办）、科室", 阅知件 as 是, 初审 as "姓名（时间）", each 传阅 as a line
"姓名（送 时间，退 时间|未退）" and each 催办 as "时间 方式（经办人）：内容", so that
an exported register imports back whole. Import reads the same layout, and also what offices keep by hand:
a title row above the header, synonyms for the column names (编号, 日期, 发文单位 …),
dates typed in any of the usual ways (see services.dates), a 序号 column. It is all
or nothing: a file with a bad row imports nothing unless the user asks to skip bad
rows. Import goes through read_incoming_xlsx() first, so the GUI can show the same
preview (unknown columns to map, errors by Excel row number) before importing.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from db.models import (
    IncomingAssignment,
    IncomingCirculation,
    IncomingDocument,
    IncomingEvent,
    IncomingInstruction,
    IncomingReminder,
)
from desktop.services.dates import parse_date, parse_datetime
from desktop.services.errors import ServiceError
from desktop.services.incoming.index import document_body, write_bodies
from desktop.services.incoming.query import IncomingFilter, list_ids
from desktop.services.incoming.steps import refresh_step
from desktop.services.incoming.vocab import DOC_TYPES, SECRECY_LEVELS, URGENCY_LEVELS
from desktop.services.numbering import DEFAULT_INCOMING_FORMAT, NumberFormat, incoming_number_format

D = IncomingDocument

SHEET_TITLE = "收文登记簿"

HEADERS: tuple[str, ...] = (
    "收文编号", "收文日期", "来文单位", "来文字号", "文件标题", "文种", "密级", "紧急程度",
    "份数", "页数", "办理时限", "阅知件", "初审", "拟办意见", "领导批示", "承办科室", "传阅",
    "催办", "办理结果", "办结日期", "归档卷号", "归档件号", "归档日期", "备注",
)
REQUIRED: tuple[str, ...] = ("收文日期", "来文单位", "文件标题")


DEFAULTS = {"密级": "公开", "紧急程度": "普通", "文种": "通知"}

_SECRECY_ALIASES = {"非密": "公开", "无": "公开"}
_URGENCY_ALIASES = {"平件": "普通", "一般": "普通", "急件": "加急", "急": "加急", "特急件": "特急"}
_DOC_TYPE_ALIASES = {"会议纪要": "纪要", "令": "命令"}

# Other names offices give the register's columns (compared after normalising).
SYNONYMS: dict[str, str] = {
    **{s: "收文编号" for s in ("编号", "收文号", "收文登记号", "登记号", "登记编号", "收文编码")},
    **{s: "收文日期" for s in ("日期", "收文时间", "收文日期时间", "收到日期", "收到时间",
                               "签收日期", "签收时间", "登记日期", "登记时间")},
    **{s: "来文单位" for s in ("发文单位", "来文机关", "发文机关", "来文机构", "来文部门",
                               "来文单位名称", "来文单位(部门)")},
    **{s: "来文字号" for s in ("文号", "来文文号", "发文字号", "来文号", "原文号", "发文文号")},
    **{s: "文件标题" for s in ("标题", "文件名称", "文件名", "来文标题", "题名", "文件题名",
                               "来文名称", "文件标题(事由)", "事由")},
    **{s: "文种" for s in ("文件类型", "公文种类", "文件种类", "类型", "文种类别")},
    **{s: "密级" for s in ("秘密等级", "保密等级", "密级程度")},
    **{s: "紧急程度" for s in ("缓急", "紧急", "缓急程度", "急缓程度", "紧急度")},
    **{s: "份数" for s in ("收文份数", "件数")},
    **{s: "页数" for s in ("页码数", "总页数")},
    **{s: "办理时限" for s in ("时限", "办理期限", "期限", "截止日期", "办结时限", "办理时间要求")},
    **{s: "阅知件" for s in ("阅知", "阅件", "是否阅知件", "阅知类", "阅知件(是/否)")},
    **{s: "初审" for s in ("初审人", "初审情况", "初审(人员/时间)")},
    **{s: "拟办意见" for s in ("拟办", "办公室拟办意见", "拟办意见(办公室)")},
    **{s: "领导批示" for s in ("批示", "领导意见", "批示意见", "领导批示意见", "院领导批示")},
    **{s: "承办科室" for s in ("主办科室", "承办部门", "承办单位", "办理科室", "承办", "主办部门",
                               "承办科室(部门)")},
    **{s: "传阅" for s in ("传阅情况", "传阅记录", "阅文情况", "传阅人")},
    **{s: "催办" for s in ("催办情况", "催办记录")},
    **{s: "办理结果" for s in ("结果", "办理情况", "落实情况", "办理结果(情况)")},
    **{s: "办结日期" for s in ("办结时间", "完成日期", "办结")},
    **{s: "归档卷号" for s in ("卷号", "案卷号")},
    **{s: "归档件号" for s in ("件号",)},
    **{s: "归档日期" for s in ("归档时间",)},
    **{s: "备注" for s in ("附注", "说明")},
}
# Columns that carry nothing to import (a row counter); never reported as unknown.
IGNORED_HEADERS = frozenset({"序号", "序", "行号", "NO", "NO.", "No", "No."})

COLUMN_WIDTHS: dict[str, float] = {
    "收文编号": 14, "收文日期": 17, "来文单位": 26, "来文字号": 20, "文件标题": 48,
    "文种": 7, "密级": 7, "紧急程度": 9, "份数": 6, "页数": 6, "办理时限": 12,
    "阅知件": 7, "初审": 22, "拟办意见": 30, "领导批示": 40, "承办科室": 24, "传阅": 40,
    "催办": 36, "办理结果": 30, "办结日期": 12,
    "归档卷号": 10, "归档件号": 10, "归档日期": 12, "备注": 24,
}
_DATE_FORMAT = "yyyy-mm-dd"
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

HEADER_SEARCH_ROWS = 10
BATCH = 500
MAX_LISTED_ERRORS = 20
LEAD_MARK = "（主办）"
ASSIST_MARK = "（协办）"
_MIN_YEAR, _MAX_YEAR = 1950, 2100
_LIMITS = {"来文单位": 200, "来文字号": 100, "文件标题": 500, "归档卷号": 50, "归档件号": 50}
_BLANK_MARKS = frozenset({"-", "--", "—", "——", "/", "／", "无", "－"})

Progress = Callable[[int, int], object]


# --- results ------------------------------------------------------------------------------


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


@dataclass
class ImportPreview:
    sheet: str = ""
    header_row: int = 0  # Excel row number of the header row
    headers: list[str] = field(default_factory=list)  # header texts in column order
    matched: dict[str, str] = field(default_factory=dict)  # header text → register column
    unknown_headers: list[str] = field(default_factory=list)  # need a mapping (or "" to skip)
    duplicate_headers: list[str] = field(default_factory=list)  # a second column for one field
    missing_required: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (Excel row, message)

    @property
    def structure_problems(self) -> list[str]:
        """Problems with the columns; they stop any import, even skipping bad rows."""
        problems = []
        if self.missing_required:
            problems.append("缺少必填列：" + "、".join(self.missing_required) + "。")
        if self.unknown_headers:
            problems.append(
                "以下列无法识别：" + "、".join(self.unknown_headers)
                + "。请指定它们对应的登记簿字段，或选择不导入。"
            )
        if self.duplicate_headers:
            problems.append(
                "以下列与前面的列对应同一字段：" + "、".join(self.duplicate_headers)
                + "。请删除多余的列，或选择不导入。"
            )
        return problems

    @property
    def ok(self) -> bool:
        return not self.structure_problems and not self.errors and bool(self.rows)


@dataclass
class ImportResult:
    imported: int
    skipped: list[tuple[int, str]] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)


# --- cell values ----------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time.min else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _show(value: object) -> str:
    s = _text(value).replace("\n", " ")
    return s if len(s) <= 30 else s[:29] + "…"


def _nfkc(value: object) -> str:
    return unicodedata.normalize("NFKC", _text(value)).strip()


def _normalise_header(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", "", s).strip("*")
    return s


def _lookup_header(norm: str) -> str | None:
    for candidate in (norm, re.sub(r"\([^()]*\)$", "", norm)):
        if candidate in HEADERS:
            return candidate
        if candidate in SYNONYMS:
            return SYNONYMS[candidate]
    return None


_IGNORE = ""


def _resolve(header: str, mapping: Mapping[str, str]) -> str | None:
    """The register column for a header text, _IGNORE to skip it, or None if unknown."""
    norm = _normalise_header(header)
    for key in (header, header.strip(), norm):
        if key in mapping:
            return mapping[key]
    for key, target in mapping.items():
        if _normalise_header(key) == norm:
            return target
    if norm in IGNORED_HEADERS or norm.upper() in IGNORED_HEADERS:
        return _IGNORE
    return _lookup_header(norm)


def _check_mapping(mapping: Mapping[str, str]) -> None:
    for key, target in mapping.items():
        if target not in HEADERS and target != _IGNORE:
            raise ServiceError(f"列“{key}”被指定为“{target}”，但登记簿中没有这一字段。")


# --- opening the file -------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _open_workbook(path: Path) -> tuple[Workbook, IO[bytes]]:
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
        head = fh.read(8)
        if head.startswith(_OLE_MAGIC):
            fh.seek(0)
            if _ENCRYPTED in fh.read():
                raise ServiceError(
                    f"“{name}”设置了打开密码，无法读取。请在 Excel 中打开，取消密码后另存为 .xlsx 再导入。"
                )
            raise ServiceError(
                f"“{name}”是旧版 Excel（.xls）文件。请在 Excel 中打开，另存为“Excel 工作簿（*.xlsx）”再导入。"
            )
        if not head.startswith(b"PK"):
            raise ServiceError(
                f"“{name}”不是 Excel（.xlsx）文件。请在 Excel 中打开，另存为“Excel 工作簿（*.xlsx）”再导入。"
            )
        fh.seek(0)
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


def _sheet_rows(ws, name: str) -> Iterator[tuple]:
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


def _candidate_sheets(wb: Workbook) -> list:
    sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
    active = wb.active if hasattr(wb.active, "iter_rows") else None
    ordered = [ws for ws in sheets if ws.title == SHEET_TITLE]
    if active is not None and active not in ordered:
        ordered.append(active)
    ordered += [ws for ws in sheets if ws not in ordered]
    return ordered


# --- parsing rows -----------------------------------------------------------------------------

_LEADER_LINE = re.compile(r"(?P<leader>[^\s:：,，.。;；!！?？、()（）\[\]【】\"“”0-9]{1,12})[:：](?P<rest>.*)")
_TRAILING_DATE = re.compile(r"[(（](?P<date>[^()（）]{6,25})[)）]\s*$")
_DEPT_SPLIT = re.compile(r"[、,，;；/／\n]+")
_DEPT_MARK = re.compile(r"\s*[(（]\s*(?P<mark>主办|协办)\s*[)）]\s*$")
_CANCEL_MARK = re.compile(r"【作废(?:\s*(?P<date>[^】]*))?】(?P<reason>.*)")


def _split_trailing_date(text: str) -> tuple[str, dt.date | None]:
    m = _TRAILING_DATE.search(text)
    if m:
        try:
            return text[: m.start()].rstrip(), parse_date(m["date"].strip())
        except ValueError:
            pass
    return text, None


def parse_instructions(text: str, default_date: dt.date) -> list[tuple[str, str, dt.date]]:
    """领导批示 text → [(leader, text, date)].

    A line "姓名：内容（日期）" starts an instruction, and so does any line after one
    that ended with "（日期）"; other lines continue the instruction above. The date
    defaults to ``default_date``. Text without either form is one instruction with
    no leader.
    """
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    blocks: list[tuple[str, list[str]]] = []
    closed = True  # the line above ended an instruction
    for line in lines:
        m = _LEADER_LINE.fullmatch(line)
        if m:
            blocks.append((m["leader"], [m["rest"].strip()]))
        elif closed:
            blocks.append(("", [line]))
        else:
            blocks[-1][1].append(line)
        closed = _split_trailing_date(line)[1] is not None
    out = []
    for leader, parts in blocks:
        body, when = _split_trailing_date("\n".join(parts).strip())
        out.append((leader, body, when or default_date))
    return out


def format_instructions(instructions: Sequence[tuple[str, str, dt.date | None]]) -> str:
    lines = []
    for leader, text, when in instructions:
        suffix = f"（{when.isoformat()}）" if when else ""
        lines.append(f"{leader}：{text}{suffix}" if leader else f"{text}{suffix}")
    return "\n".join(lines)


def _stamp(when: dt.datetime) -> str:
    """A time as the register writes it: minutes, and seconds only when there are some."""
    return when.strftime("%Y-%m-%d %H:%M:%S" if when.second else "%Y-%m-%d %H:%M")


_YES = frozenset({"是", "√", "✓", "✔", "Y", "YES", "TRUE", "1", "阅知", "阅知件", "阅件"})
_NO = frozenset({"否", "×", "✗", "N", "NO", "FALSE", "0", "不是"}) | _BLANK_MARKS


def parse_yes_no(value: object, name: str) -> bool:
    """阅知件 as offices mark it: 是/√/Y/1 or 否/×/N/0; blank is 否."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = _nfkc(value).upper()
    if not text or text in _NO:
        return False
    if text in _YES:
        return True
    raise ValueError(f"{name}“{_show(value)}”应填“是”或“否”")


def format_review(by: str, at: dt.datetime | None) -> str:
    if at is None:
        return by
    return f"{by}（{_stamp(at)}）" if by else _stamp(at)


_PARENS_AT_END = re.compile(r"^(?P<head>.*?)\s*[(（](?P<inner>[^()（）]*)[)）]\s*$", re.S)


def parse_review(value: object, received: dt.datetime) -> tuple[str, dt.datetime | None]:
    """初审 → (who, when): "张三（2026-03-02 10:15）", a bare time, or a bare name (then the time of receipt)."""
    if _blank(value):
        return "", None
    if isinstance(value, dt.date):
        return "", parse_datetime(value)
    text = _text(value)
    m = _PARENS_AT_END.match(text)
    if m:
        return m["head"].strip(), parse_datetime(m["inner"])
    try:
        return "", parse_datetime(text)
    except ValueError:
        return text, received


_LIST_SPLIT = re.compile(r"[\n;；]+")
_CIRCULATION = re.compile(
    r"(?P<reader>[^()（）]+?)\s*[(（]\s*送\s*(?P<handed>[^，,()（）]+?)\s*"
    r"(?:[，,]\s*(?:退\s*(?P<returned>[^，,()（）]+?)|未退)\s*)?[)）]"
)
_REMINDER = re.compile(
    r"(?P<when>\d{4}[-/.年][^\s（(：:]*(?:\s+\d{1,2}[:：时]\d{1,2}(?:[:：分]\d{1,2}秒?)?)?)"
    r"\s*(?P<method>[^\s()（）：:]*)\s*(?:[(（](?P<by>[^()（）]*)[)）])?\s*(?:[：:]\s*(?P<note>.*))?",
    re.S,
)


def format_circulations(rows: Sequence[tuple[str, dt.datetime, dt.datetime | None]]) -> str:
    return "\n".join(
        f"{reader}（送 {_stamp(handed)}，{'退 ' + _stamp(returned) if returned else '未退'}）"
        for reader, handed, returned in rows
    )


def parse_circulations(text: str) -> list[tuple[str, dt.datetime, dt.datetime | None]]:
    """传阅 text → [(reader, handed, returned)]; one reader a line:
    "王书记（送 2026-03-02 10:00，退 2026-03-04 09:00）" or "…（送 2026-03-02 10:00，未退）"."""
    out = []
    for line in _LIST_SPLIT.split(text.strip()):
        line = line.strip()
        if not line:
            continue
        m = _CIRCULATION.fullmatch(line)
        if not m:
            raise ValueError(f"传阅“{_show(line)}”应写成“姓名（送 2026-03-02 10:00，退 2026-03-04 09:00）”")
        reader = m["reader"].strip()
        if len(reader) > 50:
            raise ValueError(f"传阅人姓名过长：{_show(reader)}")
        handed = parse_datetime(m["handed"])
        returned = parse_datetime(m["returned"]) if m["returned"] else None
        if returned is not None and returned < handed:
            raise ValueError(f"传阅“{_show(line)}”的退回时间早于送阅时间")
        out.append((reader, handed, returned))
    return out


def format_reminders(rows: Sequence[tuple[dt.datetime, str, str, str]]) -> str:
    lines = []
    for at, method, by, note in rows:
        line = f"{_stamp(at)} {method}" + (f"（{by}）" if by else "")
        lines.append(line + (f"：{note}" if note else ""))
    return "\n".join(lines)


def parse_reminders(text: str) -> list[tuple[dt.datetime, str, str, str]]:
    """催办 text → [(when, method, by, note)]; one reminder a line:
    "2026-03-05 10:00 电话（文书甲）：请于本周内报送". The method defaults to 电话."""
    out = []
    for line in re.split(r"[\n;；]+(?=\s*\d{4})", text.strip()):  # a note may itself hold ；
        line = line.strip()
        if not line:
            continue
        m = _REMINDER.fullmatch(line)
        if not m:
            raise ValueError(f"催办“{_show(line)}”应写成“2026-03-05 10:00 电话（经办人）：内容”")
        method = m["method"].strip() or "电话"
        by = (m["by"] or "").strip()
        if len(method) > 20 or len(by) > 50:
            raise ValueError(f"催办“{_show(line)}”的方式或经办人过长")
        out.append((parse_datetime(m["when"]), method, by, (m["note"] or "").strip()))
    return out


def parse_departments(text: str) -> tuple[list[tuple[str, bool]], str | None]:
    """承办科室 text → ([(department, is_lead)], problem or None).

    "（主办）" marks the lead; with no marks at all the first one leads; when every
    department is marked "（协办）" none leads.
    """
    items: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for part in _DEPT_SPLIT.split(unicodedata.normalize("NFKC", text).replace("(", "（").replace(")", "）")):
        part = part.strip()
        if not part:
            continue
        m = _DEPT_MARK.search(part)
        mark = m["mark"] if m else None
        name = part[: m.start()].strip() if m else part
        if name and name not in seen:
            seen.add(name)
            items.append((name, mark))
    if not items:
        return [], None
    leads = [name for name, mark in items if mark == "主办"]
    if len(leads) > 1:
        return [], f"承办科室只能有一个主办（现为 {'、'.join(leads)}）"
    too_long = [name for name, _ in items if len(name) > 100]
    if too_long:
        return [], f"承办科室名称过长：{_show(too_long[0])}"
    if leads:
        return [(name, mark == "主办") for name, mark in items], None
    if any(mark for _, mark in items):
        return [(name, False) for name, _ in items], None
    return [(name, i == 0) for i, (name, _) in enumerate(items)], None


def format_departments(departments: Sequence[tuple[str, bool]]) -> str:
    if not departments:
        return ""
    if any(lead for _, lead in departments):
        ordered = sorted(departments, key=lambda d: not d[1])  # stable: lead first
        return "、".join(name + (LEAD_MARK if lead else "") for name, lead in ordered)
    return "、".join(name + ASSIST_MARK for name, _ in departments)


def _parse_number(value: object, fmt: NumberFormat, year: int | None) -> tuple[int, int]:
    """(year, seq) from the file's 收文编号; a bare integer takes the year of 收文日期."""
    if isinstance(value, bool):
        raise ValueError(f"收文编号“{_show(value)}”无法识别")
    seq: int | None = None
    if isinstance(value, int):
        seq = value
    elif isinstance(value, float) and value.is_integer():
        seq = int(value)
    else:
        text = _nfkc(value)
        if re.fullmatch(r"\d+", text, re.ASCII):
            seq = int(text)
        else:
            candidates = [_text(value), text]
            fixed = text.translate(str.maketrans("[【［]】］", "〔〔〔〕〕〕"))
            candidates.append(fixed)
            for candidate in candidates:
                try:
                    y, s = fmt.parse(candidate)
                except ServiceError:
                    continue
                if s <= 0:
                    raise ValueError(f"收文编号“{_show(value)}”的序号必须大于 0")
                return y, s
            raise ValueError(
                f"收文编号“{_show(value)}”不符合编号格式（例如 {fmt.format(year or 2026, 1)}）"
            )
    if seq <= 0:
        raise ValueError(f"收文编号“{_show(value)}”的序号必须大于 0")
    if year is None:
        raise ValueError("收文编号只有序号时需要有效的收文日期来确定年份")
    return year, seq


class _RowParser:
    def __init__(self, columns: dict[str, int], fmt: NumberFormat) -> None:
        self.columns = columns
        self.fmt = fmt
        self.seen_numbers: dict[tuple[int, int], int] = {}

    def is_empty(self, values: tuple) -> bool:
        return all(_blank(values[i]) if i < len(values) else True for i in self.columns.values())

    def parse(self, row_number: int, values: tuple) -> tuple[ImportRow | None, list[str]]:
        problems: list[str] = []

        def get(name: str) -> object:
            i = self.columns.get(name)
            return values[i] if i is not None and i < len(values) else None

        def text(name: str, required: bool = False) -> str:
            s = _text(get(name))
            if required and not s:
                problems.append(f"缺少{name}")
            limit = _LIMITS.get(name)
            if limit and len(s) > limit:
                problems.append(f"{name}过长（{len(s)} 字，最多 {limit} 字）")
            return s

        def date_of(name: str, parse=parse_date, required: bool = False):
            v = get(name)
            if _blank(v) or (isinstance(v, str) and _nfkc(v) in _BLANK_MARKS):
                if required:
                    problems.append(f"缺少{name}")
                return None
            try:
                d = parse(v)
            except ValueError:
                problems.append(f"{name}“{_show(v)}”不是有效的日期")
                return None
            if not _MIN_YEAR <= d.year <= _MAX_YEAR:
                problems.append(f"{name}“{_show(v)}”超出合理范围（{_MIN_YEAR}–{_MAX_YEAR} 年）")
                return None
            return d

        def choice(name: str, allowed: tuple[str, ...], aliases: dict[str, str]) -> str:
            s = _nfkc(get(name))
            if name == "密级":
                s = re.split(r"[★*]", s, maxsplit=1)[0].strip()  # 机密★5年: the level only
            if not s:
                return DEFAULTS[name]
            s = aliases.get(s, s)
            if s not in allowed:
                problems.append(f"{name}“{_show(get(name))}”不在可选范围（{'/'.join(allowed)}）内")
            return s

        def count(name: str, default: int) -> int:
            v = get(name)
            if _blank(v) or (isinstance(v, str) and _nfkc(v) in _BLANK_MARKS):
                return default
            n: int | None = None
            if isinstance(v, bool):
                n = None
            elif isinstance(v, int):
                n = v
            elif isinstance(v, float) and v.is_integer():
                n = int(v)
            elif isinstance(v, str):
                s = re.sub(r"[份页张件]$", "", _nfkc(v)).strip()
                if re.fullmatch(r"-?\d+", s, re.ASCII):
                    n = int(s)
            if n is None or n < 0:
                problems.append(f"{name}“{_show(v)}”应为不小于 0 的整数")
                return default
            return n

        received = date_of("收文日期", parse_datetime, required=True)
        sender = text("来文单位", required=True)
        sender_doc_no = text("来文字号")
        title = text("文件标题", required=True)
        doc_type = choice("文种", DOC_TYPES, _DOC_TYPE_ALIASES)
        secrecy = choice("密级", SECRECY_LEVELS, _SECRECY_ALIASES)
        urgency = choice("紧急程度", URGENCY_LEVELS, _URGENCY_ALIASES)
        copies = count("份数", 1)
        pages = count("页数", 0)
        deadline = date_of("办理时限")
        proposal = text("拟办意见")
        completed_on = date_of("办结日期")
        archived_on = date_of("归档日期")
        archive_volume = text("归档卷号")
        archive_item = text("归档件号")
        result = text("办理结果")
        remarks = text("备注")

        number = None
        raw_number = get("收文编号")
        if not _blank(raw_number):
            try:
                number = _parse_number(raw_number, self.fmt, received.year if received else None)
            except ValueError as exc:
                problems.append(str(exc))
            else:
                first = self.seen_numbers.setdefault(number, row_number)
                if first != row_number:
                    problems.append(f"收文编号“{self.fmt.format(*number)}”与第 {first} 行重复")

        departments, dept_problem = parse_departments(_text(get("承办科室")))
        if dept_problem:
            problems.append(dept_problem)

        if received and completed_on and completed_on < received.date():
            problems.append(
                f"办结日期 {completed_on.isoformat()} 早于收文日期 {received.date().isoformat()}"
            )

        cancelled_at, cancel_reason = None, ""
        first_line, _, rest = remarks.partition("\n")
        m = _CANCEL_MARK.fullmatch(first_line)
        if m and received:
            when = None
            with contextlib.suppress(ValueError):
                when = parse_datetime(m["date"].strip()) if m["date"] and m["date"].strip() else None
            cancelled_at = when or received
            cancel_reason = m["reason"].strip()
            remarks = rest

        def listed(name: str, read) -> list:
            try:
                return read(_text(get(name)))
            except ValueError as exc:  # a bad date inside says which column it is in
                problems.append(str(exc) if str(exc).startswith(name) else f"{name}：{exc}")
                return []

        for_reading_only, reviewed_by, reviewed_at = False, "", None
        try:
            for_reading_only = parse_yes_no(get("阅知件"), "阅知件")
        except ValueError as exc:
            problems.append(str(exc))
        circulations = listed("传阅", parse_circulations)
        reminders = listed("催办", parse_reminders)
        if received:
            try:
                reviewed_by, reviewed_at = parse_review(get("初审"), received)
            except ValueError as exc:
                problems.append(f"初审：{exc}")
            if len(reviewed_by) > 50:
                problems.append(f"初审人过长：{_show(reviewed_by)}")
            early = [r for r, handed, _ in circulations if handed < received]
            if early:
                problems.append(f"传阅给{early[0]}的时间早于收文日期")

        if problems or received is None:
            return None, problems
        instructions = parse_instructions(_text(get("领导批示")), received.date())
        return ImportRow(
            row_number=row_number, number=number, received_at=received, sender=sender,
            sender_doc_no=sender_doc_no, title=title, doc_type=doc_type, secrecy=secrecy,
            urgency=urgency, copies=copies, pages=pages, deadline=deadline, proposal=proposal,
            instructions=instructions, departments=departments, result=result,
            completed_on=completed_on, archive_volume=archive_volume, archive_item=archive_item,
            archived_on=archived_on, remarks=remarks, cancelled_at=cancelled_at,
            cancel_reason=cancel_reason, for_reading_only=for_reading_only,
            reviewed_by=reviewed_by, reviewed_at=reviewed_at, circulations=circulations,
            reminders=reminders,
        ), []


# --- reading ----------------------------------------------------------------------------------


def _fields_in(row: tuple, mapping: Mapping[str, str]) -> int:
    """How many register columns a row names (to find the header row)."""
    return len({_resolve(_text(cell), mapping) for cell in row if not _blank(cell)} - {None, _IGNORE})


def read_incoming_xlsx(
    path: Path | str,
    mapping: Mapping[str, str] | None = None,
    *,
    number_format: NumberFormat | None = None,
) -> ImportPreview:
    """Read and check a register workbook without touching the database.

    ``mapping`` maps a header text found in the file to a register column (one of
    HEADERS), or to "" to leave that column out. ``number_format`` is the database's
    收文编号 format (services.numbering.incoming_number_format); numbers already in the
    database are checked by check_against_database(). Raises ServiceError when the
    file itself cannot be used (not an .xlsx, damaged, password-protected, no header).
    """
    path = Path(path)
    mapping = dict(mapping or {})
    _check_mapping(mapping)
    fmt = number_format or NumberFormat(DEFAULT_INCOMING_FORMAT)
    wb, fh = _open_workbook(path)
    try:
        sheets = _candidate_sheets(wb)
        if not sheets:
            raise ServiceError(f"“{path.name}”中没有工作表。")
        for ws in sheets:
            rows = _sheet_rows(ws, path.name)
            best: tuple[int, int, tuple] | None = None  # (fields found, row number, cells)
            for row_number in range(1, HEADER_SEARCH_ROWS + 1):
                row = next(rows, None)
                if row is None:
                    break
                found = _fields_in(row, mapping)
                if found >= 2 and (best is None or found > best[0]):
                    best = (found, row_number, row)
            if best is None:
                continue
            _, header_row, header_cells = best
            # Rows after the header may have been consumed by the search: reread from row 1.
            rows = _sheet_rows(ws, path.name)
            for _ in range(header_row):
                next(rows)
            return _read_sheet(ws.title, header_row, header_cells, rows, mapping, fmt)
        raise ServiceError(
            f"在“{path.name}”每个工作表的前 {HEADER_SEARCH_ROWS} 行中都没有找到表头行。"
            "表头应包含“收文日期”“来文单位”“文件标题”等列名。"
        )
    finally:
        wb.close()
        fh.close()


def _read_sheet(
    sheet: str,
    header_row: int,
    header_cells: tuple,
    rows: Iterator[tuple],
    mapping: Mapping[str, str],
    fmt: NumberFormat,
) -> ImportPreview:
    preview = ImportPreview(sheet=sheet, header_row=header_row)
    columns: dict[str, int] = {}
    for i, cell in enumerate(header_cells):
        if _blank(cell):
            continue
        h = _text(cell)
        preview.headers.append(h)
        target = _resolve(h, mapping)
        if target is None:
            preview.unknown_headers.append(h)
        elif target == _IGNORE:
            continue
        elif target in columns:
            preview.duplicate_headers.append(h)
        else:
            columns[target] = i
            preview.matched[h] = target
    preview.missing_required = [h for h in REQUIRED if h not in columns]
    if preview.missing_required:
        return preview
    parser = _RowParser(columns, fmt)
    for row_number, values in enumerate(rows, start=header_row + 1):
        if parser.is_empty(values):
            continue
        parsed, problems = parser.parse(row_number, values)
        if parsed is None:
            preview.errors.append((row_number, "；".join(problems)))
        else:
            preview.rows.append(parsed)
    return preview


def check_against_database(session: Session, preview: ImportPreview, fmt: NumberFormat) -> None:
    """Move rows whose 收文编号 is already in the database to the errors."""
    years = {r.number[0] for r in preview.rows if r.number}
    if not years:
        return
    stmt = select(D.year, D.seq).where(D.year.in_(sorted(years)))
    existing = {(year, seq) for year, seq in session.execute(stmt)}
    keep = []
    for r in preview.rows:
        if r.number and r.number in existing:
            preview.errors.append((r.row_number, f"收文编号“{fmt.format(*r.number)}”在数据库中已存在"))
        else:
            keep.append(r)
    preview.rows = keep
    preview.errors.sort(key=lambda e: e[0])


def preview_incoming_xlsx(
    session: Session, path: Path | str, mapping: Mapping[str, str] | None = None
) -> ImportPreview:
    """read_incoming_xlsx() with the database's number format and numbers checked against it."""
    fmt = incoming_number_format(session)
    preview = read_incoming_xlsx(path, mapping, number_format=fmt)
    check_against_database(session, preview, fmt)
    return preview


def _error_summary(errors: list[tuple[int, str]]) -> str:
    lines = [f"第 {row} 行：{msg}" for row, msg in errors[:MAX_LISTED_ERRORS]]
    if len(errors) > MAX_LISTED_ERRORS:
        lines.append(f"……另有 {len(errors) - MAX_LISTED_ERRORS} 行有错误未列出。")
    return (
        f"文件中有 {len(errors)} 行有错误，未导入任何数据：\n" + "\n".join(lines)
        + "\n请修改后重新导入，或选择跳过有错误的行。"
    )


# --- import -----------------------------------------------------------------------------------


def _assign_numbers(session: Session, rows: list[ImportRow]) -> list[tuple[int, int]]:
    """Numbers for every row: the file's own, else the next after the year's highest."""
    years = {r.received_at.year for r in rows if r.number is None}
    next_seq: dict[int, int] = {}
    if years:
        for year, top in session.execute(
            select(D.year, func.max(D.seq)).where(D.year.in_(sorted(years))).group_by(D.year)
        ):
            next_seq[year] = top
        for r in rows:
            if r.number and r.number[0] in years:
                next_seq[r.number[0]] = max(next_seq.get(r.number[0], 0), r.number[1])
    numbers: dict[int, tuple[int, int]] = {}
    for r in sorted((r for r in rows if r.number is None), key=lambda r: (r.received_at, r.row_number)):
        year = r.received_at.year
        next_seq[year] = next_seq.get(year, 0) + 1
        numbers[r.row_number] = (year, next_seq[year])
    return [r.number or numbers[r.row_number] for r in rows]


def import_incoming_xlsx(
    session: Session,
    path: Path | str,
    actor: str,
    *,
    mapping: Mapping[str, str] | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a register workbook in the caller's write transaction; all or nothing.

    With a bad row and ``skip_bad_rows`` False, raises ServiceError listing the first
    errors and imports nothing; with it True the good rows are imported and the bad
    ones reported in ``skipped``. Missing, unknown or doubled columns always refuse.
    """
    path = Path(path)
    preview = preview_incoming_xlsx(session, path, mapping)
    problems = preview.structure_problems
    if problems:
        raise ServiceError(f"无法导入“{path.name}”：" + "".join(problems), field="mapping")
    if preview.errors and not skip_bad_rows:
        raise ServiceError(_error_summary(preview.errors))
    if not preview.rows:
        if preview.errors:
            raise ServiceError(_error_summary(preview.errors))
        raise ServiceError(f"“{path.name}”中没有可导入的收文。")

    rows = preview.rows
    numbers = _assign_numbers(session, rows)
    fmt = incoming_number_format(session)
    now = dt.datetime.now().replace(microsecond=0)
    total = len(rows)
    ids: list[int] = []
    for start in range(0, total, BATCH):
        part = rows[start : start + BATCH]
        docs, instructions, assignments, circulations, reminders, events, bodies = [], [], [], [], [], [], []
        for r, number in zip(part, numbers[start : start + BATCH], strict=True):
            values, body = _document_values(r, number, actor, now, fmt)
            docs.append(values)
            bodies.append(body)
        new_ids = list(session.scalars(_DOC_INSERT, docs))
        for doc_id, r in zip(new_ids, part, strict=True):
            instructions += [
                {"document_id": doc_id, **v} for v in _instruction_values(r, actor, now)
            ]
            assignments += [{"document_id": doc_id, **v} for v in _assignment_values(r)]
            circulations += [{"document_id": doc_id, **v} for v in _circulation_values(r)]
            reminders += [{"document_id": doc_id, **v} for v in _reminder_values(r)]
            events.append({
                "document_id": doc_id, "action": "导入", "actor": actor, "at": now,
                "detail": f"从“{path.name}”第 {r.row_number} 行导入",
            })
        for model, values in (
            (IncomingInstruction, instructions), (IncomingAssignment, assignments),
            (IncomingCirculation, circulations), (IncomingReminder, reminders), (IncomingEvent, events),
        ):
            if values:  # Core executemany on the table: no ORM bookkeeping per row
                session.execute(insert(model.__table__), values)
        # write_bodies deletes first: a reused rowid must not keep old text
        write_bodies(session, dict(zip(new_ids, bodies, strict=True)))
        ids.extend(new_ids)
        if progress:
            progress(len(ids), total)
    return ImportResult(imported=len(ids), skipped=list(preview.errors), ids=ids)


_DOC_INSERT = insert(D.__table__).returning(D.__table__.c.id, sort_by_parameter_order=True)


def _instruction_values(r: ImportRow, actor: str, now: dt.datetime) -> list[dict]:
    return [
        {"leader": leader, "text": body, "instructed_on": when, "recorded_by": actor, "recorded_at": now}
        for leader, body, when in r.instructions
    ]


def _assignment_values(r: ImportRow) -> list[dict]:
    return [
        {"department": dept, "is_lead": lead, "opinion": "", "assigned_on": r.received_at.date(),
         "assigned_by": ""}
        for dept, lead in r.departments
    ]


def _circulation_values(r: ImportRow) -> list[dict]:
    return [{"reader": reader, "handed_at": handed, "returned_at": returned}
            for reader, handed, returned in r.circulations]


def _reminder_values(r: ImportRow) -> list[dict]:
    return [{"reminded_at": at, "method": method, "reminded_by": by, "note": note}
            for at, method, by, note in r.reminders]


def _document_values(
    r: ImportRow, number: tuple[int, int], actor: str, now: dt.datetime, fmt: NumberFormat
) -> tuple[dict, str]:
    """The row to insert (its step included) and its search body.

    Step and body come from the same code as for documents entered by hand
    (steps.refresh_step, index.document_body), run on a transient document that is
    never added to the session: nothing has to be loaded back after a bulk insert.
    """
    values = {
        "year": number[0], "seq": number[1], "received_at": r.received_at, "sender": r.sender,
        "sender_doc_no": r.sender_doc_no, "title": r.title, "doc_type": r.doc_type,
        "secrecy": r.secrecy, "urgency": r.urgency, "copies": r.copies, "pages": r.pages,
        "deadline": r.deadline, "for_reading_only": r.for_reading_only, "reviewed_at": r.reviewed_at,
        "reviewed_by": r.reviewed_by,
        "proposal": r.proposal, "proposed_by": "", "proposed_at": None,
        "result": r.result, "completed_on": r.completed_on, "archived_on": r.archived_on,
        "archive_volume": r.archive_volume, "archive_item": r.archive_item, "remarks": r.remarks,
        "cancelled_at": r.cancelled_at, "cancel_reason": r.cancel_reason,
        "registered_by": actor, "created_at": now, "updated_at": now,
    }
    doc = D(**values)
    doc.instructions = [IncomingInstruction(**v) for v in _instruction_values(r, actor, now)]
    doc.assignments = [IncomingAssignment(**v) for v in _assignment_values(r)]
    doc.circulations = [IncomingCirculation(**v) for v in _circulation_values(r)]
    doc.reminders = [IncomingReminder(**v) for v in _reminder_values(r)]
    values["step"] = refresh_step(doc)
    return values, document_body(doc, (), fmt.format(*number))


# --- export -----------------------------------------------------------------------------------


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _by_document(session: Session, chunk: list[int], model: type, *fields: str) -> dict[int, list[tuple]]:
    """A child table's rows for these documents, as tuples of ``fields``, in entry order."""
    cols = [getattr(model, f) for f in fields]
    grouped: dict[int, list[tuple]] = {}
    for doc_id, *values in session.execute(
        select(model.document_id, *cols).where(model.document_id.in_(chunk)).order_by(model.document_id, model.id)
    ):
        grouped.setdefault(doc_id, []).append(tuple(values))
    return grouped


def _register_rows(session: Session, ids: Sequence[int], fmt: NumberFormat) -> Iterator[list]:
    """The register's values for these ids, in HEADERS order and in the ids' order."""
    doc_cols = (
        D.id, D.year, D.seq, D.received_at, D.sender, D.sender_doc_no, D.title, D.doc_type,
        D.secrecy, D.urgency, D.copies, D.pages, D.deadline, D.for_reading_only, D.reviewed_by,
        D.reviewed_at, D.proposal, D.result,
        D.completed_on, D.archive_volume, D.archive_item, D.archived_on, D.remarks,
        D.cancelled_at, D.cancel_reason,
    )
    for chunk in _chunks(ids, BATCH):
        docs = {r.id: r for r in session.execute(select(*doc_cols).where(D.id.in_(chunk)))}
        instructions = _by_document(session, chunk, IncomingInstruction, "leader", "text", "instructed_on")
        departments = _by_document(session, chunk, IncomingAssignment, "department", "is_lead")
        circulations = _by_document(session, chunk, IncomingCirculation, "reader", "handed_at", "returned_at")
        reminders = _by_document(session, chunk, IncomingReminder, "reminded_at", "method", "reminded_by", "note")
        for doc_id in chunk:
            d = docs.get(doc_id)
            if d is None:
                continue
            remarks = d.remarks or ""
            if d.cancelled_at is not None:
                mark = f"【作废 {d.cancelled_at.strftime('%Y-%m-%d %H:%M')}】{d.cancel_reason or ''}"
                remarks = mark + ("\n" + remarks if remarks else "")
            yield [
                fmt.format(d.year, d.seq), d.received_at, d.sender, d.sender_doc_no, d.title,
                d.doc_type, d.secrecy, d.urgency, d.copies, d.pages, d.deadline,
                "是" if d.for_reading_only else "", format_review(d.reviewed_by or "", d.reviewed_at),
                d.proposal, format_instructions(instructions.get(doc_id, [])),
                format_departments(departments.get(doc_id, [])),
                format_circulations(circulations.get(doc_id, [])),
                format_reminders(reminders.get(doc_id, [])),
                d.result, d.completed_on, d.archive_volume, d.archive_item, d.archived_on, remarks,
            ]


def export_incoming_xlsx(
    session: Session,
    filt: IncomingFilter,
    out: Path | str,
    progress: Progress | None = None,
) -> int:
    """Write the documents matching ``filt`` to ``out`` as a register, by number; returns the count.

    ``progress(done, total)`` is called after each batch; returning False cancels
    (ServiceError, no file written). The file is written beside ``out`` and moved
    into place, so a failed export never leaves half a file.
    """
    out = Path(out)
    fmt = incoming_number_format(session)
    ids = list_ids(session, filt, sort_key="number", descending=False)
    total = len(ids)

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    for i, h in enumerate(HEADERS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = COLUMN_WIDTHS[h]
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    thin = Side(style="thin", color="999999")
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_border = Border(top=thin, bottom=thin, left=thin, right=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    def header_cell(text: str) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=text)
        c.font, c.fill, c.alignment, c.border = header_font, header_fill, header_align, header_border
        return c

    def value_cell(value: object) -> object:
        if isinstance(value, dt.datetime):
            c = WriteOnlyCell(ws, value=value if value.time() != dt.time.min else value.date())
            c.number_format = _DATETIME_FORMAT if value.time() != dt.time.min else _DATE_FORMAT
            return c
        if isinstance(value, dt.date):
            c = WriteOnlyCell(ws, value=value)
            c.number_format = _DATE_FORMAT
            return c
        if isinstance(value, str) and "\n" in value:
            c = WriteOnlyCell(ws, value=value)
            c.alignment = wrap
            return c
        if value == "" or value is None:
            return None
        return value

    ws.append([header_cell(h) for h in HEADERS])
    done = 0
    cancelled = False
    for values in _register_rows(session, ids, fmt):
        ws.append([value_cell(v) for v in values])
        done += 1
        if progress and (done % BATCH == 0 or done == total) and progress(done, total) is False:
            cancelled = True
            break
    if progress and total == 0:
        progress(0, 0)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{done + 1}"

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=".xlsx", dir=out.parent)
    except OSError as exc:
        raise ServiceError(f"无法在“{out.parent}”中写入文件：{exc.strerror or exc}。") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        wb.save(tmp)  # also when cancelled: saving is what releases the write-only sheet
        if cancelled:
            raise ServiceError("已取消导出，未生成文件。")
        os.replace(tmp, out)
    except OSError as exc:
        raise ServiceError(
            f"无法写入“{out.name}”：{exc.strerror or exc}。如果该文件正在 Excel 中打开，请先关闭。"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return done
