"""What the tab offers per status and role; the list's order and filters; the dashboard
counts; the detail's merged timeline."""
from __future__ import annotations

import datetime as dt

from desktop.services.roles import Principal
from desktop.services.supervision import query, workflow
from desktop.services.supervision.actions import ItemFacts, allowed_actions
from desktop.services.supervision.detail import get_detail
from desktop.services.supervision.query import SupervisionFilter

from .data import at, make

D = dt.date
TODAY = D(2026, 10, 12)
DIRECTOR = Principal("主任", "主任", "绝密")
CLERK = Principal("文书甲", "文书", "内部")
LEADER = Principal("王院长", "领导", "机密")


def _plan(status, who=None, **kw):
    facts = dict(status=status, due_on=D(2026, 10, 20), has_parts=False, is_part=False, pending_extension=False,
                 evaluation="")
    facts.update(kw)
    plan = allowed_actions(ItemFacts(**facts), TODAY, who)
    return plan.next, plan.actions


def test_actions_per_status_and_role():
    assert _plan("进行中") == ("report", ("report", "remind", "request_extension", "close", "edit", "split",
                                         "print_notice", "print_reminder", "cancel"))
    assert _plan("逾期", due_on=D(2026, 10, 9))[1] == (
        "remind", "report", "close", "edit", "split", "print_notice", "print_reminder", "cancel")  # no extension
    assert _plan("临期", CLERK, pending_extension=True) == (
        "remind", ("remind", "report", "edit", "split", "print_notice", "print_reminder"))
    assert _plan("临期", DIRECTOR, pending_extension=True)[0] == "approve_extension"
    assert _plan("进行中", has_parts=True)[1] == ("report", "remind", "edit", "split", "print_notice",
                                                 "print_reminder", "cancel")
    assert _plan("进行中", is_part=True)[1] == ("report", "remind", "request_extension", "close", "edit",
                                               "print_notice", "print_reminder", "cancel")
    assert _plan("待审结", DIRECTOR) == ("accept", ("accept", "send_back", "print_notice"))
    assert _plan("待审结", CLERK) == (None, ("print_notice",))
    assert _plan("已办结（逾期）", DIRECTOR) == ("evaluate", ("evaluate", "print_notice"))
    # an evaluation can be corrected by the 主任, but it is no longer the usual next step
    assert _plan("已办结（按期）", DIRECTOR, evaluation="满意") == (None, ("evaluate", "print_notice"))
    assert _plan("进行中", LEADER) == (None, ("print_notice", "print_reminder"))
    assert _plan("已撤销", DIRECTOR) == (None, ())


def _register(store) -> dict[str, int]:
    ids = {}
    with store.write() as s:
        with at(D(2026, 9, 1)):
            ids["long"] = make(s, "甲：逾期最久", deadline=D(2026, 9, 30))
            ids["short"] = make(s, "乙：逾期两天", lead_department="护理部", deadline=D(2026, 10, 10))
            ids["soon"] = make(s, "丙：临期", deadline=D(2026, 10, 14), assigned_by="李副院长")
            ids["later"] = make(s, "丁：未到期", deadline=D(2026, 11, 30))
            ids["done"] = make(s, "戊：已办结", deadline=D(2026, 10, 30), source="院长办公会")
        with at(D(2026, 10, 9)):
            workflow.close(s, ids["done"], "完成", "文书甲")
            workflow.accept(s, ids["done"], "主任")
    return ids


def test_list_overdue_first_with_days_and_filters(office):
    _register(office)
    with office.read() as s:
        order = list(query.list_ids(s, SupervisionFilter(today=TODAY)))
        rows = query.fetch_rows(s, order, today=TODAY)
        got = [(rows[i].task, rows[i].status, rows[i].days_overdue) for i in order]
        assert got == [("甲：逾期最久", "逾期", 12), ("乙：逾期两天", "逾期", 2), ("丙：临期", "临期", 0),
                       ("丁：未到期", "进行中", 0), ("戊：已办结", "已办结（按期）", 0)]

        def tasks(**kw):
            return [rows[i].task[0] for i in query.list_ids(s, SupervisionFilter(today=TODAY, **kw))]

        assert tasks(status="逾期") == ["甲", "乙"]
        assert tasks(status="未办结") == ["甲", "乙", "丙", "丁"]
        assert tasks(status="已办结") == ["戊"]
        assert tasks(department="护理部") == ["乙"]
        assert tasks(leader="李副院长") == ["丙"]
        assert tasks(source="院长办公会") == ["戊"]
        assert tasks(text="临期") == ["丙"]
        assert tasks(date_from=D(2026, 9, 2)) == []


def test_dashboard_counts(office):
    _register(office)
    with office.read() as s:
        board = query.dashboard(s, today=TODAY)  # Monday 10/12: the week ends on Sunday 10/18
    assert (board.in_progress, board.due_this_week, board.overdue, board.closed_this_month, board.awaiting_review,
            board.due_today) == (4, 1, 2, 1, 0, 0)


def test_detail_timeline_merges_logs_by_their_dates(office):
    with at(D(2026, 9, 28)), office.write() as s:
        item_id = make(s, deadline=D(2026, 10, 9))
    with at(D(2026, 10, 8)), office.write() as s:
        workflow.report_progress(s, item_id, "完成自查一半", 50, "文书甲", reported_on=D(2026, 9, 30))
        workflow.remind(s, item_id, "催办单", "文书甲", answer="本周内完成")
        ext = workflow.request_extension(s, item_id, D(2026, 10, 16), "专家未到", "文书甲")
        workflow.decide_extension(s, ext, True, "主任")
    with office.read() as s:
        d = get_detail(s, item_id, today=D(2026, 10, 12))
    assert [(e.on, e.kind, e.text) for e in d.timeline] == [
        (D(2026, 9, 28), "立项", "王院长交办，主办：医务部，时限 2026-10-09"),
        (D(2026, 9, 30), "进展", "完成 50%：完成自查一半"),
        (D(2026, 10, 8), "催办", "催办单催办；答复：本周内完成"),
        (D(2026, 10, 8), "申请延期", "申请延至 2026-10-16：专家未到"),
        (D(2026, 10, 8), "批准延期", "延至 2026-10-16"),
    ]
    assert (d.deadline, d.due_on, d.status, d.marks, d.percent) == (
        D(2026, 10, 9), D(2026, 10, 16), "进行中", ("已延期",), 50)  # 10/13-15 are the 3 days


def test_due_soon_setting_changes_the_list(office):
    import pytest

    from desktop.services.errors import ServiceError
    from desktop.services.roles import PermissionDenied
    from desktop.services.supervision.settings import get_due_soon_days, set_due_soon_days

    _register(office)
    with office.read() as s:
        assert get_due_soon_days(s) == 3
    with pytest.raises(PermissionDenied, match="文书甲（文书）没有“修改设置”的权限。"), office.write(principal=CLERK) as s:
        set_due_soon_days(s, 5)
    with office.write() as s:
        with pytest.raises(ServiceError) as err:
            set_due_soon_days(s, 31)
        assert (err.value.message, err.value.field) == ("临期天数应为 0 到 30 之间的整数（工作日）。", "due_soon_days")
        set_due_soon_days(s, 0)
    with office.read() as s:
        assert get_due_soon_days(s) == 0
        assert [query.fetch_rows(s, [i], today=TODAY)[i].status for i in query.list_ids(
            s, SupervisionFilter(today=TODAY, status="未办结"))] == ["逾期", "逾期", "进行中", "进行中"]
