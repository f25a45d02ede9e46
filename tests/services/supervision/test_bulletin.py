"""The 督办通报's figures on a small register computed by hand (period 2026-10-01 .. 10-31,
printed 11-05, so figures stand as of 10-31)."""
from __future__ import annotations

import pytest

from desktop.services.supervision.bulletin import build_bulletin

from .data import D, _closed, build_register


@pytest.fixture
def bulletin(office):
    build_register(office)
    with office.read() as s:
        return build_bulletin(s, D(2026, 10, 1), D(2026, 10, 31), today=D(2026, 11, 5))


def test_department_figures_worst_first(bulletin):
    got = [(x.department, x.total, x.on_time, x.late, x.overdue, x.in_progress, x.rate_text)
           for x in bulletin.departments]
    assert got == [
        ("信息科", 1, 0, 0, 1, 0, "0.0%"),
        ("医务部", 3, 1, 1, 1, 0, "33.3%"),
        ("护理部", 4, 2, 1, 0, 1, "66.7%"),
        ("总务科", 1, 1, 0, 0, 0, "100.0%"),
        ("院感科", 1, 0, 0, 0, 1, "—"),
    ]
    t = bulletin.total
    assert (t.total, t.on_time, t.late, t.overdue, t.in_progress, t.rate_text) == (10, 4, 2, 2, 2, "50.0%")
    assert (bulletin.as_of, bulletin.period) == (D(2026, 10, 31), "2026年10月01日 至 2026年10月31日")


def test_overdue_items_longest_first(bulletin):
    got = [(x.number, x.department, x.due_on, x.days_overdue) for x in bulletin.overdue]
    assert got == [("督〔2026〕4号", "医务部", D(2026, 10, 20), 11), ("督〔2026〕12号-2", "信息科", D(2026, 10, 23), 8)]


def test_parent_closes_when_all_parts_are(office):
    build_register(office)
    from db.models import SupervisionItem

    with office.read() as s:
        parent = s.query(SupervisionItem).filter_by(seq=12, part=0).one()
        assert parent.step == "进行中"
        other = s.query(SupervisionItem).filter_by(seq=12, part=2).one().id
    with office.write() as s:
        _closed(s, other, D(2026, 11, 3))
    with office.read() as s:
        parent = s.query(SupervisionItem).filter_by(seq=12, part=0).one()
        assert (parent.step, parent.closed_on, parent.events[-1].action) == ("已办结（逾期）", D(2026, 11, 3), "审结")
