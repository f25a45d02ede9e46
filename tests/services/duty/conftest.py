"""A small duty office: 4 leaders (带班领导) and 10 cadres (总值班) from the directory."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.services import reference, workcal
from desktop.services.duty import setup

LEADERS = ("赵院长", "钱书记", "孙副院长", "李副院长")
CADRES = ("周明", "吴芳", "郑强", "王磊", "冯敏", "陈静", "褚涛", "卫军", "蒋丽", "沈洋")


@pytest.fixture(autouse=True)
def clean_calendar() -> Iterator[None]:
    workcal.set_overrides({})
    yield
    workcal.set_overrides({})


@pytest.fixture
def office(store):
    with store.write() as s:
        reference.save_department(s, reference.DepartmentRow(name="院领导", kind="院领导"))
        reference.save_department(s, reference.DepartmentRow(name="医务部"))
        for i, name in enumerate(LEADERS):
            reference.save_staff(s, reference.StaffRow(name=name, department="院领导", phone=f"1380000000{i}",
                                                       roles=("院领导", "带班领导")))
        for i, name in enumerate(CADRES):
            reference.save_staff(s, reference.StaffRow(name=name, department="医务部", phone=f"1390000000{i}",
                                                       roles=("总值班",)))
        assert setup.seed_pools_from_directory(s) == 14
    return store


def ids(session) -> dict[str, int]:
    return {p.name: p.id for p in setup.people(session).values()}


def roles(session) -> dict[str, int]:
    return {r.name: r.id for r in setup.roles(session)}
