"""Workflow rules: Chinese errors beside their field, role checks, 退回 at 审结, 撤销, 评价,
and 立督办 from a 收文 批示 linked both ways."""
from __future__ import annotations

import datetime as dt

import pytest

from db.models import SupervisionItem
from desktop.services.errors import ServiceError
from desktop.services.incoming import links
from desktop.services.incoming import workflow as incoming_workflow
from desktop.services.incoming.directory import UnknownNamesError
from desktop.services.incoming.register import IncomingInput, get_incoming, register_incoming
from desktop.services.roles import PermissionDenied, Principal
from desktop.services.supervision import workflow
from desktop.services.supervision.detail import get_detail
from desktop.services.supervision.register import (
    SupervisionInput,
    create_from_instruction,
    update_item,
)

from .data import at, make

D = dt.date
CLERK = Principal("文书甲", "文书", "内部")
LEADER = Principal("王院长", "领导", "机密")


def _error(fn, *args, **kw) -> tuple[str, str | None]:
    with pytest.raises(ServiceError) as err:
        fn(*args, **kw)
    return err.value.message, err.value.field


def test_create_checks_fields_and_directory(office):
    with at(D(2026, 9, 28)), office.write() as s:
        assert _error(make, s, " ") == ("请填写督办事项。", "task")
        assert _error(make, s, lead_department="") == ("请填写主办科室。", "lead_department")
        assert _error(make, s, deadline=D(2026, 9, 1)) == ("办理时限不能早于交办日期。", "deadline")
        assert _error(make, s, deadline=D(2026, 10, 9), deadline_workdays=5) == (
            "办理时限请填日期或工作日数，二者选一。", "deadline")
        assert _error(make, s, assisting_departments="护理部、医务部") == ("协办科室不能包含主办科室。",
                                                                       "assisting_departments")
        assert _error(make, s, source="微信群") == (
            "来源须为：领导批示、院长办公会、党委会、上级交办、来信来访、其他。", "source")
        with pytest.raises(UnknownNamesError) as err:
            make(s, lead_department="火星科")
        assert (err.value.message, err.value.field) == (
            "“火星科”不在科室目录中；请从列表中选择，或点“新增到目录”。", "lead_department")
        first = make(s, assisting_departments="护理部，院感科")
        second = make(s, source="院长办公会", source_detail="2026年第9次院长办公会")
    with office.read() as s:
        a, b = s.get(SupervisionItem, first), s.get(SupervisionItem, second)
        assert (a.seq, a.assisting_departments, b.seq, b.source) == (1, "护理部、院感科", 2, "院长办公会")
        assert [e.action for e in a.events] == ["立项"]


def test_roles(office):
    with at(D(2026, 9, 28)), office.write() as s:
        item_id = make(s, deadline=D(2026, 10, 30))
    with at(D(2026, 9, 29)), office.write(principal=LEADER) as s:
        with pytest.raises(PermissionDenied, match="王院长（领导）没有“催办”的权限。"):
            workflow.remind(s, item_id, "电话", "王院长")
    with at(D(2026, 9, 29)), office.write(principal=CLERK) as s:
        ext = workflow.request_extension(s, item_id, D(2026, 11, 10), "等设备", "文书甲")
        with pytest.raises(PermissionDenied, match="文书甲（文书）没有“批准延期”的权限。"):
            workflow.decide_extension(s, ext, True, "文书甲")
    with at(D(2026, 9, 29)), office.write(principal=CLERK) as s:
        with pytest.raises(PermissionDenied, match="^文书甲（文书）没有“撤销督办”的权限。$"):
            workflow.cancel(s, item_id, "不再需要", "文书甲")


def test_progress_reminder_extension_rules(office):
    with at(D(2026, 9, 28)), office.write() as s:
        item_id = make(s, deadline=D(2026, 10, 9))
    with at(D(2026, 9, 29)), office.write() as s:
        assert _error(workflow.report_progress, s, item_id, "", 10, "文书甲") == ("请填写进展情况。", "text")
        assert _error(workflow.report_progress, s, item_id, "开会", 120, "文书甲") == (
            "完成进度应为 0 到 100 之间的整数。", "percent")
        assert _error(workflow.report_progress, s, item_id, "开会", 10, "文书甲", reported_on=D(2026, 9, 30)) == (
            "报送日期不能晚于今天。", "reported_on")
        assert _error(workflow.remind, s, item_id, "微信", "文书甲") == ("催办方式须为：电话、催办单、当面、OA。", "method")
        assert _error(workflow.request_extension, s, item_id, D(2026, 10, 8), "等", "文书甲") == (
            "延期后的时限应晚于现时限 2026-10-09。", "new_deadline")
        assert _error(workflow.request_extension, s, item_id, D(2026, 10, 20), " ", "文书甲") == (
            "请填写延期理由。", "reason")
        ext = workflow.request_extension(s, item_id, D(2026, 10, 20), "等设备", "文书甲")
        assert _error(workflow.request_extension, s, item_id, D(2026, 10, 21), "再等", "文书甲") == (
            "该事项已有待审批的延期申请。", None)
        assert _error(workflow.close, s, item_id, "完成", "文书甲") == ("该事项有待审批的延期申请，请先审批。", None)
        assert _error(workflow.decide_extension, s, ext, False, "主任") == ("请填写驳回理由。", "note")
        workflow.decide_extension(s, ext, False, "主任", "不予延期")
        assert _error(workflow.decide_extension, s, ext, True, "主任") == ("该延期申请已驳回。", None)
    with at(D(2026, 10, 12)), office.write() as s:
        assert _error(workflow.request_extension, s, item_id, D(2026, 10, 30), "晚了", "文书甲") == (
            "延期须在办理时限 2026-10-09 前申请；已逾期的事项不能再申请延期。", "requested_on")
        assert _error(update_item, s, item_id, SupervisionInput("完成医疗质量自查", "医务部", "王院长",
                                                               assigned_on=D(2026, 9, 28), deadline=D(2026, 10, 30)),
                      "文书甲") == ("已有进展、催办或延期记录，办理时限不能再改；请走延期申请。", "deadline")


