"""A 发文 linked to the 督办 item it answers, by the 督办编号 typed on the form."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.errors import ServiceError
from desktop.services.outgoing.register import OutgoingInput, create_draft, get_detail, update_draft
from tests.services.supervision.data import at, make, seed_directory


def _input(**kw) -> OutgoingInput:
    return OutgoingInput(title="关于医疗质量自查情况的报告", drafting_department="医务部", drafter="李文书",
                         main_recipients="院领导", **kw)


def test_the_draft_names_its_supervision_item_and_keeps_the_link(office):
    seed_directory(office)
    with at(dt.date(2026, 10, 12)), office.write() as s:
        make(s)  # 督〔2026〕1号
        second = make(s, task="整改病历书写问题")  # 督〔2026〕2号
        doc_id = create_draft(s, _input(supervision_number="督〔2026〕1号"), "李文书")
    with office.read() as s:
        detail = get_detail(s, doc_id)
    assert detail.supervision_number == "督〔2026〕1号"
    with office.write() as s:
        update_draft(s, doc_id, _input(supervision_number="督〔2026〕2号"), "李文书")
    with office.read() as s:
        detail = get_detail(s, doc_id)
    assert (detail.supervision_item_id, detail.supervision_number) == (second, "督〔2026〕2号")
    assert detail.events[-1].detail == "修改了关联督办"
    with office.write() as s:
        update_draft(s, doc_id, _input(), "李文书")  # cleared: no link
    with office.read() as s:
        assert get_detail(s, doc_id).supervision_item_id is None


def test_an_unknown_number_is_refused_beside_the_field_and_nothing_is_saved(office):
    seed_directory(office)
    with pytest.raises(ServiceError) as err, office.write() as s:
        create_draft(s, _input(supervision_number="督〔2026〕9号"), "李文书")
    assert (err.value.field, err.value.message) == ("supervision_number", "没有督办编号为 督〔2026〕9号 的事项。")
    with office.read() as s:
        assert s.scalar(__import__("sqlalchemy").text("SELECT count(*) FROM outgoing_documents")) == 0
