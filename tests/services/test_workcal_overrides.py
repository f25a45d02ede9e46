"""The office's own calendar entries (2027, which chinesecalendar 1.11 does not know),
consulted before the package, installed from the database when a Store opens."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from desktop.services import workcal
from desktop.services.duty import calendar
from desktop.services.duty.notice import parse_notice
from desktop.services.store import open_store

D = dt.date

NOTICE_2027_JAN = "一、元旦：1月1日（周五）至3日（周日）放假，共3天。二、春节：2月6日（农历腊月三十、周六）至12日（周五）放假调休，共7天。2月14日（周日）、2月20日（周六）上班。"


@pytest.fixture(autouse=True)
def clean_calendar() -> Iterator[None]:
    workcal.set_overrides({})
    yield
    workcal.set_overrides({})


def test_2027_unknown_until_entered() -> None:
    assert not workcal.covered(D(2027, 1, 15))
    assert workcal.covered(D(2026, 12, 1))
    assert workcal.is_workday(D(2027, 1, 1))  # a Friday, by the weekend fallback
    workcal.set_overrides({d.day: (d.kind, d.name) for d in parse_notice(NOTICE_2027_JAN, 2027)})
    assert workcal.covered(D(2027, 1, 15))
    assert not workcal.is_workday(D(2027, 1, 1))
    assert workcal.holiday_name(D(2027, 1, 1)) == "元旦"
    assert workcal.day_kind(D(2027, 1, 2)) == "holiday"  # Saturday inside the holiday
    assert workcal.day_kind(D(2027, 1, 9)) == "rest"  # an ordinary Saturday
    assert workcal.day_kind(D(2027, 1, 4)) == "workday"
    assert workcal.is_workday(D(2027, 2, 14)) and workcal.day_kind(D(2027, 2, 14)) == "makeup"
    assert workcal.holiday_name(D(2027, 2, 14)) is None
    # (2027-02-05 Fri, 02-15 Mon]: 02-06 … 02-12 off, 13 Sat off, 14 Sun worked, 15 Mon
    assert workcal.workdays_between(D(2027, 2, 5), D(2027, 2, 15)) == 2
    assert workcal.add_workdays(D(2027, 2, 5), 1) == D(2027, 2, 14)


def test_an_entry_overrides_the_package() -> None:
    assert workcal.is_workday(D(2026, 10, 8))  # the package: an ordinary Thursday
    workcal.set_overrides({D(2026, 10, 8): ("holiday", "国庆节")})
    assert not workcal.is_workday(D(2026, 10, 8))
    assert workcal.holiday_name(D(2026, 10, 8)) == "国庆节"
    assert workcal.is_workday(D(2026, 10, 9))  # the rest is still the package's


def test_entries_saved_in_a_store_are_used_and_loaded_on_open(tmp_path) -> None:
    store = open_store(tmp_path / "a.db")
    with store.write() as session:
        calendar.replace_year(session, 2027, parse_notice(NOTICE_2027_JAN, 2027))
    assert workcal.holiday_name(D(2027, 2, 8)) == "春节"  # installed at commit
    store.close()
    workcal.set_overrides({})
    assert workcal.holiday_name(D(2027, 2, 8)) is None
    store = open_store(tmp_path / "a.db")
    assert workcal.holiday_name(D(2027, 2, 8)) == "春节"  # loaded as the store opened
    with store.read() as session:
        assert len(calendar.list_entries(session, 2027)) == 12
    store.close()


def test_a_rolled_back_change_never_reaches_the_calendar(tmp_path) -> None:
    store = open_store(tmp_path / "a.db")
    with pytest.raises(RuntimeError), store.write() as session:
        calendar.set_entry(session, D(2027, 3, 1), "holiday", "测试")
        raise RuntimeError
    assert workcal.holiday_name(D(2027, 3, 1)) is None
    with store.write() as session:
        calendar.set_entry(session, D(2027, 3, 1), "holiday", "测试")
    assert workcal.holiday_name(D(2027, 3, 1)) == "测试"
    with store.write() as session:
        calendar.remove_entry(session, D(2027, 3, 1))
    assert workcal.holiday_name(D(2027, 3, 1)) is None
    store.close()
