"""A register's fields, declared once: the form's validation, Excel import and export read them.

Each register kind (收文, 发文, 督办) lists its fields as ``Field`` values in its own
``fields.py``; nothing else spells out a label, a length limit, the allowed choices or
an Excel header. The checks here give the Chinese messages the forms show, naming the
field, so every register says the same thing the same way. Qt-free.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.services.errors import ServiceError

# Kinds of value. "custom" fields (a 收文编号, lists of instructions …) are parsed by the
# register's own code; the others by the shared cell readers (services.xlsx_cells).
TEXT, INT, DATE, DATETIME, CHOICE, BOOL, CUSTOM = "text", "int", "date", "datetime", "choice", "bool", "custom"


@dataclass(frozen=True)
class Field:
    name: str  # attribute name in the register's dataclasses and table
    label: str  # the office's word: form label, Excel header, printed column title
    kind: str = TEXT
    limit: int | None = None  # most characters a text may have
    required: bool = False
    choices: tuple[str, ...] = ()
    default: Any = None  # what a blank Excel cell means
    minimum: int | None = None  # least value of an INT
    synonyms: tuple[str, ...] = ()  # other headers offices give the column
    aliases: Mapping[str, str] = field(default_factory=dict)  # other words for a choice (Excel)
    width: float = 10  # Excel export column width, characters
    # Cleans a text before its length is checked (e.g. 来文字号's normal form).
    normalise: Callable[[str], str] | None = None
    # Cleans an Excel cell before a choice is matched (e.g. 机密★5年 → 机密).
    excel_clean: Callable[[str], str] | None = None


class Fields:
    """A register's fields in column order, looked up by name or by label."""

    def __init__(self, fields: Iterable[Field]) -> None:
        self.all: tuple[Field, ...] = tuple(fields)
        self._by_name = {f.name: f for f in self.all}
        self._by_label = {f.label: f for f in self.all}
        if len(self._by_name) != len(self.all) or len(self._by_label) != len(self.all):
            raise ValueError("field names and labels must be unique")

    def __getitem__(self, name: str) -> Field:
        return self._by_name[name]

    def __iter__(self):
        return iter(self.all)

    def by_label(self, label: str) -> Field | None:
        return self._by_label.get(label)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(f.label for f in self.all)

    @property
    def required_labels(self) -> tuple[str, ...]:
        return tuple(f.label for f in self.all if f.required)

    def label_of(self, name: str) -> str:
        return self._by_name[name].label

    def check(self, values: Mapping[str, Any] | Any, names: Iterable[str]) -> None:
        """Raise ServiceError for the first of ``names`` whose value breaks its field's rule.

        ``values`` is a mapping or an object with the fields as attributes (a form's input).
        """
        for name in names:
            value = values[name] if isinstance(values, Mapping) else getattr(values, name)
            problem = check_value(self._by_name[name], value)
            if problem:
                raise ServiceError(problem + "。", field=name)


# --- the checks, one per kind -------------------------------------------------------------


def text_problem(f: Field, value: str | None) -> str | None:
    text = (value or "").strip()
    if f.normalise is not None:
        text = f.normalise(text)
    if f.required and not text:
        return f"请填写{f.label}"
    if f.limit is not None and len(text) > f.limit:
        return f"{f.label}不能超过 {f.limit} 个字"
    return None


def choice_problem(f: Field, value: object) -> str | None:
    if value not in f.choices:
        return f"{f.label}须为：{'、'.join(f.choices)}"
    return None


def int_problem(f: Field, value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{f.label}应为整数"
    if f.minimum is not None and value < f.minimum:
        return f"{f.label}不能为负数" if f.minimum == 0 else f"{f.label}至少为 {f.minimum}"
    return None


def date_problem(f: Field, value: object) -> str | None:
    wanted = dt.datetime if f.kind == DATETIME else dt.date
    if isinstance(value, wanted):
        return None
    if f.required:
        return f"请填写{f.label}"
    return None if value is None else f"{f.label}不是有效的日期"


def check_value(f: Field, value: object) -> str | None:
    """The message (without the final 。) for a value that breaks ``f``'s rule, else None."""
    if f.kind == TEXT:
        return text_problem(f, value)  # type: ignore[arg-type]
    if f.kind == CHOICE:
        return choice_problem(f, value)
    if f.kind == INT:
        return int_problem(f, value)
    if f.kind in (DATE, DATETIME):
        return date_problem(f, value)
    return None
