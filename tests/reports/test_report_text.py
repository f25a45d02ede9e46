"""The monthly report's duty sentences for a roster whose spreads are known."""
from __future__ import annotations

import datetime as dt

from desktop.reports import report_text
from desktop.services.stats import periods
from desktop.services.stats.duty import DutyLoads, PersonLoad, RoleLoad

OCT = periods.month(dt.date(2026, 10, 1))


def _person(name: str, month: int, window: tuple[int, int, int]) -> PersonLoad:
    return PersonLoad(name, "医务部", (month, 0, 0), window)


def test_a_fair_roster_says_so():
    lead = RoleLoad("带班领导", (_person("甲", 16, (51, 17, 26)), _person("乙", 15, (50, 17, 25))))
    duty = RoleLoad("总值班", (_person("丙", 31, (183, 59, 92)), _person("丁", 31, (182, 58, 91))))
    loads = DutyLoads(OCT, dt.date(2025, 11, 1), dt.date(2026, 10, 31), (lead, duty))
    assert report_text.duty_sentences(loads, OCT) == [
        "本月行政总值班：带班领导共排班 31 人次（2 人，每人 15～16 次）；总值班共排班 62 人次（2 人，每人 31 次）。",
        "按近一年滚动计，各角色每人值班次数相差均不超过 1 次；休息日/节假日值班相差不超过 1 次；夜班相差不超过 1 次。",
    ]
    assert report_text.duty_rows(loads, OCT) == [
        ["带班领导", "2", "31", "15～16", "50～51", "1 / 0 / 1"],
        ["总值班", "2", "62", "31", "182～183", "1 / 1 / 1"],
    ]


def test_no_roster_no_duty():
    loads = DutyLoads(OCT, dt.date(2025, 11, 1), dt.date(2026, 10, 31), ())
    assert report_text.duty_sentences(loads, OCT) == ["本月未排值班。"]
