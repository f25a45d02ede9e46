"""Register numbers in display form, derived from (year, seq) and a stored format."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.services.errors import ServiceError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

INCOMING_FORMAT_KEY = "incoming.number_format"
DEFAULT_INCOMING_FORMAT = "收〔{year}〕{seq:04d}"


@dataclass(frozen=True)
class NumberFormat:
    """A str.format pattern with {year} and {seq}, e.g. 收〔{year}〕{seq:04d}."""

    pattern: str

    def format(self, year: int, seq: int) -> str:
        return self.pattern.format(year=year, seq=seq)

    def parse(self, text: str) -> tuple[int, int]:
        """(year, seq) from a displayed number; raises ServiceError if it does not fit."""
        regex = re.escape(self.pattern)
        regex = re.sub(r"\\\{year\\\}", r"(?P<year>\\d{4})", regex)
        regex = re.sub(r"\\\{seq(?::[^}]*)?\\\}", r"(?P<seq>\\d+)", regex)
        m = re.fullmatch(regex, text.strip())
        if not m:
            raise ServiceError(f"编号“{text}”不符合格式“{self.format(2026, 1)}”。", field="number")
        return int(m["year"]), int(m["seq"])


def validate_pattern(pattern: str) -> NumberFormat:
    if "{year}" not in pattern or not re.search(r"\{seq(:[^}]*)?\}", pattern):
        raise ServiceError("编号格式必须包含 {year} 和 {seq}，例如 收〔{year}〕{seq:04d}。", field="format")
    try:
        pattern.format(year=2026, seq=1)
    except (ValueError, KeyError, IndexError) as exc:
        raise ServiceError(f"编号格式无效：{exc}", field="format") from exc
    return NumberFormat(pattern)


def incoming_number_format(session: Session) -> NumberFormat:
    from db.models import Setting

    row = session.get(Setting, INCOMING_FORMAT_KEY)
    return NumberFormat(row.value if row else DEFAULT_INCOMING_FORMAT)


def incoming_number_format_raw(conn) -> NumberFormat:
    """Same, on a DBAPI sqlite3 connection (the register's read path, no ORM)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (INCOMING_FORMAT_KEY,)).fetchone()
    return NumberFormat(row[0] if row else DEFAULT_INCOMING_FORMAT)
