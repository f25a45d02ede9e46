"""Working days: Chinese public holidays and make-up workdays (调休).

The data come from the maintained ``chinesecalendar`` package (State Council notices);
one module serves deadlines and the duty roster alike. For years the package does not
cover yet, weekends are rest days and weekdays work days, and ``is_covered`` says so
so the UI can warn.
"""
from __future__ import annotations

import datetime as dt

import chinese_calendar


def is_covered(day: dt.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def holiday_name(day: dt.date) -> str | None:
    """Chinese name of the holiday ``day`` belongs to, if any (e.g. 国庆节)."""
    names = {
        "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
        "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
        "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日",
    }
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    if not on_holiday or name is None:
        return None
    return names.get(str(name), str(name))


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (n >= 0; 0 gives start itself)."""
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            n -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -workdays_between(end, start)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return count
