"""A small 督办 register for tests: the directory, a way to make an item, and the register
whose 督办通报 test_bulletin computes by hand (period 2026-10-01 .. 10-31)."""
from __future__ import annotations

import datetime as dt

from desktop.services import clock, reference
from desktop.services.supervision import workflow
from desktop.services.supervision.register import (
    SubItemInput,
    SupervisionInput,
    create_item,
    split_item,
)

DEPARTMENTS = ("医务部", "护理部", "院感科", "院办", "信息科", "总务科")
LEADERS = ("王院长", "李副院长")
D = dt.date


def seed_directory(store) -> None:
    with store.write() as s:
        for name in DEPARTMENTS:
            reference.save_department(s, reference.DepartmentRow(name=name))
        for name in LEADERS:
            reference.save_staff(s, reference.StaffRow(name=name, roles=("院领导",)))


def make(s, task: str = "完成医疗质量自查", **kw) -> int:
    """An item assigned by 王院长 to 医务部 (assigned today unless given)."""
    args = dict(task=task, lead_department="医务部", assigned_by="王院长")
    args.update(kw)
    return create_item(s, SupervisionInput(**args), "文书甲")


def at(day: dt.date):
    return clock.frozen(dt.datetime.combine(day, dt.time(10)))


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


