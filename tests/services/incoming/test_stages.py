"""Stages, marks, the actions the 办理 panel may offer, and the directory checks (no Qt)."""
from __future__ import annotations

import datetime as dt

import pytest

from db.models import IncomingCirculation, IncomingDocument, IncomingReminder
from desktop.services import clock
from desktop.services.errors import ServiceError
from desktop.services.incoming import actions, links, query, workflow
from desktop.services.incoming.directory import UnknownNamesError
from desktop.services.incoming.register import (
    IncomingInput,
    cancel_incoming,
    get_incoming,
    register_incoming,
)
from desktop.services.incoming.steps import derive_marks, derive_step

T = dt.datetime
D = dt.date
NOW = T(2026, 3, 5, 14, 20)


def _doc(**cols) -> IncomingDocument:
    return IncomingDocument(received_at=T(2026, 3, 2, 9, 0), sender="省卫健委", title="通知", proposal="", **cols)


def test_derive_step_and_marks_directly():
    doc = _doc()
    assert (derive_step(doc), derive_marks(doc)) == ("待初审", ())
    doc.circulations.append(IncomingCirculation(reader="王院长", handed_at=T(2026, 3, 3, 9, 0)))
    assert (derive_step(doc), derive_marks(doc)) == ("待初审", ("传阅中",))  # 传阅 is a mark, not a stage
    doc.circulations[0].returned_at = T(2026, 3, 3, 15, 0)
    assert derive_marks(doc) == ()
    doc.reminders.append(IncomingReminder(reminded_at=T(2026, 3, 4, 9, 0), method="电话"))
    assert (derive_step(doc), derive_marks(doc)) == ("待初审", ("已催办",))  # 催办 moves nothing
    doc.completed_on = D(2026, 3, 6)
    assert (derive_step(doc), derive_marks(doc)) == ("待归档", ())  # 办结: waits for 归档, chasing is over
    doc.archived_on = D(2026, 3, 7)
    assert derive_step(doc) == "已归档"
    doc.cancelled_at = T(2026, 3, 8, 9, 0)
    assert (derive_step(doc), derive_marks(doc)) == ("已作废", ())


def _register(store) -> int:
    with store.write() as s:
        return register_incoming(s, IncomingInput(received_at=T(2026, 3, 2, 9, 30), sender="湖南省卫生健康委员会",
                                                  sender_doc_no="", title="关于开展检查的通知"), "文书甲")


def _plan(store, doc_id):
    with store.read() as s:
        return actions.allowed_actions(get_incoming(s, doc_id))


def test_each_stage_offers_its_usual_next_action_first(store):
    doc_id = _register(store)
    seen = []
    steps = (
        lambda s: workflow.review(s, doc_id, "甲"),
        lambda s: workflow.propose(s, doc_id, "拟请医务部办理", "甲"),
        lambda s: workflow.add_instruction(s, doc_id, "王院长", "同意", D(2026, 3, 3), "甲"),
        lambda s: workflow.assign_departments(s, doc_id, ["医务部"], None, "甲", D(2026, 3, 3)),
        lambda s: workflow.complete(s, doc_id, "已办", D(2026, 3, 4), "甲"),
        lambda s: workflow.archive(s, doc_id, "2026-1", "7", D(2026, 3, 5), "甲"),
    )
    for step in (None, *steps):
        if step is not None:
            with store.write() as s:
                step(s)
        plan = _plan(store, doc_id)
        seen.append((plan.stage, plan.next, plan.actions[:1]))
    assert seen == [
        ("待初审", "review", ("review",)), ("待拟办", "propose", ("propose",)),
        ("待批示", "instruct", ("instruct",)), ("待交办", "assign", ("assign",)),
        ("承办中", "complete", ("complete",)), ("待归档", "archive", ("archive",)), ("已归档", None, ()),
    ]


def test_actions_that_would_fail_are_not_offered(store):
    doc_id = _register(store)
    plan = _plan(store, doc_id)
    assert plan.actions == ("review", "propose", "instruct", "assign", "circulate", "reply", "cancel")
    with store.write() as s:
        workflow.review(s, doc_id, "甲")
        workflow.assign_departments(s, doc_id, ["医务部"], None, "甲", D(2026, 3, 3))
        workflow.complete(s, doc_id, "已办", D(2026, 3, 4), "甲")
    plan = _plan(store, doc_id)
    assert plan.actions == ("archive", "circulate", "reopen", "reply", "cancel")  # no second 初审, no 交办
    with store.write() as s:
        cancel_incoming(s, doc_id, "重复登记", "甲")
    assert (_plan(store, doc_id).actions, _plan(store, doc_id).frozen_reason) == ((), "已作废")


