"""发文 workflow rules: stages after each step, the number only at 签发, 核发's needs, the frozen text."""
from __future__ import annotations

import datetime as dt

import pytest

from db.models import OutgoingDocument
from desktop.services import clock
from desktop.services.errors import ServiceError
from desktop.services.outgoing import numbering, workflow
from desktop.services.outgoing.register import OutgoingInput, get_detail, update_draft
from desktop.services.users import PermissionDenied, Principal

from .conftest import SIGNER, draft, signed

SECRETARY = Principal("李文书", "文书", "内部")
LEADER = Principal("张院长", "领导", "机密")
READER = Principal("赵查阅", "只读", "公开")


def test_every_step_moves_the_stage_and_is_recorded_with_who_and_when(office):
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 30)), office.write() as s:
        doc_id = draft(s, countersign_departments="医务部、护理部")
        stages = [get_detail(s, doc_id).step]
        workflow.review(s, doc_id, "王主任", "王主任")
        stages.append(get_detail(s, doc_id).step)
        workflow.countersign(s, doc_id, "李文书")
        stages.append(get_detail(s, doc_id).step)
        number = workflow.sign_off(s, doc_id, SIGNER, dt.date(2026, 3, 2), "院发", "李文书")
        stages.append(get_detail(s, doc_id).step)
        workflow.recheck(s, doc_id, "李文书")
        stages.append(get_detail(s, doc_id).step)
        workflow.print_copies(s, doc_id, "李文书", copies=30)
        stages.append(get_detail(s, doc_id).step)
        workflow.dispatch(s, doc_id, "李文书", issued_on=dt.date(2026, 3, 3), issuing_authority="院办公室")
        stages.append(get_detail(s, doc_id).step)
        workflow.archive(s, doc_id, "2026-01", "7", "李文书")
        detail = get_detail(s, doc_id)
        stages.append(detail.step)
    assert number == "院发〔2026〕1号"
    assert stages == ["待核稿", "待会签", "待签发", "待复核", "待印制", "待核发", "待归档", "已归档"]
    assert [(e.action, e.actor) for e in detail.events] == [
        ("起草", "李文书"), ("核稿", "王主任"), ("会签", "李文书"), ("签发", "李文书"), ("复核", "李文书"),
        ("印制", "李文书"), ("核发", "李文书"), ("归档", "李文书")]
    assert detail.events[3].detail == "张院长签发，编号 院发〔2026〕1号"
    assert detail.events[0].at == dt.datetime(2026, 3, 2, 9, 30)
    assert (detail.signed_by, detail.signed_on, detail.written_on) == (SIGNER, dt.date(2026, 3, 2), dt.date(2026, 3, 2))
    assert (detail.copies, detail.issued_on, detail.archived_on) == (30, dt.date(2026, 3, 3), dt.date(2026, 3, 2))


def test_without_countersign_departments_review_leads_to_sign_off(office):
    with office.write() as s:
        doc_id = draft(s)
        workflow.review(s, doc_id, "王主任", "王主任")
        assert get_detail(s, doc_id).step == "待签发"


def test_a_draft_gets_no_number_and_cannot_be_signed_before_review(office):
    with office.write() as s:
        doc_id = draft(s)
        assert get_detail(s, doc_id).number == ""
        with pytest.raises(ServiceError, match="该文当前为“待核稿”，不能签发"):
            workflow.sign_off(s, doc_id, SIGNER, dt.date(2026, 3, 2), "院发", "李文书")
        assert s.get(OutgoingDocument, doc_id).seq is None
        with pytest.raises(ServiceError, match="该文当前为“待核稿”，不能复核"):
            workflow.recheck(s, doc_id, "李文书")


def test_sign_off_needs_an_authorised_signer_and_a_configured_code(office):
    with office.write() as s:
        doc_id = draft(s)
        workflow.review(s, doc_id, "王主任", "王主任")
        with pytest.raises(ServiceError, match="“李文书”不是签发人"):
            workflow.sign_off(s, doc_id, "李文书", dt.date(2026, 3, 2), "院发", "李文书")
        with pytest.raises(ServiceError, match="机关代字“党委发”尚未设置"):
            workflow.sign_off(s, doc_id, SIGNER, dt.date(2026, 3, 2), "党委发", "李文书")
        with pytest.raises(ServiceError, match="机关代字“院函”用于函，不用于通知"):
            workflow.sign_off(s, doc_id, SIGNER, dt.date(2026, 3, 2), "院函", "李文书")
        assert s.get(OutgoingDocument, doc_id).seq is None


