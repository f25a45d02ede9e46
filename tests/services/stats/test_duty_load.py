"""The 值班 load chart's figures on a small roster counted by hand.

October 2026 (国庆 10-01..10-07 off, Sat 10-10 a make-up workday); the rolling window of
365 days ends 10-31, so it starts 2025-11-01. Shifts: 1 午班 (workday), 2 夜班 (workday,
night), 3 白班 (rest day), 4 夜班 (rest day, night).

总值班 pool: 乙 护理部, 丙 财务部, 丁 医务部 (open), 戊 (left on 2026-08-31)
  乙 10-01 白班 (holiday), 10-09 夜班 (night), 10-31 夜班 (Sat: rest + night)
     2025-11-01 白班 (Sat, in the window), 2025-10-31 夜班 (before the window)
     → October 3 / rest 2 / night 2; window 4 / 3 / 2
  丙 10-08 午班, 10-10 夜班 (make-up workday: not a rest day), 2026-06-01 午班
     → October 2 / 0 / 1; window 3 / 0 / 1
  丁 2026-05-01 白班 (劳动节) → October 0 / 0 / 0; window 1 / 1 / 0
  戊 2026-07-01 夜班: left the pool before October, no October duty → not shown
带班领导 pool: 甲 医务部: 10-01 白班, 10-09 夜班 → October 2 / 1 / 1, window the same
"""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.stats import chart_data, periods
from desktop.services.stats.duty import NIGHT, REST, duty_loads
from tests.services.stats.conftest import fill_roster

D = dt.date
OCT = periods.month(D(2026, 10, 1))

@pytest.fixture
def roster(store):
    with store.write() as s:
        fill_roster(s)
    return store


def test_duty_load_per_person_for_the_month_and_the_window(roster):
    with roster.read() as s:
        loads = duty_loads(s, OCT)
    assert (loads.window_start, loads.window_end) == (D(2025, 11, 1), D(2026, 10, 31))
    assert [r.role for r in loads.roles] == ["带班领导", "总值班"]
    lead, duty = loads.roles
    assert [(p.name, p.department, p.period, p.window) for p in lead.people] == [
        ("甲", "医务部", (2, 1, 1), (2, 1, 1))]
    assert [(p.name, p.department, p.period, p.window) for p in duty.people] == [
        ("乙", "护理部", (3, 2, 2), (4, 3, 2)),
        ("丙", "财务部", (2, 0, 1), (3, 0, 1)),
        ("丁", "医务部", (0, 0, 0), (1, 1, 0)),
    ]


def test_spreads_per_role(roster):
    with roster.read() as s:
        lead, duty = chart_data.duty(s, OCT, (), D(2026, 11, 20)).roles
    assert (duty.shifts, duty.low_high(), duty.spread()) == (5, (0, 3), 3)
    assert (duty.spread(window=True), duty.spread(REST, True), duty.spread(NIGHT, True)) == (3, 3, 2)
    assert (lead.shifts, lead.spread(), lead.spread(window=True)) == (2, 0, 0)


def test_no_roles_no_load(store):
    with store.read() as s:
        assert duty_loads(s, OCT).roles == ()
