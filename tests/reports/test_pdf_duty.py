"""The posted roster PDF, read back with pypdf and compared with the database's grid."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from desktop.reports.duty_pdf import build_roster_pdf
from desktop.services import reference, workcal
from desktop.services.duty import grid, plan, setup


@pytest.fixture(autouse=True)
def clean_calendar() -> Iterator[None]:
    workcal.set_overrides({})
    yield
    workcal.set_overrides({})


@pytest.fixture
def rostered(store):
    with store.write() as s:
        reference.save_department(s, reference.DepartmentRow(name="院领导", kind="院领导"))
        reference.save_department(s, reference.DepartmentRow(name="医务部"))
        for i, name in enumerate(("赵院长", "钱书记", "孙副院长", "李副院长")):
            reference.save_staff(s, reference.StaffRow(name=name, department="院领导", phone=f"1380000100{i}",
                                                       roles=("带班领导",)))
        for i in range(12):
            reference.save_staff(s, reference.StaffRow(name=f"干部{i:02d}", department="医务部",
                                                       phone=f"13900002{i:03d}", roles=("总值班",)))
        setup.seed_pools_from_directory(s)
        plan.regenerate(s, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
        plan.regenerate(s, dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    return store


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_october_roster_lists_every_day_person_and_phone(rostered, tmp_path) -> None:
    with rostered.read() as s:
        g = grid.month_grid(s, 2026, 10)
    out = tmp_path / "roster.pdf"
    build_roster_pdf(g, out, hospital="湘江市第一人民医院", made_on=dt.date(2026, 9, 25))
    text = _text(out)
    assert "湘江市第一人民医院行政总值班表 2026年10月" in text
    assert "第 1 页 / 共 1 页" in text
    assert "制表日期：2026年9月25日" in text
    assert "尚未录入" not in text
    assert "调休上班" in text and "国庆节" in text
    for day in g.days:
        assert f"{day.day.month}月{day.day.day}日" in text
        for cell in day.cells:
            assert f"{cell.name} {cell.phone}" in text


def test_a_month_the_calendar_does_not_know_is_flagged(rostered, tmp_path) -> None:
    with rostered.read() as s:
        g = grid.month_grid(s, 2027, 1)
    assert not g.covered
    out = tmp_path / "roster.pdf"
    build_roster_pdf(g, out, hospital="湘江市第一人民医院", made_on=dt.date(2026, 12, 15))
    text = _text(out).replace("\n", "")
    assert "注意：2027年的法定节假日安排尚未录入，本表按普通周末排列，请以国务院通知为准核对。" in text
