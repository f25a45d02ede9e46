"""The 督办通报's figures on a small register computed by hand (period 2026-10-01 .. 10-31,
printed 11-05, so figures stand as of 10-31)."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.supervision import workflow
from desktop.services.supervision.bulletin import build_bulletin
from desktop.services.supervision.register import SubItemInput, split_item

from .conftest import at, make

D = dt.date


def _closed(s, item_id, day, accept=True):
    with at(day):
        workflow.close(s, item_id, "已办结", "文书甲")
        if accept:
            workflow.accept(s, item_id, "主任")


def build_register(store) -> None:
    """The items, as the test's comments count them."""
    with store.write() as s:
        with at(D(2026, 9, 1)):
            a = make(s, "一：期前已办结", deadline=D(2026, 9, 30))  # 1号, closed 9/25: not in the period
        _closed(s, a, D(2026, 9, 25))
        with at(D(2026, 9, 10)):
            b = make(s, "二：按期", deadline=D(2026, 10, 15))  # 2号
            c = make(s, "三：逾期办结", deadline=D(2026, 10, 15))  # 3号
        _closed(s, b, D(2026, 10, 12))
        _closed(s, c, D(2026, 10, 20))
        with at(D(2026, 10, 9)):
            make(s, "四：逾期未办", deadline=D(2026, 10, 20))  # 4号, 11 days overdue on 10/31
        with at(D(2026, 10, 8)):
            e = make(s, "五：当天办结", lead_department="护理部", deadline=D(2026, 10, 16))  # 5号
            f = make(s, "六：批准延期后按期", lead_department="护理部", deadline=D(2026, 10, 16))  # 6号
            g = make(s, "七：驳回延期后逾期", lead_department="护理部", deadline=D(2026, 10, 20))  # 7号
        _closed(s, e, D(2026, 10, 16))
        with at(D(2026, 10, 14)):
            workflow.decide_extension(s, workflow.request_extension(s, f, D(2026, 10, 30), "等批复", "文书甲"),
                                      True, "主任")
            workflow.decide_extension(s, workflow.request_extension(s, g, D(2026, 10, 30), "人手不足", "文书甲"),
                                      False, "主任", "不予延期")
        _closed(s, f, D(2026, 10, 28))
        _closed(s, g, D(2026, 10, 22), accept=False)  # 待审结 still counts as done on 10/22: late
        with at(D(2026, 10, 12)):
            make(s, "八：未到期", lead_department="护理部", deadline=D(2026, 11, 20))  # 8号
        with at(D(2026, 10, 9)):
            make(s, "九：未到期", lead_department="院感科", deadline=D(2026, 11, 30))  # 9号
            j = make(s, "十：撤销", lead_department="院感科", deadline=D(2026, 10, 12))  # 10号, not counted
            workflow.cancel(s, j, "领导另有安排", "主任")
        with at(D(2026, 11, 2)):
            make(s, "十一：期后交办", lead_department="信息科", deadline=D(2026, 11, 9))  # 11号
        with at(D(2026, 10, 9)):
            parent = make(s, "十二：分解", lead_department="总务科", deadline=D(2026, 10, 23))  # 12号, its parts count
            own, it = split_item(s, parent, [SubItemInput("总务科"), SubItemInput("信息科")], "文书甲")
        _closed(s, own, D(2026, 10, 21))  # 12号-1 on time; 12号-2 (信息科) 8 days overdue


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
