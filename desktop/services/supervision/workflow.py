"""The life of a 督办事项: 进展, 催办, 延期申请 and its decision, 办结, 审结 (or 退回), 评价, 撤销.

Each step checks the user's role (actions.PERMISSION) and the item's stage, records who
and when in the item's 办理记录, and refreshes the cached stage and effective deadline
through records.save. Dates a user gives may not lie in the future nor before the
交办日期. A sub-item's 审结 closes its parent once every sub-item is closed.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from db.models import SupervisionExtension, SupervisionItem, SupervisionReminder, SupervisionReport
from desktop.services import clock, records
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.supervision import actions
from desktop.services.supervision import status as st
from desktop.services.supervision.fields import EVALUATIONS, REMINDER_METHODS
from desktop.services.supervision.kind import SUPERVISION


def _allowed(session: Session, action: str) -> None:
    actions.require_action(session, action)


def _done(session: Session, item: SupervisionItem, action: str, actor: str, detail: str = "") -> None:
    records.record_event(SUPERVISION, item, action, actor, detail)
    records.save(session, SUPERVISION, item)


def _named(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{what}。", field=field)
    return value


def _day(item: SupervisionItem, day: dt.date | None, field: str, what: str) -> dt.date:
    """A date the user gives: today if blank, never in the future nor before the 交办日期."""
    day = day or clock.today()
    if day > clock.today():
        raise ServiceError(f"{what}不能晚于今天。", field=field)
    if day < item.assigned_on:
        raise ServiceError(f"{what}不能早于交办日期 {item.assigned_on}。", field=field)
    return day


def _stage(session: Session, item_id: int, *stages: str, what: str) -> SupervisionItem:
    item = records.get(session, SUPERVISION, item_id)
    if item.step not in stages:
        raise ServiceError(f"该事项当前为“{item.step}”，不能{what}。")
    return item


def _has_parts(session: Session, item: SupervisionItem) -> bool:
    return session.query(SupervisionItem.id).filter(SupervisionItem.parent_id == item.id).first() is not None


# --- while the work goes on -------------------------------------------------------------------


def report_progress(session: Session, item_id: int, text: str, percent: int, actor: str,
                    reported_on: dt.date | None = None, reported_by: str = "") -> int:
    """进展: what the department reports; files go to the item's 附件."""
    _allowed(session, actions.REPORT)
    item = records.editable(session, SUPERVISION, item_id)
    text = _named(text, "text", "进展情况")
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ServiceError("完成进度应为 0 到 100 之间的整数。", field="percent")
    day = _day(item, reported_on, "reported_on", "报送日期")
    report = SupervisionReport(reported_on=day, text=text, percent=percent, reported_by=(reported_by or "").strip(),
                               recorded_by=actor, recorded_at=clock.now())
    item.reports.append(report)
    _done(session, item, "进展", actor, f"{day} 完成 {percent}%")
    return report.id


def remind(session: Session, item_id: int, method: str, actor: str, reminded_on: dt.date | None = None,
           reminded_by: str = "", answer: str = "") -> int:
    """催办: how (电话 / 催办单 / 当面 / OA), by whom, and what the department answered."""
    _allowed(session, actions.REMIND)
    item = records.editable(session, SUPERVISION, item_id)
    if method not in REMINDER_METHODS:
        raise ServiceError(f"催办方式须为：{'、'.join(REMINDER_METHODS)}。", field="method")
    day = _day(item, reminded_on, "reminded_on", "催办日期")
    who = (reminded_by or "").strip() or actor
    reminder = SupervisionReminder(reminded_on=day, method=method, reminded_by=who,
                                   answer=(answer or "").strip(), recorded_at=clock.now())
    item.reminders.append(reminder)
    _done(session, item, "催办", actor, f"{day} {method}催办（{who}）")
    return reminder.id


# --- extensions -------------------------------------------------------------------------------


def request_extension(session: Session, item_id: int, new_deadline: dt.date, reason: str, actor: str,
                      requested_on: dt.date | None = None, requested_by: str = "") -> int:
    """延期申请: before the (effective) deadline, for a later date; one pending at a time."""
    _allowed(session, actions.REQUEST_EXTENSION)
    item = records.editable(session, SUPERVISION, item_id)
    reason = _named(reason, "reason", "延期理由")
    if item.due_on is None:
        raise ServiceError("该事项未设办理时限，无需延期。", field="new_deadline")
    if any(e.decision == "" for e in item.extensions):
        raise ServiceError("该事项已有待审批的延期申请。")
    day = _day(item, requested_on, "requested_on", "申请日期")
    if day > item.due_on:
        raise ServiceError(f"延期须在办理时限 {item.due_on} 前申请；已逾期的事项不能再申请延期。", field="requested_on")
    if not isinstance(new_deadline, dt.date) or new_deadline <= item.due_on:
        raise ServiceError(f"延期后的时限应晚于现时限 {item.due_on}。", field="new_deadline")
    ext = SupervisionExtension(requested_on=day, requested_by=(requested_by or "").strip() or actor, reason=reason,
                               new_deadline=new_deadline)
    item.extensions.append(ext)
    _done(session, item, "申请延期", actor, f"申请延至 {new_deadline}：{reason}")
    return ext.id


