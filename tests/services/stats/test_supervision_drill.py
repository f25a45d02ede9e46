"""督办 drill-down: the register's bulletin filter lists exactly the items each chart bar
and key figure counts, on the office of conftest.py plus a few items that test the
通报's scope (today 2026-11-20; October judged as of 10-31).

Added here:
  S7  医务部 10-02 时限10-15, split into S7-1 医务部 (办结 10-14) and S7-2 护理部 (open)
  S8  医务部 10-03 时限10-06 open, 撤销 on 10-20        → never counted
  S9  财务部 10-05 时限10-10, extended to 11-10, open  → not yet due on 10-31

October, by hand:
  医务部  S1 on time, S2 late, S3 overdue, S7-1 on time → due 4 (按期 2), overdue 1 (S3)
  护理部  S4 not due, S5 overdue, S7-2 overdue         → due 2 (按期 0), overdue 2
  财务部  S9 not due (S6 closed in September)          → due 0, overdue 0
"""
from __future__ import annotations

import datetime as dt

import pytest

from db.models import SupervisionItem
from desktop.services.stats import chart_data, figures, periods
from desktop.services.supervision import query
from tests.services.stats.conftest import ALL, TODAY

D = dt.date
OCT = periods.month(D(2026, 10, 5))


def add_scope_items(session) -> None:
    parent = SupervisionItem(year=2026, seq=7, task="督办事项7", lead_department="医务部", assigned_on=D(2026, 10, 2),
                             deadline=D(2026, 10, 15), due_on=D(2026, 10, 15))
    session.add(parent)
    session.flush()
    for part, dept, closed in ((1, "医务部", D(2026, 10, 14)), (2, "护理部", None)):
        session.add(SupervisionItem(year=2026, seq=7, part=part, parent_id=parent.id, task=f"督办事项7-{part}",
                                    lead_department=dept, assigned_on=D(2026, 10, 2), deadline=D(2026, 10, 15),
                                    due_on=D(2026, 10, 15), closed_on=closed))
    session.add(SupervisionItem(year=2026, seq=8, task="督办事项8", lead_department="医务部", assigned_on=D(2026, 10, 3),
                                deadline=D(2026, 10, 6), due_on=D(2026, 10, 6), step="已撤销",
                                cancelled_at=dt.datetime(2026, 10, 20, 9)))
    session.add(SupervisionItem(year=2026, seq=9, task="督办事项9", lead_department="财务部", assigned_on=D(2026, 10, 5),
                                deadline=D(2026, 10, 10), due_on=D(2026, 11, 10)))


@pytest.fixture
def scoped(office):
    with office.write() as s:
        add_scope_items(s)
    return office


def _numbers(s, f: query.SupervisionFilter) -> list[str]:
    rows = query.fetch_rows(s, query.list_ids(s, f), TODAY)
    return sorted(r.number for r in rows.values())


def test_each_department_bar_lists_exactly_its_items(scoped):
    with scoped.read() as s:
        rows = {r.department: r for r in chart_data.departments(s, OCT, ALL, TODAY)}
        listed = {d: (_numbers(s, r.due_drill), _numbers(s, r.overdue_drill)) for d, r in rows.items()}
        counted = {d: (query.count(s, r.due_drill), query.count(s, r.overdue_drill)) for d, r in rows.items()}
    assert {d: (r.due, r.on_time, r.overdue) for d, r in rows.items()} == {
        "医务部": (4, 2, 1), "护理部": (2, 0, 2), "财务部": (0, 0, 0)}
    assert counted == {"医务部": (4, 1), "护理部": (2, 2), "财务部": (0, 0)}
    assert listed["医务部"] == (["督〔2026〕1号", "督〔2026〕2号", "督〔2026〕3号", "督〔2026〕7号-1"], ["督〔2026〕3号"])
    assert listed["护理部"] == (["督〔2026〕5号", "督〔2026〕7号-2"], ["督〔2026〕5号", "督〔2026〕7号-2"])
    assert listed["财务部"] == ([], [])


def test_the_key_figures_list_exactly_their_items(scoped):
    with scoped.read() as s:
        keys = {k.key: k for k in figures.key_figures(s, OCT, ALL, TODAY)}
        overdue, due = keys["supervision_overdue"].drill, keys["on_time"].drill
        assert (query.count(s, overdue), query.count(s, due)) == (3, 6)
        assert _numbers(s, overdue) == ["督〔2026〕3号", "督〔2026〕5号", "督〔2026〕7号-2"]
    assert keys["supervision_overdue"].value == 3
    assert keys["on_time"].value == pytest.approx(200 / 6)  # 2 of 6 due or done
    assert keys["supervision_overdue"].what == "督办逾期未办结（截至10月31日）"


def test_the_current_month_is_judged_as_of_today(office):
    nov = periods.month(TODAY)
    with office.read() as s:
        for part, numbers in (("overdue", ["督〔2026〕3号"]), ("late", ["督〔2026〕5号"]),
                              ("in_progress", ["督〔2026〕4号"]), ("all", ["督〔2026〕3号", "督〔2026〕4号", "督〔2026〕5号"])):
            f = query.SupervisionFilter(bulletin_period=(nov.start, nov.end), bulletin_part=part, today=TODAY)
            assert _numbers(s, f) == numbers, part


def test_an_unknown_part_is_refused(office):
    f = query.SupervisionFilter(bulletin_period=(OCT.start, OCT.end), bulletin_part="逾期")
    with office.read() as s, pytest.raises(ValueError):
        query.count(s, f)