def test_skipping_steps_is_asked_once_with_what_is_skipped(store):
    doc_id = _register(store)
    with store.read() as s:
        d = get_incoming(s, doc_id)
    assert actions.skip_question(d, "assign") == "该文尚未初审、拟办、批示，确定直接交办？"
    assert actions.skip_question(d, "review") is None
    assert actions.skip_question(d, "circulate") is None
    with store.write() as s:
        workflow.review(s, doc_id, "甲")
        workflow.propose(s, doc_id, "拟办", "甲")
        d = get_incoming(s, doc_id)
    assert actions.skip_question(d, "assign") == "该文尚未批示，确定直接交办？"


def test_second_review_is_refused_with_a_reason(store):
    doc_id = _register(store)
    with clock.frozen(NOW), store.write() as s:
        workflow.review(s, doc_id, "甲")
    with store.write() as s, pytest.raises(ServiceError, match="该文已于 2026-03-05 14:20 初审"):
        workflow.review(s, doc_id, "甲")


def test_marks_are_in_the_column_and_the_filter(store):
    doc_id = _register(store)
    other = _register(store)
    with store.write() as s:
        workflow.assign_departments(s, doc_id, ["医务部"], None, "甲", D(2026, 3, 3))
        workflow.circulate(s, doc_id, "王院长", T(2026, 3, 3, 10, 0), "甲")
        workflow.remind(s, doc_id, "电话", "", "甲")
    with store.read() as s:
        rows = query.fetch_rows(s, [doc_id, other], today=D(2026, 3, 5))
        assert rows[doc_id].values[-1] == "承办中·传阅中·已催办"
        assert rows[other].values[-1] == "待初审"
        assert list(query.list_ids(s, query.IncomingFilter(step="传阅中"))) == [doc_id]
        assert list(query.list_ids(s, query.IncomingFilter(step="已催办"))) == [doc_id]
        assert list(query.list_ids(s, query.IncomingFilter(step="待初审"))) == [other]
        assert sorted(query.list_ids(s, query.IncomingFilter(step="未办结"))) == sorted([doc_id, other])


# --- the directory ----------------------------------------------------------------------


def test_unknown_department_refused_unless_added(store):
    doc_id = _register(store)
    with store.write() as s, pytest.raises(UnknownNamesError) as err:
        workflow.assign_departments(s, doc_id, ["医务部", "火星科"], None, "甲", D(2026, 3, 3))
    assert (err.value.message, err.value.field) == (
        "“火星科”不在科室目录中；请从列表中选择，或点“新增到目录”。", "departments")
    assert _plan(store, doc_id).stage == "待初审"  # nothing was assigned
    with store.write() as s:
        workflow.assign_departments(s, doc_id, ["医务部", "火星科"], None, "甲", D(2026, 3, 3), add_to_directory=True)
    from desktop.services.reference import department_names
    with store.read() as s:
        assert "火星科" in department_names(s)
        assert [a.department for a in get_incoming(s, doc_id).assignments] == ["医务部", "火星科"]


def test_unknown_leader_reader_and_supervision_department_refused(store):
    doc_id = _register(store)
    with store.write() as s, pytest.raises(UnknownNamesError, match="“赵六”不在人员目录中") as err:
        workflow.add_instruction(s, doc_id, "赵六", "阅", D(2026, 3, 3), "甲")
    assert err.value.field == "leader"
    with store.write() as s, pytest.raises(UnknownNamesError) as err:
        workflow.circulate(s, doc_id, "赵六", None, "甲")
    assert err.value.field == "reader"
    with store.write() as s:
        workflow.add_instruction(s, doc_id, "王院长", "阅", D(2026, 3, 3), "甲")
    with store.write() as s, pytest.raises(UnknownNamesError) as err:
        links.create_supervision_from_latest_instruction(s, doc_id, "整改", "火星科", None, "甲")
    assert err.value.field == "lead_department"


def test_a_reader_holds_one_copy_and_a_copy_comes_back_once(store):
    doc_id = _register(store)
    with store.write() as s:
        circ = workflow.circulate(s, doc_id, "王院长", T(2026, 3, 3, 10, 0), "甲")
    with store.write() as s, pytest.raises(ServiceError, match="王院长手中已有一份未收回的传阅。"):
        workflow.circulate(s, doc_id, "王院长", T(2026, 3, 3, 11, 0), "甲")
    with store.write() as s:
        workflow.return_circulation(s, circ, T(2026, 3, 3, 15, 0), "甲")
    with store.write() as s, pytest.raises(ServiceError, match="王院长的传阅已于 2026-03-03 15:00 收回。"):
        workflow.return_circulation(s, circ, T(2026, 3, 3, 16, 0), "甲")
