"""Dates as offices actually type them, in Excel cells and in forms.

Accepted: ``date`` / ``datetime`` objects; Excel serial numbers (1900 date system,
46086 → 2026-03-05); 2026-3-5, 2026-03-05, 2026/03/05, 2026.3.5, 2026年3月5日,
2026年3月5号, 20260305 (as text or as a number typed into a General cell) and
二〇二六年三月五日; each with an optional time (14:30, 14:30:15, 14时30分,
2026-03-05T14:30). Full-width digits and punctuation are normalised first.
Anything else, including dates that do not exist (2026-2-30), raises ValueError
with a Chinese message the UI can show as it is.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 61 = 1900-03-01 (Excel's fictitious 1900-02-29 is 60)
_EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31

_TIME = (
    r"(?:\s*(?:T|\s)\s*(?P<h>\d{1,2})\s*[:时]\s*(?P<mi>\d{1,2})"
    r"(?:\s*[:分]\s*(?P<s>\d{1,2})\s*秒?|\s*分)?)?"
)
_PATTERNS = (
    # 2026-3-5, 2026/03/05, 2026.3.5 (one separator throughout)
    re.compile(r"(?P<y>\d{4})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})" + _TIME),
    # 2026年3月5日 / 2026年3月5号 (the time may follow without a space)
    re.compile(
        r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?"
        + _TIME.replace(r"(?:T|\s)", r"(?:T|\s)?", 1)
    ),
    # 20260305
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})" + _TIME),
)

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(
    r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
    r"(?P<d>[一二三四五六七八九十]{1,3})[日号]"
)


def _error(value: object) -> ValueError:
    return ValueError(f"无法识别的日期：{value}")


def _cn_number(text: str) -> int:
    """一 … 三十一 (months and days written in Chinese numerals)."""
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else -1
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return -1
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _from_serial(value: float, original: object) -> dt.datetime:
    if isinstance(value, float) and not math.isfinite(value):
        raise _error(original)
    # A General cell holding 20260305 is how many offices type a date.
    if isinstance(value, int) or float(value).is_integer():
        digits = str(int(value))
        if len(digits) == 8:
            return _from_text(digits, original)
    if not 1 <= value <= _EXCEL_MAX_SERIAL or 60 <= value < 61:
        raise _error(original)
    days = math.floor(value)
    base = _EXCEL_EPOCH if days >= 61 else _EXCEL_EPOCH + dt.timedelta(days=1)
    seconds = round((value - days) * 86400)
    return dt.datetime.combine(base + dt.timedelta(days=days), dt.time.min) + dt.timedelta(
        seconds=seconds
    )


def _from_text(text: str, original: object) -> dt.datetime:
    s = unicodedata.normalize("NFKC", text).strip()
    m = _CN_DATE.fullmatch(s)
    if m:
        year = int("".join(str(_CN_DIGITS[c]) for c in m["y"]))
        try:
            return dt.datetime(year, _cn_number(m["m"]), _cn_number(m["d"]))
        except (ValueError, KeyError) as exc:
            raise _error(original) from exc
    for pattern in _PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            break
    else:
        raise _error(original)
    try:
        return dt.datetime(
            int(m["y"]), int(m["m"]), int(m["d"]),
            int(m["h"] or 0), int(m["mi"] or 0), int(m["s"] or 0),
        )
    except ValueError as exc:  # 2026-2-30, 25:00 …
        raise _error(original) from exc


def parse_datetime(value: object) -> dt.datetime:
    """A datetime from anything an office types; 00:00 when no time is given."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.min)
    if isinstance(value, bool):
        raise _error(value)
    if isinstance(value, int | float):
        return _from_serial(value, value)
    if isinstance(value, str) and value.strip():
        return _from_text(value, value.strip())
    blank = value is None or (isinstance(value, str) and not value.strip())
    raise _error("（空）" if blank else value)


def parse_date(value: object) -> dt.date:
    """A date from anything an office types; a time part, if any, is ignored."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_datetime(value).date()
