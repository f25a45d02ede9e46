"""The working-day calendar (services.workcal) on literal dates.

2026 国庆 per the State Council's 2026 holiday notice, as chinesecalendar 1.11 holds
it: 10-01 … 10-07 off, Sunday 09-20 and Saturday 10-10 make-up workdays.
"""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.workcal import (
    add_workdays,
    holiday_name,
    is_covered,
    is_workday,
    workdays_between,
)

D = dt.date


@pytest.mark.parametrize("day", [D(2026, 10, d) for d in range(1, 8)])
def test_national_day_week_is_off_and_named(day: dt.date) -> None:
    assert not is_workday(day)
    assert holiday_name(day) == "国庆节"


def test_make_up_days_are_workdays_without_a_holiday_name() -> None:
    assert D(2026, 10, 10).weekday() == 5 and is_workday(D(2026, 10, 10))  # a Saturday
    assert D(2026, 9, 20).weekday() == 6 and is_workday(D(2026, 9, 20))  # a Sunday
    assert holiday_name(D(2026, 10, 10)) is None
    assert holiday_name(D(2026, 10, 8)) is None  # the Thursday after: an ordinary workday
    assert holiday_name(D(2026, 10, 11)) is None  # an ordinary Sunday off
    assert not is_workday(D(2026, 10, 11))


def test_other_holiday_names() -> None:
    assert holiday_name(D(2026, 1, 1)) == "元旦"
    assert holiday_name(D(2026, 2, 17)) == "春节"
    assert holiday_name(D(2026, 5, 1)) == "劳动节"
    assert holiday_name(D(2026, 3, 4)) is None


def test_workdays_between_across_national_day() -> None:
    # (09-30, 10-10]: 10-08 Thu, 10-09 Fri, 10-10 the make-up Saturday
    assert workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert workdays_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert workdays_between(D(2026, 9, 30), D(2026, 9, 30)) == 0
    assert workdays_between(D(2026, 9, 30), D(2026, 10, 7)) == 0  # the whole holiday
    # (09-18 Fri, 09-21 Mon]: Sat 19 off, Sun 20 make-up, Mon 21
    assert workdays_between(D(2026, 9, 18), D(2026, 9, 21)) == 2
    assert add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_a_year_the_package_does_not_cover_falls_back_to_weekends() -> None:
    # 2099 will never be in the package; 01-01 is a Thursday there, so the fallback
    # (weekdays work, weekends rest, no holiday names) counts it as a workday.
    assert is_covered(D(2026, 6, 1))
    assert not is_covered(D(2099, 1, 1))
    assert is_workday(D(2099, 1, 1))  # Thursday
    assert not is_workday(D(2099, 1, 3))  # Saturday
    assert not is_workday(D(2099, 1, 4))  # Sunday
    assert holiday_name(D(2099, 1, 1)) is None
    assert workdays_between(D(2099, 1, 1), D(2099, 1, 8)) == 5  # Fri 2, Mon 5 … Thu 8
    assert add_workdays(D(2099, 1, 2), 1) == D(2099, 1, 5)
    # a span from an uncovered year into a covered one: 2003-12-31 (Wed) by the fallback,
    # 2004-01-01 元旦 off by the package, 2004-01-02 (Fri) a workday
    assert not is_covered(D(2003, 12, 31))
    assert workdays_between(D(2003, 12, 30), D(2004, 1, 2)) == 2
