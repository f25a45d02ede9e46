"""The 收文 register's composite columns as text: 初审, 领导批示, 承办科室(意见), 传阅, 催办, 收文编号.

Each column has a format_*() that export writes and a parse_*() that import reads back,
so an exported register imports whole; the parsers also take what offices type by hand.
Qt-free, no database.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from desktop.services.dates import parse_date, parse_datetime
from desktop.services.errors import ServiceError
from desktop.services.numbering import NumberFormat
from desktop.services.xlsx_cells import blank, nfkc, show
from desktop.services.xlsx_cells import text as cell_text

LEAD_MARK = "（主办）"
ASSIST_MARK = "（协办）"
_LEADER_LINE = re.compile(r"(?P<leader>[^\s:：,，.。;；!！?？、()（）\[\]【】\"“”0-9]{1,12})[:：](?P<rest>.*)")
_TRAILING_DATE = re.compile(r"[(（](?P<date>[^()（）]{6,25})[)）]\s*$")
_DEPT_SPLIT = re.compile(r"[、,，;；/／\n]+")
_DEPT_MARK = re.compile(r"\s*[(（]\s*(?P<mark>主办|协办)\s*[)）]\s*$")
CANCEL_MARK = re.compile(r"【作废(?:\s*(?P<date>[^】]*))?】(?P<reason>.*)")


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


def stamp(when: dt.datetime) -> str:
    """A time as the register writes it: minutes, and seconds only when there are some."""
    return when.strftime("%Y-%m-%d %H:%M:%S" if when.second else "%Y-%m-%d %H:%M")


def format_review(by: str, at: dt.datetime | None) -> str:
    if at is None:
        return by
    return f"{by}（{stamp(at)}）" if by else stamp(at)


_PARENS_AT_END = re.compile(r"^(?P<head>.*?)\s*[(（](?P<inner>[^()（）]*)[)）]\s*$", re.S)


def parse_review(value: object, received: dt.datetime) -> tuple[str, dt.datetime | None]:
    """初审 → (who, when): "张三（2026-03-02 10:15）", a bare time, or a bare name (then the time of receipt)."""
    if blank(value):
        return "", None
    if isinstance(value, dt.date):
        return "", parse_datetime(value)
    text = cell_text(value)
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
        f"{reader}（送 {stamp(handed)}，{'退 ' + stamp(returned) if returned else '未退'}）"
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
            raise ValueError(f"传阅“{show(line)}”应写成“姓名（送 2026-03-02 10:00，退 2026-03-04 09:00）”")
        reader = m["reader"].strip()
        if len(reader) > 50:
            raise ValueError(f"传阅人姓名过长：{show(reader)}")
        handed = parse_datetime(m["handed"])
        returned = parse_datetime(m["returned"]) if m["returned"] else None
        if returned is not None and returned < handed:
            raise ValueError(f"传阅“{show(line)}”的退回时间早于送阅时间")
        out.append((reader, handed, returned))
    return out


def format_reminders(rows: Sequence[tuple[dt.datetime, str, str, str]]) -> str:
    lines = []
    for at, method, by, note in rows:
        line = f"{stamp(at)} {method}" + (f"（{by}）" if by else "")
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
            raise ValueError(f"催办“{show(line)}”应写成“2026-03-05 10:00 电话（经办人）：内容”")
        method = m["method"].strip() or "电话"
        by = (m["by"] or "").strip()
        if len(method) > 20 or len(by) > 50:
            raise ValueError(f"催办“{show(line)}”的方式或经办人过长")
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
        return [], f"承办科室名称过长：{show(too_long[0])}"
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


def format_opinions(opinions: Sequence[tuple[str, str]]) -> str:
    """承办科室意见: "医务科：已组织自查。" one department a line (an opinion may run on)."""
    return "\n".join(f"{dept}：{text}" for dept, text in opinions if text)


def parse_opinions(text: str, departments: Sequence[str]) -> dict[str, str]:
    """承办科室意见 text → {department: opinion}; every department must be one of 承办科室.

    A line "科室：…" naming one of ``departments`` starts its opinion; other lines
    continue the opinion above (opinions may have several lines).
    """
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.strip().splitlines():
        head, sep, rest = line.partition("：") if "：" in line else line.partition(":")
        if sep and head.strip() in departments:
            current = head.strip()
            out.setdefault(current, []).append(rest.strip())
        elif current is not None:
            out[current].append(line)
        elif line.strip():
            who = head.strip() if sep else show(line)
            raise ValueError(f"承办科室意见“{show(line)}”应写成“科室：意见”，且科室须在承办科室中（“{who}”不在）")
    return {dept: "\n".join(parts).strip() for dept, parts in out.items()}


def parse_number(value: object, fmt: NumberFormat, year: int | None) -> tuple[int, int]:
    """(year, seq) from the file's 收文编号; a bare integer takes the year of 收文日期."""
    if isinstance(value, bool):
        raise ValueError(f"收文编号“{show(value)}”无法识别")
    seq: int | None = None
    if isinstance(value, int):
        seq = value
    elif isinstance(value, float) and value.is_integer():
        seq = int(value)
    else:
        text = nfkc(value)
        if re.fullmatch(r"\d+", text, re.ASCII):
            seq = int(text)
        else:
            candidates = [cell_text(value), text]
            fixed = text.translate(str.maketrans("[【［]】］", "〔〔〔〕〕〕"))
            candidates.append(fixed)
            for candidate in candidates:
                try:
                    y, s = fmt.parse(candidate)
                except ServiceError:
                    continue
                if s <= 0:
                    raise ValueError(f"收文编号“{show(value)}”的序号必须大于 0")
                return y, s
            raise ValueError(
                f"收文编号“{show(value)}”不符合编号格式（例如 {fmt.format(year or 2026, 1)}）"
            )
    if seq <= 0:
        raise ValueError(f"收文编号“{show(value)}”的序号必须大于 0")
    if year is None:
        raise ValueError("收文编号只有序号时需要有效的收文日期来确定年份")
    return year, seq




def format_cancel_mark(when: dt.datetime, reason: str) -> str:
    """The first 备注 line of a cancelled document: "【作废 2026-03-02 10:00】原因"."""
    return f"【作废 {when.strftime('%Y-%m-%d %H:%M')}】{reason}"
