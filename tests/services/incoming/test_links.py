"""督办 from a 批示 and 复文, linked to the 收文 both ways."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from db.models import OutgoingDocument, SupervisionItem
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.incoming import links, workflow
from desktop.services.incoming.register import (
    IncomingInput,
    cancel_incoming,
    get_incoming,
    register_incoming,
)

TODAY = dt.date(2026, 4, 2)


def _doc_with_instruction(store, title="关于开展检查的通知") -> tuple[int, int]:
    with store.write() as s:
        doc_id = register_incoming(
            s, IncomingInput(received_at=dt.datetime(2026, 4, 1, 9), sender="湖南省卫生健康委员会",
                             sender_doc_no="湘卫发〔2026〕12号", title=title), "文书甲")
        ins = workflow.add_instruction(s, doc_id, "王院长", "请医务部牵头，月底前完成。", dt.date(2026, 4, 1), "文书甲")
    return doc_id, ins


def _supervise(s, ins, task="完成医疗质量自查", **kw):
    args = dict(lead_department="医务部", deadline=dt.date(2026, 4, 30), actor="主任张", today=TODAY)
    args.update(kw)
    return links.create_supervision_from_instruction(s, ins, task, **args)


def test_supervision_item_from_instruction_links_both_ways(store):
    doc_id, ins = _doc_with_instruction(store)
    with store.write() as s:
        item_id = _supervise(s, ins, responsible="李主任", assisting="护理部、院感科")
    with store.read() as s:
        item = s.get(SupervisionItem, item_id)
        assert (item.source, item.source_incoming_id, item.source_instruction_id) == ("领导批示", doc_id, ins)
        assert (item.assigned_by, item.lead_department, item.assisting_departments, item.responsible) == (
            "王院长", "医务部", "护理部、院感科", "李主任")
        assert (item.year, item.seq, item.assigned_on, item.deadline) == (2026, 1, TODAY, dt.date(2026, 4, 30))
        detail = get_incoming(s, doc_id)
        assert [(r.id, r.title) for r in detail.supervision_items] == [(item_id, "完成医疗质量自查")]
        assert (detail.events[-1].action, detail.events[-1].actor) == ("立督办", "主任张")
        assert "王院长" in detail.events[-1].detail
        back = links.supervision_source(s, item_id)
        assert (back.id, back.number, back.title) == (doc_id, "收〔2026〕0001", "关于开展检查的通知")


def test_supervision_numbers_are_gapless_per_year(store):
    _, ins = _doc_with_instruction(store)
    with store.write() as s:
        a = _supervise(s, ins, "事项一")
        b = _supervise(s, ins, "事项二")
        c = _supervise(s, ins, "事项三", today=dt.date(2027, 1, 5), deadline=None)
        got = [(s.get(SupervisionItem, i).year, s.get(SupervisionItem, i).seq) for i in (a, b, c)]
    assert got == [(2026, 1), (2026, 2), (2027, 1)]


def test_supervision_rules(store):
    doc_id, ins = _doc_with_instruction(store)
    with store.write() as s:
        for kw, field in ((dict(task=" "), "task"), (dict(lead_department=""), "lead_department"),
                          (dict(deadline=dt.date(2026, 4, 1)), "deadline")):
            with pytest.raises(ServiceError) as err:
                _supervise(s, ins, **kw)
            assert err.value.field == field
        with pytest.raises(NotFoundError):
            _supervise(s, 9999)
        cancel_incoming(s, doc_id, "误登", "文书甲")
        with pytest.raises(ServiceError, match="已作废"):
            _supervise(s, ins)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(SupervisionItem)) == 0


def test_reply_outgoing_links_both_ways(store):
    doc_id, _ = _doc_with_instruction(store)
    with store.write() as s:
        with pytest.raises(ServiceError) as err:
            links.create_reply_outgoing(s, doc_id, "", "医务部", "李")
        assert err.value.field == "title"
        out_id = links.create_reply_outgoing(s, doc_id, "关于医疗质量自查情况的报告", "医务部", "李")
    with store.read() as s:
        out = s.get(OutgoingDocument, out_id)
        assert (out.in_reply_to_id, out.drafter, out.main_recipients) == (doc_id, "李", "湖南省卫生健康委员会")
        found = links.links_of(s, doc_id)
        assert [(r.id, r.number, r.title) for r in found.replies] == [(out_id, "", "关于医疗质量自查情况的报告")]
        assert found.supervision_items == []
        assert get_incoming(s, doc_id).replies == found.replies
        assert get_incoming(s, doc_id).events[-1].action == "拟复文"
        assert links.reply_source(s, out_id).id == doc_id


def test_links_show_supervision_and_reply_numbers_in_display_form(store):
    from desktop.services import records
    from desktop.services.outgoing.kind import OUTGOING

    doc_id, ins = _doc_with_instruction(store)
    with store.write() as s:
        _supervise(s, ins, "事项一")
        _supervise(s, ins, "事项二")
        out_id = links.create_reply_outgoing(s, doc_id, "关于检查情况的报告", "医务部", "李")
        records.assign_number(s, OUTGOING, s.get(OutgoingDocument, out_id), ("湘职防院发", 2026))
    with store.read() as s:
        found = links.links_of(s, doc_id)
    assert [r.number for r in found.supervision_items] == ["督〔2026〕1号", "督〔2026〕2号"]
    assert [r.number for r in found.replies] == ["湘职防院发〔2026〕1号"]
