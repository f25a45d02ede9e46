"""The 办理记录 sheet: every document's history (events), one row per event, by 收文编号.

Export writes it after the register (export_rows); import reads it back into each
row's events (xlsx_import), so 登记 → 初审 → … → 归档 with who and when survives the
round trip. The 批示 and 承办 events also tell who typed each 领导批示 in and when, and
who handed the document to each department on which day (instruction_stamps,
assignment_stamps). A register kept by hand has no such sheet and imports as before.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from desktop.services import xlsx_cells as cells
from desktop.services.dates import parse_datetime
from desktop.services.incoming.xlsx_text import parse_number
from desktop.services.numbering import NumberFormat

HISTORY_SHEET = "办理记录"
HISTORY_HEADERS = ("收文编号", "时间", "操作", "经办人", "说明")
HISTORY_WIDTHS = (14, 19, 10, 10, 60)
_REQUIRED = ("收文编号", "时间", "操作")
_LIMITS = {"操作": 20, "经办人": 50}
MAX_LISTED = 5

Event = tuple[str, str, dt.datetime, str]  # action, actor, at, detail


@dataclass
class History:
    """What the 办理记录 sheet holds, and what is wrong with it."""

    events: dict[tuple[int, int], list[Event]] = field(default_factory=dict)  # by (year, seq)
    row_problems: dict[tuple[int, int], list[str]] = field(default_factory=dict)  # by (year, seq)
    problems: list[str] = field(default_factory=list)  # stop the import: columns, unknown numbers


def read_history(rows: Iterator[tuple], fmt: NumberFormat, known: set[tuple[int, int]]) -> History:
    """Events from the sheet's rows (row 1 the header); ``known`` are the register's numbers.

    A bad event makes its document a bad row (skippable); an event whose 收文编号 is not
    in the register, or a sheet without the columns, stops the import: history that
    belongs nowhere is never dropped silently.
    """
    history = History()
    header = next(rows, None)
    columns = {cells.normalise_header(cells.text(h)): i for i, h in enumerate(header or ()) if not cells.blank(h)}
    missing = [h for h in _REQUIRED if h not in columns]
    if missing:
        history.problems.append(f"工作表“{HISTORY_SHEET}”缺少列：{'、'.join(missing)}。")
        return history
    orphans: list[int] = []
    for row_number, values in enumerate(rows, start=2):
        cell = {h: values[i] if i < len(values) else None for h, i in columns.items()}
        if all(cells.blank(v) for v in cell.values()):
            continue
        try:
            number = parse_number(cell["收文编号"], fmt, None)
        except ValueError as exc:
            history.problems.append(f"{HISTORY_SHEET}第 {row_number} 行：{exc}。")
            continue
        if number not in known:
            orphans.append(row_number)
            continue
        event, problem = _event(cell)
        if problem:
            history.row_problems.setdefault(number, []).append(f"{HISTORY_SHEET}第 {row_number} 行：{problem}")
        elif event:
            history.events.setdefault(number, []).append(event)
    if orphans:
        listed = "、".join(str(r) for r in orphans[:MAX_LISTED]) + ("……" if len(orphans) > MAX_LISTED else "")
        history.problems.append(
            f"{HISTORY_SHEET}中有 {len(orphans)} 行的收文编号不在登记簿中（第 {listed} 行）。"
        )
    return history


def _event(cell: dict[str, object]) -> tuple[Event | None, str | None]:
    raw_at = cell["时间"]
    try:
        at = parse_datetime(raw_at)
    except ValueError:
        return None, f"时间“{cells.show(raw_at)}”不是有效的日期时间"
    texts = {h: cells.text(cell.get(h)) for h in ("操作", "经办人", "说明")}
    if not texts["操作"]:
        return None, "缺少操作"
    for h, limit in _LIMITS.items():
        if len(texts[h]) > limit:
            return None, f"{h}过长（{len(texts[h])} 字，最多 {limit} 字）"
    return (texts["操作"], texts["经办人"], at, texts["说明"]), None


def instruction_stamps(events: Sequence[Event], count: int, fallback: tuple[str, dt.datetime]) -> list[tuple[str, dt.datetime]]:
    """Who typed each of a document's ``count`` 领导批示 in, and when, from its history.

    Instructions are only ever added, each with a 批示 event of the same actor and time
    (workflow.add_instruction); those an earlier import brought in without a history were
    stamped with that import. So the last instruction takes the last 批示 event, the one
    before it the one before, and so on; any left over (the earliest) take the first 导入
    event, or ``fallback`` (this import) when the history has none.
    """
    marks = [(actor, at) for action, actor, at, _ in events if action == "批示"][-count:] if count else []
    imported = next(((actor, at) for action, actor, at, _ in events if action == "导入"), fallback)
    return [imported] * (count - len(marks)) + marks


_ASSIGN_ROLE = re.compile(r"^\s*(?:主办|协办)\s*[:：]")


def assignment_stamps(events: Sequence[Event]) -> dict[str, tuple[str, dt.date]]:
    """Who handed the document to each department, and on which day, from its 承办 events.

    Each 承办 event names the whole new set of departments ("主办：医务科；协办：护理部",
    or "医务科、护理部"); a department kept from the set before keeps its stamp, one new to
    the set takes the event's actor and day (workflow.assign_departments). A department
    no 承办 event names is not in the result.
    """
    current: dict[str, tuple[str, dt.date]] = {}
    for action, actor, at, detail in events:
        if action == "承办":
            current = {name: current.get(name, (actor, at.date())) for name in _named_departments(detail)}
    return current


def _named_departments(detail: str) -> list[str]:
    names = []
    for part in re.split(r"[;；\n]", detail):
        names += [n.strip() for n in _ASSIGN_ROLE.sub("", part).split("、") if n.strip()]
    return names