def test_send_back_reopens_then_accept_and_evaluate(office):
    with at(D(2026, 9, 28)), office.write() as s:
        item_id = make(s, deadline=D(2026, 10, 9))
    with at(D(2026, 10, 8)), office.write() as s:
        workflow.close(s, item_id, "已自查", "文书甲", evidence="自查报告一份")
        assert _error(workflow.report_progress, s, item_id, "补充", 90, "文书甲") == (
            "督办 督〔2026〕1号 已办结，不能再修改。", None)
        assert _error(workflow.send_back, s, item_id, "", "主任") == ("请填写退回理由。", "reason")
        workflow.send_back(s, item_id, "缺整改清单", "主任")
        assert _error(workflow.accept, s, item_id, "主任") == ("该事项当前为“进行中”，不能审结。", None)
    with at(D(2026, 10, 9)), office.write() as s:
        assert get_detail(s, item_id).marks == ("已退回",)
        workflow.close(s, item_id, "已自查并附整改清单", "文书甲")
        workflow.accept(s, item_id, "主任")
        assert _error(workflow.evaluate, s, item_id, "很好", "主任") == ("评价须为：满意、基本满意、不满意。", "evaluation")
        workflow.evaluate(s, item_id, "基本满意", "主任")
        assert _error(workflow.evaluate, s, item_id, "基本满意", "主任") == ("评价未改变（基本满意）。", "evaluation")
        d = get_detail(s, item_id)
    assert (d.status, d.closed_on, d.evaluation, d.marks) == ("已办结（按期）", D(2026, 10, 9), "基本满意", ())
    assert [(e.on, e.kind) for e in d.timeline] == [
        (D(2026, 9, 28), "立项"), (D(2026, 10, 8), "办结"), (D(2026, 10, 8), "退回"),
        (D(2026, 10, 9), "办结"), (D(2026, 10, 9), "审结"), (D(2026, 10, 9), "评价")]


def test_cancel_keeps_the_item_out_of_everything(office):
    with at(D(2026, 9, 28)), office.write() as s:
        item_id = make(s, deadline=D(2026, 10, 9))
        assert _error(workflow.cancel, s, item_id, " ", "主任") == ("请填写撤销理由。", "reason")
        workflow.cancel(s, item_id, "已由上级统一部署", "主任")
        assert _error(workflow.remind, s, item_id, "电话", "主任") == ("督办 督〔2026〕1号 已撤销，不能再修改。", None)
        d = get_detail(s, item_id, today=D(2026, 12, 1))
    assert (d.status, d.days_overdue, d.plan.actions) == ("已撤销", 0, ())


def test_from_instruction_in_one_step_linked_both_ways(office):
    with at(D(2026, 9, 28)), office.write() as s:
        doc_id = register_incoming(s, IncomingInput(
            received_at=dt.datetime(2026, 9, 28, 9), sender="湖南省卫生健康委员会", sender_doc_no="湘卫发〔2026〕30号",
            title="关于开展院感专项检查的通知"), "文书甲")
        ins = incoming_workflow.add_instruction(s, doc_id, "王院长", "请院感科牵头，十个工作日内完成。",
                                                D(2026, 9, 28), "文书甲")
        item_id = create_from_instruction(s, ins, SupervisionInput(
            "开展院感专项检查", "院感科", "", assisting_departments="医务部、护理部", deadline_workdays=10), "文书甲")
        d = get_detail(s, item_id)
        doc = get_incoming(s, doc_id)
    assert (d.number, d.source, d.assigned_by, d.instruction, d.deadline) == (
        "督〔2026〕1号", "领导批示", "王院长", "请院感科牵头，十个工作日内完成。", D(2026, 10, 16))
    assert (d.source_incoming_id, d.source_incoming_number, d.source_detail) == (
        doc_id, "收〔2026〕0001", "收〔2026〕0001《关于开展院感专项检查的通知》")
    assert [(r.id, r.number) for r in doc.supervision_items] == [(item_id, "督〔2026〕1号")]
    assert doc.events[-1].action == "立督办"
    with office.read() as s:
        assert links.supervision_source(s, item_id).id == doc_id


def test_prefill_from_instruction(office):
    from desktop.services.supervision.register import prefill_from_instruction

    with at(D(2026, 9, 28)), office.write() as s:
        doc_id = register_incoming(s, IncomingInput(
            received_at=dt.datetime(2026, 9, 28, 9), sender="湖南省卫生健康委员会", sender_doc_no="湘卫发〔2026〕31号", title="关于开展院感专项检查的通知",
            deadline=D(2026, 10, 20)), "文书甲")
        ins = incoming_workflow.add_instruction(s, doc_id, "王院长", "请院感科牵头办理。", D(2026, 9, 28), "文书甲")
        incoming_workflow.assign_departments(s, doc_id, ["院感科", "医务部"], "院感科", "文书甲")
        got = prefill_from_instruction(s, ins)
    assert (got.task, got.lead_department, got.assisting_departments, got.assigned_by, got.instruction,
            got.deadline) == ("落实王院长批示：办理《关于开展院感专项检查的通知》", "院感科", "医务部", "王院长",
                              "请院感科牵头办理。", D(2026, 10, 20))