def decide_extension(session: Session, extension_id: int, approve: bool, actor: str, note: str = "") -> None:
    """批准 (the effective deadline becomes the new date) or 驳回 (with a reason; the
    deadline stays as it was)."""
    _allowed(session, actions.APPROVE_EXTENSION if approve else actions.REFUSE_EXTENSION)
    ext = session.get(SupervisionExtension, extension_id)
    if ext is None:
        raise NotFoundError("该延期申请不存在。")
    if ext.decision:
        raise ServiceError(f"该延期申请已{ext.decision}。")
    item = records.editable(session, SUPERVISION, ext.item_id)
    note = (note or "").strip()
    if not approve and not note:
        raise ServiceError("请填写驳回理由。", field="note")
    ext.decision = st.APPROVED if approve else st.REFUSED
    ext.decided_by, ext.decided_at, ext.decision_note = actor, clock.now(), note
    action = "批准延期" if approve else "驳回延期"
    detail = f"延至 {ext.new_deadline}" if approve else f"仍按 {item.due_on}：{note}"
    _done(session, item, action, actor, detail)


# --- closing ----------------------------------------------------------------------------------


def close(session: Session, item_id: int, result: str, actor: str, closed_on: dt.date | None = None,
          evidence: str = "") -> None:
    """办结: the department reports it done (result, date, evidence); it then waits for 审结."""
    _allowed(session, actions.CLOSE)
    item = records.editable(session, SUPERVISION, item_id)
    if _has_parts(session, item):
        raise ServiceError("该事项已分解，各分项审结后自动办结。")
    if any(e.decision == "" for e in item.extensions):
        raise ServiceError("该事项有待审批的延期申请，请先审批。")
    result = _named(result, "result", "办理结果")
    item.closed_on = _day(item, closed_on, "closed_on", "办结日期")
    item.result, item.evidence, item.closed_by = result, (evidence or "").strip(), actor
    _done(session, item, "办结", actor, f"{item.closed_on} 办结")


def accept(session: Session, item_id: int, actor: str) -> None:
    """审结 通过: the office accepts the result; on time or late against the effective deadline."""
    _allowed(session, actions.ACCEPT)
    item = _stage(session, item_id, st.AWAIT_REVIEW, what="审结")
    item.accepted_at, item.accepted_by = clock.now(), actor
    _done(session, item, "审结", actor, "通过")
    _close_parent(session, item, actor)


def send_back(session: Session, item_id: int, reason: str, actor: str) -> None:
    """审结 退回: not accepted, with a reason; the item is open again (its result kept to amend)."""
    _allowed(session, actions.SEND_BACK)
    reason = _named(reason, "reason", "退回理由")
    item = _stage(session, item_id, st.AWAIT_REVIEW, what="退回")
    item.closed_on = None
    item.closed_by = ""
    item.returned_at, item.return_reason = clock.now(), reason
    _done(session, item, "退回", actor, reason)


def evaluate(session: Session, item_id: int, evaluation: str, actor: str, note: str = "") -> None:
    """评价 of a closed item: 满意 / 基本满意 / 不满意. The 主任 (the only one who may
    评价) can correct it later: the 办理记录 then says 修改评价 with the old one, so the
    history keeps what it was."""
    _allowed(session, actions.EVALUATE)
    if evaluation not in EVALUATIONS:
        raise ServiceError(f"评价须为：{'、'.join(EVALUATIONS)}。", field="evaluation")
    item = _stage(session, item_id, *st.CLOSED_STAGES, what="评价")
    note = (note or "").strip()
    old, old_note = item.evaluation, item.evaluation_note
    if old and (old, old_note) == (evaluation, note):
        raise ServiceError(f"评价未改变（{old}）。", field="evaluation")
    item.evaluation, item.evaluation_note, item.evaluated_by = evaluation, note, actor
    if old:
        was = old + (f"（{old_note}）" if old_note else "")
        _done(session, item, "修改评价", actor, f"{was} → {evaluation}" + (f"（{note}）" if note else ""))
    else:
        _done(session, item, "评价", actor, evaluation + (f"（{note}）" if note else ""))


def cancel(session: Session, item_id: int, reason: str, actor: str) -> None:
    """撤销 (no longer to be done): kept with its reason, counted nowhere; open sub-items too."""
    _allowed(session, actions.CANCEL)
    reason = _named(reason, "reason", "撤销理由")
    item = records.editable(session, SUPERVISION, item_id)
    _cancel(session, item, reason, actor)
    for sub in session.query(SupervisionItem).filter(SupervisionItem.parent_id == item.id,
                                                     SupervisionItem.closed_on.is_(None),
                                                     SupervisionItem.cancelled_at.is_(None)):
        _cancel(session, sub, f"总项撤销：{reason}", actor)
    _close_parent(session, item, actor)


def _cancel(session: Session, item: SupervisionItem, reason: str, actor: str) -> None:
    item.cancelled_at, item.cancel_reason = clock.now(), reason
    _done(session, item, "撤销", actor, reason)


def _close_parent(session: Session, item: SupervisionItem, actor: str) -> None:
    """A parent closes (审结) when every sub-item not 撤销 is closed, on the last one's date."""
    if item.parent_id is None:
        return
    parent = session.get(SupervisionItem, item.parent_id)
    if parent is None or parent.closed_on is not None or parent.cancelled_at is not None:
        return
    parts = [p for p in session.query(SupervisionItem).filter(SupervisionItem.parent_id == parent.id)
             if p.cancelled_at is None]
    if not parts or any(p.accepted_at is None for p in parts):
        return
    parent.closed_on = max(p.closed_on for p in parts if p.closed_on is not None)
    parent.result = "各分项均已办结。"
    parent.closed_by = parent.accepted_by = actor
    parent.accepted_at = clock.now()
    _done(session, parent, "审结", actor, "各分项均已办结")
