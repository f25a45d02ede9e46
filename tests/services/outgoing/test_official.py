"""A stored 发文 printed per GB/T 9704: what the record holds, in the standard's order."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.reports.gbt9704 import build_official_document
from desktop.services import clock
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.hospital import set_hospital_name
from desktop.services.outgoing import numbering, workflow
from desktop.services.outgoing.official import attachment_names, find_by_number, official_document
from desktop.services.outgoing.register import OutgoingInput, create_draft
from tests.reports.test_pdf_register import page_texts, squash

from .conftest import SIGNER, signed

BODY = """根据省卫生健康委工作安排，结合我院实际，现将有关事项请示如下。
一、基本情况。我院现有职业健康检查设备已使用十年以上。
二、请示事项。拟申请专项资金购置设备。
妥否，请批示。"""


def _request(s) -> int:
    set_hospital_name(s, "湖南省职业病防治院")
    numbering.save_code(s, numbering.CodeRow("湘职防院发", "湖南省职业病防治院文件"))
    doc_id = create_draft(s, OutgoingInput(
        title="关于申请职业健康检查设备购置专项资金的请示", drafting_department="院办", drafter="李文书",
        doc_type="请示", main_recipients="湖南省卫生健康委员会", cc_recipients="湖南省财政厅、省疾控中心",
        attachment_note="1.设备清单\n2.资金测算表", secrecy="机密", secrecy_term="1年", urgency="特急",
        written_on=dt.date(2026, 11, 22), body=BODY), "李文书")
    workflow.review(s, doc_id, "王主任", "王主任")
    number = workflow.sign_off(s, doc_id, SIGNER, dt.date(2026, 11, 20), "湘职防院发", "李文书")
    assert number == "湘职防院发〔2026〕1号"
    workflow.recheck(s, doc_id, "李文书")
    workflow.print_copies(s, doc_id, "李文书", copies=5)
    workflow.dispatch(s, doc_id, "李文书", issued_on=dt.date(2026, 11, 23))
    return doc_id


def test_stored_request_prints_every_element_in_order(office, tmp_path):
    with clock.frozen(dt.datetime(2026, 11, 23, 10)), office.write() as s:
        doc_id = _request(s)
        assert find_by_number(s, "湘职防院发〔2026〕1号") == doc_id
        doc = official_document(s, doc_id, copy_number="3")
    pdf = tmp_path / "doc.pdf"
    build_official_document(doc, pdf)
    text = squash("".join(page_texts(pdf)))
    expected = [
        "000003", "机密★1年", "特急", "湖南省职业病防治院文件", "湘职防院发〔2026〕1号", "签发人：", "张院长",
        "关于申请职业健康检查设备购置专项资金的请示", "湖南省卫生健康委员会：", "根据省卫生健康委工作安排",
        "一、基本情况。", "妥否，请批示。", "附件：1.设备清单", "2.资金测算表", "湖南省职业病防治院",
        "2026年11月22日", "抄送：湖南省财政厅，省疾控中心。", "湖南省职业病防治院", "2026年11月23日印发",
    ]
    at = 0
    for part in expected:
        found = text.find(part, at)
        assert found >= 0, f"{part} not after position {at}: {text}"
        at = found + len(part)


def test_a_notice_has_no_signer_and_uses_the_hospital_name_when_the_code_has_none(office):
    with clock.frozen(dt.datetime(2026, 3, 2, 9)), office.write() as s:
        set_hospital_name(s, "湖南省职业病防治院")
        numbering.save_code(s, numbering.CodeRow("院党委发", ""))
        doc_id, _ = signed(s, code="院党委发", body="请各支部认真落实。")
        doc = official_document(s, doc_id)
    assert doc.issuer_mark == "湖南省职业病防治院文件"
    assert doc.issuer_signature == "湖南省职业病防治院"
    assert doc.number == "院党委发〔2026〕1号" and doc.signers == ["张院长"] and not doc.shows_signers
    assert doc.written_on == dt.date(2026, 3, 2)  # 成文日期 defaults to the day signed
    assert doc.secrecy == "" and doc.urgency == "" and doc.main_recipients == ["各科室"]
    assert doc.printed_by == "湖南省职业病防治院"  # no 印发机关 recorded: the 单位名称


def test_party_committee_code_names_mark_and_signature(office):
    with clock.frozen(dt.datetime(2026, 3, 2, 9)), office.write() as s:
        numbering.save_code(s, numbering.CodeRow("党委发", "中共湖南省职业病防治院委员会文件"))
        doc_id, _ = signed(s, code="党委发")
        doc = official_document(s, doc_id)
    assert doc.issuer_mark == "中共湖南省职业病防治院委员会文件"
    assert doc.issuer_signature == "中共湖南省职业病防治院委员会"


def test_unknown_number_and_cancelled_document_are_refused(office):
    with clock.frozen(dt.datetime(2026, 3, 2, 9)), office.write() as s:
        doc_id, _ = signed(s)
        numbering.cancel_number(s, doc_id, "标题有误", "测试主任")
        with pytest.raises(ServiceError, match="已作废"):
            official_document(s, doc_id)
        with pytest.raises(NotFoundError, match="院发〔2026〕9号"):
            find_by_number(s, "院发〔2026〕9号")
        with pytest.raises(ServiceError, match="不符合格式"):
            find_by_number(s, "院发2026-9")


def test_attachment_note_forms():
    assert attachment_names("1.设备清单\n2.资金测算表") == ["设备清单", "资金测算表"]
    assert attachment_names("设备清单、资金测算表") == ["设备清单", "资金测算表"]
    assert attachment_names("《管理办法》（试行）") == ["《管理办法》（试行）"]
    assert attachment_names("") == []
