"""Status derived from dates across 国庆 2026 and its make-up Saturday (10月10日), with and
without extensions; the SQL form agrees with the Python one."""
from __future__ import annotations

import datetime as dt

import pytest

from db.models import SupervisionItem
from desktop.services.supervision import query, workflow
from desktop.services.supervision import status as st
from desktop.services.supervision.register import SupervisionInput, create_item
from desktop.services.supervision.status import status_of

from .data import at, make

D = dt.date


@pytest.mark.parametrize(("today", "due", "expected"), [
    (D(2026, 9, 30), D(2026, 10, 9), "临期"),  # 9 calendar days, but only 10/8 and 10/9 are working days
    (D(2026, 9, 30), D(2026, 10, 12), "进行中"),  # the 3rd working day after 9/30 is the Saturday 10/10
    (D(2026, 10, 8), D(2026, 10, 12), "临期"),  # 10/9, 10/10 (调休上班), 10/12
    (D(2026, 10, 8), D(2026, 10, 13), "进行中"),
    (D(2026, 10, 13), D(2026, 10, 13), "临期"),  # due today is not yet late
    (D(2026, 10, 14), D(2026, 10, 13), "逾期"),
    (D(2026, 10, 3), D(2026, 10, 2), "逾期"),  # a deadline on a holiday still passes
])
def test_open_item_across_national_day(today, due, expected):
    assert status_of("进行中", due, today) == expected


def test_due_soon_days_is_a_setting():
    assert status_of("进行中", D(2026, 10, 14), D(2026, 10, 8), soon_days=5) == "临期"
    assert status_of("进行中", D(2026, 10, 14), D(2026, 10, 8), soon_days=3) == "进行中"
    assert status_of("进行中", D(2026, 10, 9), D(2026, 10, 8), soon_days=0) == "进行中"


def test_ten_working_days_span_the_holiday_and_count_the_make_up_saturday(office):
    with at(D(2026, 9, 28)), office.write() as s:
        item_id = create_item(s, SupervisionInput("整改院感问题", "院感科", "王院长", deadline_workdays=10), "文书甲")
    with office.read() as s:
        item = s.get(SupervisionItem, item_id)
        assert (item.deadline, item.deadline_workdays, item.due_on, item.step) == (
            D(2026, 10, 16), 10, D(2026, 10, 16), "进行中")


def _status(store, item_id, today):
    with store.read() as s:
        item = s.get(SupervisionItem, item_id)
        python = st.derive_status(item, today)
        rows = query.fetch_rows(s, [item_id], today=today)
        ids = list(query.list_ids(s, query.SupervisionFilter(status=python, today=today)))
    assert rows[item_id].status == python
    assert item_id in ids
    return python


def test_refused_extension_keeps_the_original_deadline_and_approved_moves_it(office):
    with at(D(2026, 9, 28)), office.write() as s:
        item_id = make(s, deadline=D(2026, 10, 9))
    with at(D(2026, 9, 29)), office.write() as s:
        ext = workflow.request_extension(s, item_id, D(2026, 10, 20), "需等设备到货", "文书甲")
        workflow.decide_extension(s, ext, False, "主任", "时间充裕，不予延期")
    assert _status(office, item_id, D(2026, 10, 12)) == "逾期"
    with office.read() as s:
        assert s.get(SupervisionItem, item_id).due_on == D(2026, 10, 9)
    with at(D(2026, 10, 8)), office.write() as s:
        ext = workflow.request_extension(s, item_id, D(2026, 10, 20), "设备延迟到货", "文书甲")
        workflow.decide_extension(s, ext, True, "主任")
    assert _status(office, item_id, D(2026, 10, 12)) == "进行中"
    assert _status(office, item_id, D(2026, 10, 16)) == "临期"
    with office.read() as s:
        item = s.get(SupervisionItem, item_id)
        assert (item.deadline, item.due_on) == (D(2026, 10, 9), D(2026, 10, 20))  # the original stays visible
    with at(D(2026, 10, 19)), office.write() as s:
        workflow.close(s, item_id, "已完成整改", "文书甲")
        workflow.accept(s, item_id, "主任")
    assert _status(office, item_id, D(2026, 10, 30)) == "已办结（按期）"  # on time against the approved date


def test_closed_after_the_deadline_is_closed_late(office):
    with at(D(2026, 9, 28)), office.write() as s:
        item_id = make(s, deadline=D(2026, 10, 9))
    with at(D(2026, 10, 10)), office.write() as s:
        workflow.close(s, item_id, "已完成", "文书甲")
    assert _status(office, item_id, D(2026, 10, 12)) == "待审结"
    with at(D(2026, 10, 12)), office.write() as s:
        workflow.accept(s, item_id, "主任")
    assert _status(office, item_id, D(2026, 10, 12)) == "已办结（逾期）"
    with office.read() as s:
        row = query.fetch_rows(s, [item_id], today=D(2026, 11, 1))[item_id]
    assert (row.number, row.days_overdue) == ("督〔2026〕1号", 1)


def test_marks_returned_extended_report_late(office):
    with at(D(2026, 9, 1)), office.write() as s:
        item_id = make(s, deadline=D(2026, 10, 30), report_cycle="每周")
    with at(D(2026, 9, 7)), office.write() as s:
        workflow.report_progress(s, item_id, "已制定方案", 20, "文书甲")
    with office.read() as s:
        item = s.get(SupervisionItem, item_id)
        assert st.derive_marks(item, D(2026, 9, 14)) == ()
        assert st.derive_marks(item, D(2026, 9, 15)) == ("进展逾期",)
