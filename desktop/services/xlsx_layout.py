"""Where a register sheet's header is, and which column holds which field (any register kind).

Offices' registers have a title row above the header, and often a two-level header:
办理情况 merged over 承办科室 and 办结日期, with the other headers merged down across
both rows (Excel keeps a merged cell's text in its top-left cell only). The two rows
are read as one: the lower row's text where it has one, else the upper row's. A
column with data but no header is named by its letter ("F列（无表头）") so that it can
be reported, and mapped like any unknown header.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.services import xlsx_cells as cells
from desktop.services.fields import Fields

HEADER_SEARCH_ROWS = 10


@dataclass
class Layout:
    header_row: int  # Excel row number of the (last) header row
    header_cells: tuple  # the header's text per column, two levels merged
    levels: int = 1


@dataclass
class Columns:
    """The header matched against the register's fields."""

    by_field: dict[str, int] = field(default_factory=dict)  # field name → column index
    headers: list[str] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)  # header text → field label
    unknown: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    unnamed: list[int] = field(default_factory=list)  # columns without a header: watched for data
    width: int = 0  # columns the header spans; data beyond them has no header either


def _names_only_fields(row: tuple, matcher: cells.HeaderMatcher) -> bool:
    """Every filled cell names a field (a header's second row, not a data row)."""
    filled = [cells.text(c) for c in row if not cells.blank(c)]
    return bool(filled) and all(matcher.resolve(h) not in (None, cells.IGNORE) for h in filled)


def _merge(upper: tuple, lower: tuple) -> tuple:
    width = max(len(upper), len(lower))
    up = tuple(upper) + (None,) * (width - len(upper))
    low = tuple(lower) + (None,) * (width - len(lower))
    return tuple(b if not cells.blank(b) else a for a, b in zip(up, low, strict=True))


def find_layout(rows: Sequence[tuple], matcher: cells.HeaderMatcher) -> Layout | None:
    """The header among the first rows: the row naming the most fields, with its second level."""
    best: tuple[int, int] | None = None  # (fields found, index)
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = matcher.fields_in(row)
        if found >= 2 and (best is None or found > best[0]):
            best = (found, i)
    if best is None:
        return None
    i = best[1]
    if i + 1 < len(rows) and _names_only_fields(rows[i + 1], matcher):
        return Layout(i + 2, _merge(rows[i], rows[i + 1]), levels=2)
    if i > 0:  # the best row may itself be the lower level, under group labels and merged headers
        merged = _merge(rows[i - 1], rows[i])
        if matcher.fields_in(merged) > best[0]:
            return Layout(i + 1, merged, levels=2)
    return Layout(i + 1, tuple(rows[i]))


def match_columns(header_cells: tuple, matcher: cells.HeaderMatcher, fields: Fields) -> Columns:
    out = Columns(width=len(header_cells))
    for i, cell in enumerate(header_cells):
        h = cells.text(cell) if not cells.blank(cell) else cells.blank_header(i)
        target = matcher.resolve(h)
        if cells.blank(cell) and target is None:
            out.unnamed.append(i)  # reported only if data turns up under it
            continue
        out.headers.append(h)
        if target is None:
            out.unknown.append(h)
        elif target == cells.IGNORE:
            continue
        elif fields.by_label(target).name in out.by_field:  # type: ignore[union-attr]
            out.duplicate.append(h)
        else:
            out.by_field[fields.by_label(target).name] = i  # type: ignore[union-attr]
            out.matched[h] = target
    found = {fields[name].label for name in out.by_field}
    out.missing_required = [h for h in fields.required_labels if h not in found]
    return out


def structure_problems(missing_required: list[str], unknown: list[str], duplicate: list[str],
                       unnamed_with_data: list[str]) -> list[str]:
    """Problems with the columns, in Chinese; they stop any import, even skipping bad rows."""
    problems = []
    if missing_required:
        problems.append("缺少必填列：" + "、".join(missing_required) + "。")
    if unknown:
        problems.append("以下列无法识别：" + "、".join(unknown) + "。请指定它们对应的登记簿字段，或选择不导入。")
    if duplicate:
        problems.append("以下列与前面的列对应同一字段：" + "、".join(duplicate) + "。请删除多余的列，或选择不导入。")
    if unnamed_with_data:
        problems.append("以下列有数据但没有表头：" + "、".join(unnamed_with_data)
                        + "。请在 Excel 中补上列名，或指定它们对应的登记簿字段，或选择不导入。")
    return problems


MAX_LISTED_ERRORS = 20


def error_summary(errors: list[tuple[int, str]], every_row_bad: bool = False) -> str:
    """The bad rows of a refused import, by Excel row number (the first MAX_LISTED_ERRORS)."""
    lines = [f"第 {row} 行：{msg}" for row, msg in errors[:MAX_LISTED_ERRORS]]
    if len(errors) > MAX_LISTED_ERRORS:
        lines.append(f"……另有 {len(errors) - MAX_LISTED_ERRORS} 行有错误未列出。")
    if every_row_bad:  # skipping was asked for, and would leave nothing
        return (f"所有 {len(errors)} 行都有错误，未导入任何数据：\n" + "\n".join(lines)
                + "\n请修改后重新导入。")
    return (
        f"文件中有 {len(errors)} 行有错误，未导入任何数据：\n" + "\n".join(lines)
        + "\n请修改后重新导入，或选择跳过有错误的行。"
    )
