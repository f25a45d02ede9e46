"""Working days: Chinese public holidays and make-up workdays (调休).

One calendar for every working-day computation (收文 时限, 督办 deadlines, the duty
roster). Each day is looked up, in order, in:

1. the office's own entries (calendar_overrides, entered from the State Council's notice
   in 设置: services.duty.calendar), so next year can be drawn up before the package
   knows it, and a wrong day can be corrected;
2. the maintained ``chinesecalendar`` package (2004–2026 in 1.11);
3. otherwise weekends rest, weekdays work, and ``is_covered`` / ``covered`` say the day
   is *not known*, so the UI and every export can flag it.

The entries live in the database; ``set_overrides`` installs them for the module-level
functions (services.duty.calendar.load_overrides does so when a Store opens and after
every change). The installed state is one immutable tuple swapped in a single
assignment, so a reader on another thread sees the old or the new calendar, never half.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import chinese_calendar

HOLIDAY = "holiday"
WORKDAY = "workday"

# Day kinds for the roster grid and exports.
KIND_WORKDAY = "workday"  # an ordinary working day
KIND_REST = "rest"  # an ordinary weekend day
KIND_HOLIDAY = "holiday"  # a public holiday (incl. the weekend days inside it)
KIND_MAKEUP = "makeup"  # a weekend day worked (调休上班)
KIND_NAMES = {KIND_WORKDAY: "工作日", KIND_REST: "休息日", KIND_HOLIDAY: "节假日", KIND_MAKEUP: "调休上班"}

_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

# (day -> (kind, name), the years the entries cover)
_State = tuple[Mapping[dt.date, tuple[str, str]], frozenset[int]]
_state: _State = ({}, frozenset())


def set_overrides(days: Mapping[dt.date, tuple[str, str]]) -> None:
    """Install the office's entries: day -> (HOLIDAY or WORKDAY, name). Replaces all."""
    global _state
    frozen = dict(days)
    _state = (frozen, frozenset(d.year for d in frozen))


def overrides() -> Mapping[dt.date, tuple[str, str]]:
    return _state[0]


def _package_covers(day: dt.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_covered(day: dt.date) -> bool:
    """Whether ``day`` is known: the package has its year, or the office entered that year's
    holidays (a year with at least one entry counts as entered)."""
    return day.year in _state[1] or _package_covers(day)


def covered(month: dt.date) -> bool:
    """Whether the month of ``month`` is known (see ``is_covered``; the unit is the year)."""
    return is_covered(month.replace(day=1))


def is_workday(day: dt.date) -> bool:
    entry = _state[0].get(day)
    if entry is not None:
        return entry[0] == WORKDAY
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def holiday_name(day: dt.date) -> str | None:
    """Chinese name of the holiday ``day`` belongs to, if any (e.g. 国庆节)."""
    entry = _state[0].get(day)
    if entry is not None:
        return (entry[1] or "节假日") if entry[0] == HOLIDAY else None
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    if not on_holiday or name is None:
        return None
    return _NAMES.get(str(name), str(name))


def day_kind(day: dt.date) -> str:
    """KIND_WORKDAY, KIND_REST, KIND_HOLIDAY or KIND_MAKEUP."""
    if is_workday(day):
        return KIND_MAKEUP if day.weekday() >= 5 else KIND_WORKDAY
    return KIND_HOLIDAY if holiday_name(day) is not None else KIND_REST


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
