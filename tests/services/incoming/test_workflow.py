"""收文办理: the steps of 条例 art. 24, their rules, and the audit trail."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import workcal
from desktop.services.errors import ServiceError
from desktop.services.incoming import query, workflow
from desktop.services.incoming.register import (
    IncomingInput,
    cancel_incoming,
    get_incoming,
    register_incoming,
    update_incoming,
)

D = dt.date
T = dt.datetime
RECEIVED = T(2026, 3, 2, 9, 30)


def register(store, **kw) -> int:
    data = dict(received_at=RECEIVED, sender="湖南省卫生健康委员会", sender_doc_no="湘卫发〔2026〕12号",
                title="关于开展医疗质量安全检查的通知")
    data.update(kw)
    with store.write() as s:
        return register_incoming(s, IncomingInput(**data), "文书甲")


def detail(store, doc_id):
    with store.read() as s:
        return get_incoming(s, doc_id)


def fails(store, fn, *args, field=None, match=None, **kw) -> ServiceError:
    with store.write() as s, pytest.raises(ServiceError, match=match) as err:
        fn(s, *args, **kw)
    if field is not None:
        assert err.value.field == field
    return err.value


def test_happy_path_to_archive_records_every_step(store):
    doc_id = register(store)
    with store.write() as s:
        workflow.review(s, doc_id, "文书甲")
        workflow.propose(s, doc_id, "拟请王院长阅示，医务部牵头办理。", "主任张")
        ins = workflow.add_instruction(s, doc_id, "王院长", "同意，医务部牵头。", D(2026, 3, 3), "文书甲")
        workflow.assign_departments(s, doc_id, ["医务部", "护理部"], "医务部", "文书甲", D(2026, 3, 3))
        workflow.record_opinion(s, doc_id, "医务部", "已部署自查。", "医务部李")
        circ = workflow.circulate(s, doc_id, "李副院长", T(2026, 3, 3, 10, 0), "文书甲")
        workflow.return_circulation(s, circ, T(2026, 3, 4, 16, 0), "文书甲")
        workflow.remind(s, doc_id, "电话", "请于周五前报送自查报告", "主任张", T(2026, 3, 10, 9, 0))
        workflow.complete(s, doc_id, "已报送自查报告。", D(2026, 3, 13), "文书甲")
        workflow.archive(s, doc_id, "2026-WS-01", "15", D(2026, 3, 20), "档案员")
    d = detail(store, doc_id)
    assert d.step == "已归档"
    assert (d.reviewed_by, d.proposed_by, d.result) == ("文书甲", "主任张", "已报送自查报告。")
    assert d.reviewed_at is not None and d.proposed_at is not None
    assert [(i.id, i.leader, i.instructed_on) for i in d.instructions] == [(ins, "王院长", D(2026, 3, 3))]
    assert [(a.department, a.is_lead, a.opinion) for a in d.assignments] == [
        ("医务部", True, "已部署自查。"), ("护理部", False, "")]
    assert (d.circulations[0].reader, d.circulations[0].returned_at) == ("李副院长", T(2026, 3, 4, 16, 0))
    assert (d.reminders[0].method, d.reminders[0].reminded_by) == ("电话", "主任张")
    assert (d.completed_on, d.archived_on, d.archive_volume, d.archive_item) == (
        D(2026, 3, 13), D(2026, 3, 20), "2026-WS-01", "15")
    assert [(e.action, e.actor) for e in d.events] == [
        ("登记", "文书甲"), ("初审", "文书甲"), ("拟办", "主任张"), ("批示", "文书甲"), ("承办", "文书甲"),
        ("承办意见", "医务部李"), ("传阅", "文书甲"), ("传阅退回", "文书甲"), ("催办", "主任张"),
        ("办结", "文书甲"), ("归档", "档案员"),
    ]
    assert all(e.at is not None for e in d.events)
    assert "主办：医务部；协办：护理部" in d.events[4].detail


def test_step_follows_each_change(store):
    doc_id = register(store)
    steps = []
    with store.write() as s:
        for action in (
            lambda: workflow.review(s, doc_id, "甲"),
            lambda: workflow.propose(s, doc_id, "拟办", "甲"),
            lambda: workflow.add_instruction(s, doc_id, "王院长", "阅", D(2026, 3, 2), "甲"),
            lambda: workflow.assign_departments(s, doc_id, ["医务部"], "医务部", "甲", D(2026, 3, 2)),
        ):
            action()
            steps.append(get_incoming(s, doc_id).step)
    assert steps == ["待拟办", "待批示", "待交办", "承办中"]
    with store.read() as s:
        assert list(query.list_ids(s, query.IncomingFilter(step="承办中"))) == [doc_id]


def test_required_texts(store):
    doc_id = register(store)
    fails(store, workflow.propose, doc_id, " ", "甲", field="proposal")
    fails(store, workflow.add_instruction, doc_id, "", "同意", D(2026, 3, 3), "甲", field="leader")
    fails(store, workflow.add_instruction, doc_id, "王院长", "", D(2026, 3, 3), "甲", field="instruction")
    fails(store, workflow.add_instruction, doc_id, "王院长", "同意", D(2026, 3, 1), "甲", field="instructed_on")
    fails(store, workflow.circulate, doc_id, "", T(2026, 3, 3), "甲", field="reader")
    fails(store, workflow.circulate, doc_id, "李", T(2026, 3, 1), "甲", field="handed_at")
    fails(store, workflow.remind, doc_id, "", "", "甲", field="method")
    assert detail(store, doc_id).step == "待初审"


def test_assignment_rules_and_reassignment_replaces_the_set(store):
    doc_id = register(store)
    fails(store, workflow.assign_departments, doc_id, [], "医务部", "甲", D(2026, 3, 3), field="departments")
    fails(store, workflow.assign_departments, doc_id, [" ", ""], "", "甲", D(2026, 3, 3), field="departments")
    fails(store, workflow.assign_departments, doc_id, ["医务部", "护理部"], "院办", "甲", D(2026, 3, 3),
          field="lead")
    fails(store, workflow.assign_departments, doc_id, ["医务部", "护理部"], "", "甲", D(2026, 3, 3), field="lead")
    with store.write() as s:
        workflow.assign_departments(s, doc_id, ["医务部", "护理部", "医务部"], "医务部", "甲", D(2026, 3, 3))
        workflow.record_opinion(s, doc_id, "护理部", "护理部已落实。", "护理部")
        workflow.assign_departments(s, doc_id, ["护理部", "院感科"], "护理部", "乙", D(2026, 3, 5))
    d = detail(store, doc_id)
    assert [(a.department, a.is_lead, a.opinion) for a in d.assignments] == [
        ("护理部", True, "护理部已落实。"), ("院感科", False, "")]
    assert sum(a.is_lead for a in d.assignments) == 1
    assert {a.department: a.assigned_on for a in d.assignments} == {"护理部": D(2026, 3, 3), "院感科": D(2026, 3, 5)}
    fails(store, workflow.record_opinion, doc_id, "医务部", "意见", field="department")
    fails(store, workflow.record_opinion, doc_id, "护理部", " ", field="opinion")


def test_return_circulation_not_before_handed(store):
    doc_id = register(store)
    with store.write() as s:
        circ = workflow.circulate(s, doc_id, "李副院长", T(2026, 3, 3, 10, 0), "甲")
    fails(store, workflow.return_circulation, circ, T(2026, 3, 3, 9, 59), field="returned_at")
    assert detail(store, doc_id).circulations[0].returned_at is None


def test_complete_needs_result_and_a_department(store):
    doc_id = register(store)
    fails(store, workflow.complete, doc_id, "  ", D(2026, 3, 5), "甲", field="result")
    fails(store, workflow.complete, doc_id, "已办", D(2026, 3, 5), "甲", field="departments")
    with store.write() as s:
        workflow.assign_departments(s, doc_id, ["医务部"], "医务部", "甲", D(2026, 3, 3))
    fails(store, workflow.complete, doc_id, "已办", D(2026, 3, 1), "甲", field="completed_on")
    with store.write() as s:
        workflow.complete(s, doc_id, "已办", D(2026, 3, 5), "甲")
    fails(store, workflow.complete, doc_id, "又办", D(2026, 3, 6), "甲", match="已.*办结")
    fails(store, workflow.remind, doc_id, "电话", "", "甲", match="办结")
    assert detail(store, doc_id).step == "待归档"


def test_archive_needs_completion_volume_item_and_order(store):
    doc_id = register(store)
    with store.write() as s:
        workflow.assign_departments(s, doc_id, ["医务部"], "医务部", "甲", D(2026, 3, 3))
    fails(store, workflow.archive, doc_id, "卷1", "1", D(2026, 3, 9), "甲", field="archived_on", match="尚未办结")
    with store.write() as s:
        workflow.complete(s, doc_id, "已办", D(2026, 3, 5), "甲")
    fails(store, workflow.archive, doc_id, "", "1", D(2026, 3, 9), "甲", field="archive_volume")
    fails(store, workflow.archive, doc_id, "卷1", " ", D(2026, 3, 9), "甲", field="archive_item")
    fails(store, workflow.archive, doc_id, "卷1", "1", D(2026, 3, 4), "甲", field="archived_on")
    with store.write() as s:
        workflow.archive(s, doc_id, "卷1", "1", D(2026, 3, 9), "甲")
    # Archived: frozen, including reopening and a second archive.
    err = fails(store, workflow.reopen, doc_id, "甲", "返工", match="已归档")
    assert "不能再修改" in err.message
    fails(store, workflow.archive, doc_id, "卷2", "2", D(2026, 3, 10), "甲", match="已归档")
    fails(store, workflow.add_instruction, doc_id, "王院长", "补批", D(2026, 3, 10), "甲", match="已归档")
    fails(store, cancel_incoming, doc_id, "作废", "甲", match="已归档")
    assert detail(store, doc_id).archive_volume == "卷1"


def test_reading_only_document_completes_or_archives_without_assignment(store):
    read_only = register(store, for_reading_only=True, title="阅知件一")
    with store.write() as s:
        workflow.circulate(s, read_only, "王院长", T(2026, 3, 2, 14, 0), "甲")
        workflow.complete(s, read_only, "已阅", D(2026, 3, 3), "甲")
    assert detail(store, read_only).step == "待归档"

    straight = register(store, for_reading_only=True, title="阅知件二")
    with store.write() as s:
        workflow.archive(s, straight, "卷1", "7", D(2026, 3, 6), "档案员")
    d = detail(store, straight)
    assert (d.step, d.completed_on, d.archived_on) == ("已归档", D(2026, 3, 6), D(2026, 3, 6))
    assert [e.action for e in d.events] == ["登记", "归档"]

    too_early = register(store, for_reading_only=True, title="阅知件三")
    fails(store, workflow.archive, too_early, "卷1", "8", D(2026, 3, 1), "甲", field="archived_on")


def test_reopen_undoes_completion(store):
    doc_id = register(store)
    fails(store, workflow.reopen, doc_id, "甲", "原因", match="尚未办结")
    with store.write() as s:
        workflow.assign_departments(s, doc_id, ["医务部"], "医务部", "甲", D(2026, 3, 3))
        workflow.complete(s, doc_id, "已办", D(2026, 3, 5), "甲")
    fails(store, workflow.reopen, doc_id, "甲", " ", field="reason")
    with store.write() as s:
        workflow.reopen(s, doc_id, "主任张", "结果不完整")
    d = detail(store, doc_id)
    assert (d.step, d.completed_on, d.result) == ("承办中", None, "已办")
    assert (d.events[-1].action, d.events[-1].actor, d.events[-1].detail) == ("撤销办结", "主任张", "结果不完整")


def test_cancelled_document_refuses_every_step(store):
    doc_id = register(store)
    with store.write() as s:
        cancel_incoming(s, doc_id, "重复", "甲")
    for fn, args in (
        (workflow.review, ("甲",)),
        (workflow.propose, ("拟办", "甲")),
        (workflow.assign_departments, (["医务部"], "医务部", "甲", D(2026, 3, 3))),
        (workflow.circulate, ("李", T(2026, 3, 3), "甲")),
        (workflow.complete, ("已办", D(2026, 3, 3), "甲")),
        (workflow.archive, ("卷", "1", D(2026, 3, 3), "甲")),
    ):
        fails(store, fn, doc_id, *args, match="已作废")
    assert [e.action for e in detail(store, doc_id).events] == ["登记", "作废"]


def test_today_view(store):
    today = D(2026, 3, 2)
    arrived = register(store, title="今天到的")
    due = register(store, received_at=T(2026, 2, 20, 9), deadline=today, title="今天到期")
    overdue = register(store, received_at=T(2026, 2, 10, 9), deadline=D(2026, 2, 27), title="已逾期")
    done = register(store, received_at=T(2026, 2, 10, 9), deadline=D(2026, 2, 27), title="已办结")
    cancelled = register(store, title="今天作废")
    with store.write() as s:
        workflow.assign_departments(s, done, ["医务部"], "医务部", "甲", D(2026, 2, 11))
        workflow.complete(s, done, "已办", D(2026, 2, 26), "甲")
        cancel_incoming(s, cancelled, "错登", "甲")
    with store.read() as s:
        view = workflow.today_view(s, today)
    assert view == {"arrived": [arrived], "due_today": [due], "overdue": [overdue]}


def test_deadline_across_national_day_counts_working_days(store):
    """Due 2026-10-08 is one working day after 2026-09-30: 10-01..10-07 are 国庆 holidays."""
    assert workcal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    received = T(2026, 9, 28, 9)
    on_8th = register(store, received_at=received, deadline=D(2026, 10, 8), title="节后第一天到期")
    on_9th = register(store, received_at=received, deadline=D(2026, 10, 9), title="节后第二天到期")
    with store.read() as s:
        soon = set(query.list_ids(s, query.IncomingFilter(due_within_workdays=1, today=D(2026, 9, 30))))
        later = set(query.list_ids(s, query.IncomingFilter(due_within_workdays=2, today=D(2026, 9, 30))))
    assert on_8th in soon and on_9th not in soon
    assert {on_8th, on_9th} <= later


def test_update_after_steps_keeps_the_step(store):
    doc_id = register(store)
    with store.write() as s:
        workflow.review(s, doc_id, "甲")
        update_incoming(s, doc_id, IncomingInput(received_at=RECEIVED, sender="省卫健委", sender_doc_no="",
                                                 title="新标题"), "甲")
    assert detail(store, doc_id).step == "待拟办"
