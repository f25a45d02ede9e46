"""The services author's list: the 责任人 rule, 进展逾期 in SQL and in the 督办通报, the
评价 corrected by the 主任 with the old one kept, the period by 办理时限 or 办结日期."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import reference
from desktop.services.errors import ServiceError
from desktop.services.history import record_history
from desktop.services.supervision import people, query, workflow
from desktop.services.supervision.bulletin import build_bulletin
from desktop.services.supervision.detail import get_detail
from desktop.services.supervision.query import SupervisionFilter

from .data import at, make

D = dt.date


def _numbers(s, **kw) -> list[str]:
    rows = query.fetch_rows(s, query.list_ids(s, SupervisionFilter(**kw)), kw.get("today"))
    return sorted(r.number for r in rows.values())


def test_responsible_is_completed_from_the_department_warned_when_unknown_refused_when_retired(office):
    with office.write() as s:
        reference.save_staff(s, reference.StaffRow(name="赵医生", department="医务部"))
        reference.save_staff(s, reference.StaffRow(name="钱护士", department="护理部"))
        gone = reference.save_staff(s, reference.StaffRow(name="孙离职", department="医务部"))
        reference.set_active(s, "staff", gone, False)
    with at(D(2026, 9, 28)), office.write() as s:
        c = people.choices(s)
        assert c.people_of("医务部")[:1] == ["赵医生"] and "钱护士" in c.people_of("医务部")
        assert c.leaders[:2] == ["王院长", "李副院长"]
        make(s, responsible="周科长")  # not in the directory: kept as typed
        with pytest.raises(ServiceError) as err:
            make(s, responsible="孙离职")
        assert (err.value.message, err.value.field) == ("人员“孙离职”已停用，请选择其他责任人。", "responsible")
        assert people.responsible_warning(s, "赵医生", "医务部") == ""
        assert people.responsible_warning(s, "周科长", "医务部") == (
            "“周科长”不在人员目录中（已照填；可在 设置 → 科室与人员 中补充）。")
        assert people.responsible_warning(s, "钱护士", "医务部") == "人员目录中“钱护士”属于护理部，不是医务部的人员。"


def test_a_missed_progress_report_filters_in_sql_counts_on_the_dashboard_and_in_the_bulletin(office):
    with at(D(2026, 10, 8)), office.write() as s:
        weekly = make(s, "每周报进展", deadline=D(2026, 11, 30), report_cycle="每周")  # 督〔2026〕1号
        make(s, "不要求报送", deadline=D(2026, 11, 30))  # 2号
        make(s, "每月报进展", lead_department="护理部", deadline=D(2026, 11, 30), report_cycle="每月")  # 3号
    with office.read() as s:
        # 10-08 + 7 days = 10-15: late from 10-16 on, not before
        assert _numbers(s, status="进展逾期", today=D(2026, 10, 15)) == []
        assert _numbers(s, status="进展逾期", today=D(2026, 10, 16)) == ["督〔2026〕1号"]
        assert query.dashboard(s, D(2026, 10, 16)).report_late == 1
        assert get_detail(s, weekly, D(2026, 10, 16)).marks == ("进展逾期",)
    with at(D(2026, 10, 16)), office.write() as s:
        workflow.report_progress(s, weekly, "已完成初稿", 40, "文书甲")
    with office.read() as s:
        assert _numbers(s, status="进展逾期", today=D(2026, 10, 16)) == []
        assert _numbers(s, status="进展逾期", today=D(2026, 11, 10)) == ["督〔2026〕1号", "督〔2026〕3号"]
        b = build_bulletin(s, D(2026, 10, 1), D(2026, 10, 31), today=D(2026, 12, 1))
        # as of 10-31: 1号 reported 10-16, due again 10-23, late; 3号 due 11-07, not yet
        assert [(x.department, x.report_late) for x in b.departments] == [("医务部", 1), ("护理部", 0)]
        assert b.total.report_late == 1


def test_the_director_corrects_an_evaluation_and_the_history_keeps_the_old_one(office):
    with at(D(2026, 9, 28)), office.write() as s:
        item_id = make(s, deadline=D(2026, 10, 9))
    with at(D(2026, 10, 8)), office.write() as s:
        workflow.close(s, item_id, "已办结", "文书甲")
        workflow.accept(s, item_id, "主任")
        workflow.evaluate(s, item_id, "不满意", "主任", "材料不全")
    with at(D(2026, 10, 9)), office.write() as s:
        workflow.evaluate(s, item_id, "基本满意", "主任", "已补齐材料")
        d = get_detail(s, item_id)
    with office.read() as s:  # the log is written at commit
        changes = [(h.action, h.field, h.old, h.new) for h in record_history(s, "supervision", item_id)]
    assert (d.evaluation, d.evaluation_note) == ("基本满意", "已补齐材料")
    assert [(e.kind, e.text) for e in d.timeline if "评价" in e.kind] == [
        ("评价", "不满意（材料不全）"), ("修改评价", "不满意（材料不全） → 基本满意（已补齐材料）")]
    assert ("修改评价", "评价", "不满意", "基本满意") in changes  # the 历史 pane shows the old evaluation
    assert ("修改评价", "评价说明", "材料不全", "已补齐材料") in changes
    assert d.plan.actions == ("evaluate", "print_notice") and d.plan.next is None


def test_the_period_can_be_the_deadline_or_the_closing_date(office):
    with at(D(2026, 10, 8)), office.write() as s:
        a = make(s, "十月到期", deadline=D(2026, 10, 20))  # 1号
        make(s, "十一月到期", deadline=D(2026, 11, 20))  # 2号
    with at(D(2026, 10, 12)), office.write() as s:
        workflow.close(s, a, "已办结", "文书甲")
    with office.read() as s:
        oct_from, oct_to = D(2026, 10, 1), D(2026, 10, 31)
        assert _numbers(s, date_field="due_on", date_from=oct_from, date_to=oct_to) == ["督〔2026〕1号"]
        assert _numbers(s, date_field="closed_on", date_from=D(2026, 10, 12), date_to=oct_to) == ["督〔2026〕1号"]
        assert _numbers(s, date_from=oct_from, date_to=oct_to) == ["督〔2026〕1号", "督〔2026〕2号"]
        assert _numbers(s, status="进行中（含临期、逾期）", today=D(2026, 11, 25)) == ["督〔2026〕2号"]
