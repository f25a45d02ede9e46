"""Decisions the 办理 panel used to make itself, now services (tested without Qt)."""
from __future__ import annotations

import datetime as dt

import pytest

from db.models import SupervisionItem
from desktop.services import clock
from desktop.services.errors import ServiceError
from desktop.services.incoming import links, workflow
from desktop.services.incoming.register import IncomingInput, get_incoming, register_incoming

T = dt.datetime
NOW = T(2026, 3, 5, 14, 20, 30)


@pytest.fixture
def doc_id(store) -> int:
    with store.write() as s:
        return register_incoming(
            s, IncomingInput(received_at=T(2026, 3, 2, 9, 30), sender="湖南省卫生健康委员会",
                             sender_doc_no="湘卫发〔2026〕12号", title="关于开展医疗质量安全检查的通知"), "文书甲")


def detail(store, doc_id):
    with store.read() as s:
        return get_incoming(s, doc_id)


def test_departments_typed_on_one_line():
    assert workflow.parse_departments("医务部、护理部，院感科,医务部 ") == ["医务部", "护理部", "院感科"]
    assert workflow.parse_departments(" 、 ") == []


def test_first_department_named_leads_and_today_is_the_clocks(store, doc_id):
    with clock.frozen(NOW), store.write() as s:
        workflow.assign_departments(s, doc_id, ["护理部", "医务部"], None, "文书甲")
    d = detail(store, doc_id)
    assert [(a.department, a.is_lead, a.assigned_on) for a in d.assignments] == [
        ("护理部", True, dt.date(2026, 3, 5)), ("医务部", False, dt.date(2026, 3, 5))]
    assert d.events[-1].detail == "主办：护理部；协办：医务部"


def test_no_department_typed_says_so(store, doc_id):
    with store.write() as s, pytest.raises(ServiceError, match="请至少选择一个承办科室。"):
        workflow.assign_departments(s, doc_id, workflow.parse_departments(""), None, "文书甲")


def test_earliest_unreturned_circulation_comes_back_first(store, doc_id):
    with store.write() as s:
        workflow.circulate(s, doc_id, "王院长", T(2026, 3, 3, 10, 0), "文书甲")
        workflow.circulate(s, doc_id, "李副院长", T(2026, 3, 3, 9, 0), "文书甲")  # recorded later, handed earlier
        workflow.circulate(s, doc_id, "张副院长", T(2026, 3, 3, 11, 0), "文书甲")
    with clock.frozen(NOW), store.write() as s:
        workflow.return_earliest_circulation(s, doc_id, "文书乙")
        workflow.return_earliest_circulation(s, doc_id, "文书乙")
    d = detail(store, doc_id)
    assert [(c.reader, c.returned_at) for c in d.circulations] == [
        ("王院长", NOW), ("李副院长", NOW), ("张副院长", None)]
    assert [(e.action, e.actor, e.detail) for e in d.events[-2:]] == [
        ("传阅退回", "文书乙", "李副院长退回"), ("传阅退回", "文书乙", "王院长退回")]


def test_nothing_to_bring_back_says_so(store, doc_id):
    with store.write() as s, pytest.raises(ServiceError, match="没有未收回的传阅。"):
        workflow.return_earliest_circulation(s, doc_id, "文书乙")


def test_supervision_follows_the_latest_instruction(store, doc_id):
    with store.write() as s:
        workflow.add_instruction(s, doc_id, "王院长", "请医务部阅。", dt.date(2026, 3, 3), "文书甲")
        latest = workflow.add_instruction(s, doc_id, "李副院长", "请医务部牵头整改。", dt.date(2026, 3, 4), "文书甲")
    with clock.frozen(NOW), store.write() as s:
        item_id = links.create_supervision_from_latest_instruction(
            s, doc_id, "完成整改", "医务部", dt.date(2026, 3, 31), "主任张")
    with store.read() as s:
        item = s.get(SupervisionItem, item_id)
        assert (item.source_instruction_id, item.assigned_by, item.assigned_on, item.year, item.seq) == (
            latest, "李副院长", dt.date(2026, 3, 5), 2026, 1)
    assert [r.number for r in detail(store, doc_id).supervision_items] == ["督〔2026〕1号"]


def test_supervision_without_instruction_says_so(store, doc_id):
    with store.write() as s, pytest.raises(ServiceError, match="该文件还没有领导批示，无法据批示建立督办。"):
        links.create_supervision_from_latest_instruction(s, doc_id, "事项", "医务部", None, "主任张")


def test_times_the_panel_leaves_out_are_the_clocks(store, doc_id):
    with clock.frozen(NOW), store.write() as s:
        workflow.review(s, doc_id, "文书甲")
        workflow.circulate(s, doc_id, "王院长", None, "文书甲")
        workflow.remind(s, doc_id, "电话", "", "主任张")
        workflow.add_instruction(s, doc_id, "王院长", "阅。", dt.date(2026, 3, 3), "文书甲")
    d = detail(store, doc_id)
    assert (d.reviewed_at, d.circulations[0].handed_at, d.reminders[0].reminded_at) == (NOW, NOW, NOW)
    assert d.instructions[0].recorded_at == NOW
    assert d.updated_at == NOW and {e.at for e in d.events[1:]} == {NOW}


def test_registering_and_cancelling_stamp_the_clocks_time(store):
    from desktop.services.incoming.register import cancel_incoming

    with clock.frozen(NOW), store.write() as s:
        doc_id = register_incoming(
            s, IncomingInput(received_at=T(2026, 3, 5, 8, 0), sender="长沙市卫生健康委员会",
                             sender_doc_no="", title="关于报送统计表的通知"), "文书甲")
        cancel_incoming(s, doc_id, "重复登记", "文书甲")
    d = detail(store, doc_id)
    assert (d.created_at, d.updated_at, d.cancelled_at) == (NOW, NOW, NOW)
    assert [(e.action, e.at) for e in d.events] == [("登记", NOW), ("作废", NOW)]
