"""The 收文处理笺's data: a registered document as the plain strings the slip prints."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.errors import NotFoundError
from desktop.services.hospital import set_hospital_name
from desktop.services.incoming import workflow
from desktop.services.incoming.slip import SlipData, slip_data, slip_data_by_id
from tests.services.incoming.test_register import register


def test_slip_data_is_the_document_in_display_form(store):
    doc_id = register(store, deadline=dt.date(2026, 3, 20), copies=2)
    with store.write() as s:
        workflow.propose(s, doc_id, "拟请医务部办理。", "文书甲", at=dt.datetime(2026, 3, 2, 10, 0))
        workflow.add_instruction(s, doc_id, "张院长", "同意。", dt.date(2026, 3, 3), "文书甲")
        workflow.assign_departments(s, doc_id, ["医务部", "护理部"], "医务部", "文书甲", dt.date(2026, 3, 3))
        workflow.complete(s, doc_id, "已报送。", dt.date(2026, 3, 14), "文书甲")
        set_hospital_name(s, "湘南市第一人民医院")
    with store.read() as s:
        data = slip_data(s, 2026, 1)
        assert slip_data_by_id(s, doc_id) == data
    assert data == SlipData(
        hospital="湘南市第一人民医院", registered_by="文书甲", proposed_by="文书甲", proposed_on="2026-03-02",
        number="收〔2026〕0001", received_at="2026-03-02 09:30", sender="湖南省卫生健康委员会",
        sender_doc_no="湘卫发〔2026〕12号", title="关于开展医疗质量安全检查的通知", doc_type="通知",
        secrecy="公开", urgency="普通", copies=2, deadline="2026-03-20", proposal="拟请医务部办理。",
        instructions=[("张院长", "同意。", "2026-03-03")],
        departments=[("医务部", True, ""), ("护理部", False, "")],
        result="已报送。", completed_on="2026-03-14",
    )


def test_unknown_number_names_it(store):
    with store.read() as s, pytest.raises(NotFoundError, match="2026 年第 9 号"):
        slip_data(s, 2026, 9)
