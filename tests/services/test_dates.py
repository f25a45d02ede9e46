"""Dates as offices type them (services.dates)."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.dates import parse_date, parse_datetime

MARCH_5 = dt.date(2026, 3, 5)


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 3, 5),
        dt.datetime(2026, 3, 5, 14, 30),
        46086,  # Excel serial, 1900 date system
        46086.0,
        46086.6,
        "2026-3-5",
        "2026-03-05",
        "2026/03/05",
        "2026/3/5",
        "2026.3.5",
        "2026.03.05",
        "2026年3月5日",
        "2026年03月05日",
        "2026年3月5号",
        "2026 年 3 月 5 日",
        "20260305",
        20260305,  # typed into a General cell
        "  2026-03-05  ",
        "２０２６－０３－０５",  # full-width
        "２０２６年３月５日",
        "２０２６／３／５",
        "二〇二六年三月五日",
        "2026-03-05 14:30",
        "2026-03-05T14:30:15",
        "2026年3月5日 14:30",
        "2026年3月5日14:30",
        "2026年3月5日 14时30分",
        "20260305 14:30",
        "2026/3/5 9:05",
    ],
)
def test_every_form_gives_the_date(value: object) -> None:
    assert parse_date(value) == MARCH_5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-05 14:30", dt.datetime(2026, 3, 5, 14, 30)),
        ("2026-03-05 14:30:15", dt.datetime(2026, 3, 5, 14, 30, 15)),
        ("2026年3月5日 14:30", dt.datetime(2026, 3, 5, 14, 30)),
        ("2026年3月5日 14时30分", dt.datetime(2026, 3, 5, 14, 30)),
        ("２０２６年３月５日　１４：３０", dt.datetime(2026, 3, 5, 14, 30)),
        ("2026-3-5", dt.datetime(2026, 3, 5, 0, 0)),
        (dt.date(2026, 3, 5), dt.datetime(2026, 3, 5, 0, 0)),
        (46086.5, dt.datetime(2026, 3, 5, 12, 0)),
        (46086.75, dt.datetime(2026, 3, 5, 18, 0)),
        (46086, dt.datetime(2026, 3, 5)),
        (1, dt.datetime(1900, 1, 1)),
        (59, dt.datetime(1900, 2, 28)),
        (61, dt.datetime(1900, 3, 1)),
        ("二〇二五年十二月三十一日", dt.datetime(2025, 12, 31)),
        ("二〇二六年十月十日", dt.datetime(2026, 10, 10)),
    ],
)
def test_datetime_keeps_the_time(value: object, expected: dt.datetime) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2026-2-30",  # no such day
        "2026年2月29日",  # 2026 is not a leap year
        "2026-13-01",
        "20261301",
        "2026-03-05 25:00",
        "2026-03-05 14:61",
        "2026-3/5",  # mixed separators
        "3月5日",  # no year
        "二〇二六年二月三十日",
        "下周一",
        "abc",
        "",
        "   ",
        None,
        True,
        0,
        -5,
        60,  # Excel's fictitious 1900-02-29
        99_999_999,
        float("nan"),
        [2026, 3, 5],
    ],
)
def test_what_is_not_a_date_is_refused_in_chinese(value: object) -> None:
    with pytest.raises(ValueError, match="无法识别的日期："):
        parse_date(value)
    with pytest.raises(ValueError, match="无法识别的日期："):
        parse_datetime(value)


def test_message_names_the_value() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("2026-2-30")
    assert str(info.value) == "无法识别的日期：2026-2-30"
