"""A 督办 office: departments and leaders in the directory, and a way to make an item."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import clock, reference
from desktop.services.supervision.register import SupervisionInput, create_item

DEPARTMENTS = ("医务部", "护理部", "院感科", "院办", "信息科", "总务科")
LEADERS = ("王院长", "李副院长")


@pytest.fixture
def office(store):
    with store.write() as s:
        for name in DEPARTMENTS:
            reference.save_department(s, reference.DepartmentRow(name=name))
        for name in LEADERS:
            reference.save_staff(s, reference.StaffRow(name=name, roles=("院领导",)))
    return store


def make(s, task: str = "完成医疗质量自查", **kw) -> int:
    """An item assigned by 王院长 to 医务部 (assigned today unless given)."""
    args = dict(task=task, lead_department="医务部", assigned_by="王院长")
    args.update(kw)
    return create_item(s, SupervisionInput(**args), "文书甲")


def at(day: dt.date):
    return clock.frozen(dt.datetime.combine(day, dt.time(10)))
