"""Register numbers in display form, derived from the stored parts and a format per kind.

Every register kind stores its number as parts (收文 and 督办: year + seq; 发文: 代字 +
year + seq) and shows it through a str.format pattern kept in ``settings``, so the
office can change how numbers look without renumbering anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.services.errors import ServiceError

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class FormatSpec:
    """How one kind's numbers are shown: the setting that holds the pattern, its default,
    and the parts a pattern must contain besides {seq}."""

    setting_key: str
    default: str
    parts: tuple[str, ...]


FORMATS: dict[str, FormatSpec] = {
    "incoming": FormatSpec("incoming.number_format", "收〔{year}〕{seq:04d}", ("year",)),
    # GB/T 9704-2012 7.2.4: 机关代字 + 〔年份〕 + 顺序号, no leading zeros, no 第.
    "outgoing": FormatSpec("outgoing.number_format", "{code}〔{year}〕{seq}号", ("code", "year")),
    "supervision": FormatSpec("supervision.number_format", "督〔{year}〕{seq}号", ("year",)),
}

INCOMING_FORMAT_KEY = FORMATS["incoming"].setting_key
DEFAULT_INCOMING_FORMAT = FORMATS["incoming"].default

_SEQ = re.compile(r"\{seq(?::[^}]*)?\}")


@dataclass(frozen=True)
class NumberParts:
    """A number read back from its display form."""

    year: int
    seq: int
    code: str = ""


@dataclass(frozen=True)
class NumberFormat:
    """A str.format pattern over {year}, {seq} and, for 发文, {code}; e.g. 收〔{year}〕{seq:04d}."""

    pattern: str

    def format(self, year: int, seq: int, code: str = "") -> str:
        return self.pattern.format(year=year, seq=seq, code=code)

    def parse_parts(self, text: str) -> NumberParts:
        """The parts of a displayed number; raises ServiceError if it does not fit."""
        regex = re.escape(self.pattern)
        regex = regex.replace(re.escape("{year}"), r"(?P<year>\d{4})")
        regex = regex.replace(re.escape("{code}"), r"(?P<code>.+?)")
        regex = re.sub(r"\\\{seq(?::[^}]*)?\\\}", r"(?P<seq>\\d+)", regex)
        m = re.fullmatch(regex, text.strip())
        if not m:
            example = self.format(2026, 1, "院发")
            raise ServiceError(f"编号“{text}”不符合格式“{example}”。", field="number")
        return NumberParts(int(m["year"]), int(m["seq"]), m.groupdict().get("code") or "")

    def parse(self, text: str) -> tuple[int, int]:
        """(year, seq) from a displayed number; raises ServiceError if it does not fit."""
        parts = self.parse_parts(text)
        return parts.year, parts.seq


def _spec(kind: str) -> FormatSpec:
    try:
        return FORMATS[kind]
    except KeyError:
        raise ValueError(f"no number format for record kind {kind!r}") from None


def validate_pattern(pattern: str, kind: str = "incoming") -> NumberFormat:
    spec = _spec(kind)
    missing = [p for p in spec.parts if "{" + p + "}" not in pattern]
    if missing or not _SEQ.search(pattern):
        needed = "、".join("{" + p + "}" for p in spec.parts)
        raise ServiceError(f"编号格式必须包含 {needed} 和 {{seq}}，例如 {spec.default}。", field="format")
    try:
        pattern.format(year=2026, seq=1, code="院发")
    except (ValueError, KeyError, IndexError) as exc:
        raise ServiceError(f"编号格式无效：{exc}", field="format") from exc
    return NumberFormat(pattern)


def number_format(session: Session, kind: str) -> NumberFormat:
    """The display format of ``kind`` ("incoming", "outgoing", "supervision")."""
    from db.models import Setting

    spec = _spec(kind)
    row = session.get(Setting, spec.setting_key)
    return NumberFormat(row.value if row else spec.default)


def number_format_raw(conn: sqlite3.Connection, kind: str) -> NumberFormat:
    """Same, on a DBAPI sqlite3 connection (the registers' read path, no ORM)."""
    spec = _spec(kind)
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (spec.setting_key,)).fetchone()
    return NumberFormat(row[0] if row else spec.default)


def store_number_format(session: Session, kind: str, pattern: str) -> NumberFormat | None:
    """Validate and store ``kind``'s pattern; the new format, or None if it did not change.

    The caller refreshes whatever holds numbers in display form (the search index).
    """
    from db.models import Setting

    fmt = validate_pattern(pattern.strip(), kind)
    key = _spec(kind).setting_key
    row = session.get(Setting, key)
    if row is not None and row.value == fmt.pattern:
        return None
    if row is None:
        session.add(Setting(key=key, value=fmt.pattern))
    else:
        row.value = fmt.pattern
    session.flush()
    return fmt


def incoming_number_format(session: Session) -> NumberFormat:
    return number_format(session, "incoming")


def incoming_number_format_raw(conn: sqlite3.Connection) -> NumberFormat:
    return number_format_raw(conn, "incoming")
