"""The directory these tests' documents are handled by (设置 → 科室与人员)."""
from __future__ import annotations

import pytest

from desktop.services import reference

DEPARTMENTS = ("医务部", "护理部", "院感科", "院办")
LEADERS = ("王院长", "李副院长", "张副院长", "张院长")


def seed_directory(store) -> None:
    with store.write() as s:
        for name in DEPARTMENTS:
            reference.save_department(s, reference.DepartmentRow(name=name))
        for name in LEADERS:
            reference.save_staff(s, reference.StaffRow(name=name, roles=("院领导",)))


@pytest.fixture
def store(store):
    seed_directory(store)
    return store