def test_dispatch_needs_issue_date_and_copies(office):
    with office.write() as s:
        doc_id, _ = signed(s)
        workflow.recheck(s, doc_id, "李文书")
        workflow.print_copies(s, doc_id, "李文书")
        with pytest.raises(ServiceError, match="核发前请填写印发日期"):
            workflow.dispatch(s, doc_id, "李文书", copies=20)
        with pytest.raises(ServiceError, match="核发前请填写份数"):
            workflow.dispatch(s, doc_id, "李文书", issued_on=dt.date(2026, 3, 4))
        with pytest.raises(ServiceError, match="份数至少为 1"):
            workflow.dispatch(s, doc_id, "李文书", issued_on=dt.date(2026, 3, 4), copies=0)
        assert get_detail(s, doc_id).step == "待核发"
        workflow.dispatch(s, doc_id, "李文书", issued_on=dt.date(2026, 3, 4), copies=20)
        assert get_detail(s, doc_id).step == "待归档"


def _input(s, doc_id: int, **changes) -> OutgoingInput:
    d = get_detail(s, doc_id)
    data = OutgoingInput(title=d.title, drafting_department=d.drafting_department, drafter=d.drafter,
                         doc_type=d.doc_type, main_recipients=d.main_recipients, body=d.body)
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_signed_text_is_frozen_until_sent_back_with_a_reason(office):
    with office.write() as s:
        doc_id, number = signed(s, body="第一稿")
        with pytest.raises(ServiceError, match="该文已签发，正文不能再修改；如需修改，请先退回修改并说明原因"):
            update_draft(s, doc_id, _input(s, doc_id, body="改过的正文"), "李文书")
        update_draft(s, doc_id, _input(s, doc_id, remarks="另送院长"), "李文书")  # not the signed text
        with pytest.raises(ServiceError, match="请填写退回原因"):
            workflow.send_back(s, doc_id, "  ", "王主任")
        workflow.send_back(s, doc_id, "主送机关有误", "王主任")
        detail = get_detail(s, doc_id)
        assert (detail.step, detail.marks, detail.number) == ("待核稿", ("已退回",), number)
        update_draft(s, doc_id, _input(s, doc_id, body="第二稿"), "李文书")
        workflow.review(s, doc_id, "王主任", "王主任")
        again = workflow.sign_off(s, doc_id, SIGNER, dt.date(2026, 3, 5), "院发", "李文书")
        detail = get_detail(s, doc_id)
    assert again == number == "院发〔2026〕1号"  # the number stays with the document
    assert (detail.body, detail.return_reason, detail.marks) == ("第二稿", "主送机关有误", ())


def test_a_dispatched_document_cannot_be_sent_back(office):
    with office.write() as s:
        doc_id, _ = signed(s)
        workflow.recheck(s, doc_id, "李文书")
        workflow.print_copies(s, doc_id, "李文书", copies=5)
        workflow.dispatch(s, doc_id, "李文书", issued_on=dt.date(2026, 3, 4))
        with pytest.raises(ServiceError, match="该文当前为“待归档”，不能退回修改"):
            workflow.send_back(s, doc_id, "错字", "王主任")


def test_only_the_director_cancels_a_number_and_it_stays_visible(office):
    with office.write() as s:
        doc_id, number = signed(s)
    with office.write(SECRETARY) as s, pytest.raises(PermissionDenied, match="作废编号"):
        numbering.cancel_number(s, doc_id, "重复发文", "李文书")
    with office.write() as s:
        numbering.cancel_number(s, doc_id, "重复发文", "王主任")
        detail = get_detail(s, doc_id)
        assert (detail.number, detail.step, detail.cancel_reason) == (number, "已作废", "重复发文")
        _, following = signed(s)
    assert following == "院发〔2026〕2号"  # never reused


def test_a_reader_cannot_sign_off_and_a_secretary_cannot_configure_codes(office):
    with office.write() as s:
        doc_id = draft(s)
        workflow.review(s, doc_id, "王主任", "王主任")
    with office.write(READER) as s, pytest.raises(PermissionDenied):
        workflow.sign_off(s, doc_id, SIGNER, dt.date(2026, 3, 2), "院发", "赵查阅")
    with office.write(LEADER) as s:
        assert workflow.sign_off(s, doc_id, SIGNER, dt.date(2026, 3, 2), "院发", "张院长") == "院发〔2026〕1号"
    with office.write(SECRETARY) as s, pytest.raises(PermissionDenied):
        numbering.save_code(s, numbering.CodeRow("党委发", "党委文件"))
