"""One 督办事项 in full, for the tab's detail pane and the printed forms: its fields, derived
status and marks, sub-items, the logs, one dated timeline, and what the user may do now.

The timeline merges the 办理记录 (立项, 修改, 办结, 审结 …) with the 进展, 催办 and 延期
rows, each at the date it happened (a report's 报送日期, not when it was typed in);
the events that merely announce those rows are not repeated.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import IncomingDocument, SupervisionItem
from desktop.services import clock, records
from desktop.services.numbering import number_format
from desktop.services.supervision import actions
from desktop.services.supervision import status as st
from desktop.services.supervision.kind import SUPERVISION
from desktop.services.supervision.query import due_soon_days, number_text
from desktop.services.users import principal_of

_LOGGED_AS_ROWS = {"进展", "催办", "申请延期", "批准延期", "驳回延期"}


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    at: dt.datetime  # for order within a day
    kind: str  # 立项 / 进展 / 催办 / 延期 / 办结 / 审结 / 退回 …
    text: str
    actor: str


@dataclass(frozen=True)
class ReportView:
    id: int
    reported_on: dt.date
    text: str
    percent: int
    reported_by: str


@dataclass(frozen=True)
class ReminderView:
    id: int
    reminded_on: dt.date
    method: str
    reminded_by: str
    answer: str


@dataclass(frozen=True)
class ExtensionView:
    id: int
    requested_on: dt.date
    requested_by: str
    reason: str
    new_deadline: dt.date
    decision: str  # '' (待审批) / 批准 / 驳回
    decided_by: str
    decided_at: dt.datetime | None
    decision_note: str


@dataclass(frozen=True)
class PartView:
    id: int
    number: str
    department: str
    responsible: str
    due_on: dt.date | None
    status: str


@dataclass(frozen=True)
class SupervisionDetail:
    id: int
    number: str
    parent_id: int | None
    parent_number: str
    task: str
    source: str
    source_detail: str
    source_incoming_id: int | None
    source_incoming_number: str
    source_incoming_title: str
    instruction: str
    assigned_by: str
    lead_department: str
    assisting_departments: str
    responsible: str
    assigned_on: dt.date
    deadline: dt.date | None  # the original, always shown
    deadline_workdays: int | None
    due_on: dt.date | None  # effective
    requirement: str
    priority: str
    report_cycle: str
    closed_on: dt.date | None
    result: str
    evidence: str
    accepted_at: dt.datetime | None
    accepted_by: str
    return_reason: str
    evaluation: str
    evaluation_note: str
    cancelled_at: dt.datetime | None
    cancel_reason: str
    stage: str
    status: str
    marks: tuple[str, ...]
    days_overdue: int
    percent: int  # the last reported
    parts: list[PartView]
    reports: list[ReportView]
    reminders: list[ReminderView]
    extensions: list[ExtensionView]
    timeline: list[TimelineEntry]
    plan: actions.ActionPlan


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _when(day: dt.date, recorded: dt.datetime | None) -> dt.datetime:
    """Order within a day: when it was recorded, if that was the same day; else the day's start."""
    return recorded if recorded is not None and recorded.date() == day else _midnight(day)


def timeline_of(item: SupervisionItem) -> list[TimelineEntry]:
    out = [TimelineEntry(e.at.date(), e.at, e.action, e.detail, e.actor)
           for e in item.events if e.action not in _LOGGED_AS_ROWS]
    for r in item.reports:
        out.append(TimelineEntry(r.reported_on, _when(r.reported_on, r.recorded_at), "进展",
                                 f"完成 {r.percent}%：{r.text}", r.reported_by or r.recorded_by))
    for m in item.reminders:
        answer = f"；答复：{m.answer}" if m.answer else ""
        out.append(TimelineEntry(m.reminded_on, _when(m.reminded_on, m.recorded_at), "催办", f"{m.method}催办{answer}",
                                 m.reminded_by))
    # a request has no time of its own: its 申请延期 event's (the k-th event is the k-th request)
    asked = [e.at for e in item.events if e.action == "申请延期"]
    for k, x in enumerate(item.extensions):
        out.append(TimelineEntry(x.requested_on, _when(x.requested_on, asked[k] if k < len(asked) else None),
                                 "申请延期", f"申请延至 {x.new_deadline}：{x.reason}", x.requested_by))
        if x.decision and x.decided_at is not None:
            note = f"：{x.decision_note}" if x.decision_note else ""
            out.append(TimelineEntry(x.decided_at.date(), x.decided_at, f"{x.decision}延期",
                                     f"延至 {x.new_deadline}{note}" if x.decision == st.APPROVED else f"驳回{note}",
                                     x.decided_by))
    return sorted(out, key=lambda e: (e.on, e.at))


def get_detail(session: Session, item_id: int, today: dt.date | None = None) -> SupervisionDetail:
    item = records.get(session, SUPERVISION, item_id)
    today = today or clock.today()
    soon = due_soon_days(session)
    fmt = number_format(session, "supervision")
    status = st.derive_status(item, today, soon)
    parts_rows = session.scalars(select(SupervisionItem).where(SupervisionItem.parent_id == item.id)
                                 .order_by(SupervisionItem.part)).all()
    parts = [PartView(p.id, number_text(fmt, p.year, p.seq, p.part), p.lead_department, p.responsible, p.due_on,
                      st.derive_status(p, today, soon)) for p in parts_rows]
    doc = session.get(IncomingDocument, item.source_incoming_id) if item.source_incoming_id else None
    facts = actions.ItemFacts(status, item.due_on, bool(parts), item.parent_id is not None,
                              any(e.decision == "" for e in item.extensions), item.evaluation)
    last = max(item.reports, key=lambda r: (r.reported_on, r.id), default=None)
    return SupervisionDetail(
        id=item.id, number=number_text(fmt, item.year, item.seq, item.part), parent_id=item.parent_id,
        parent_number=fmt.format(item.year, item.seq) if item.parent_id else "",
        task=item.task, source=item.source, source_detail=item.source_detail,
        source_incoming_id=item.source_incoming_id,
        source_incoming_number=records.display_number(session, _incoming_kind(), doc) if doc else "",
        source_incoming_title=doc.title if doc else "", instruction=item.instruction, assigned_by=item.assigned_by,
        lead_department=item.lead_department, assisting_departments=item.assisting_departments,
        responsible=item.responsible, assigned_on=item.assigned_on, deadline=item.deadline,
        deadline_workdays=item.deadline_workdays, due_on=item.due_on, requirement=item.requirement,
        priority=item.priority, report_cycle=item.report_cycle, closed_on=item.closed_on, result=item.result,
        evidence=item.evidence, accepted_at=item.accepted_at, accepted_by=item.accepted_by,
        return_reason=item.return_reason if item.returned_at else "", evaluation=item.evaluation,
        evaluation_note=item.evaluation_note, cancelled_at=item.cancelled_at, cancel_reason=item.cancel_reason,
        stage=item.step, status=status, marks=st.derive_marks(item, today),
        days_overdue=0 if item.cancelled_at else st.days_overdue(item.due_on, today, item.closed_on),
        percent=last.percent if last else 0, parts=parts,
        reports=[ReportView(r.id, r.reported_on, r.text, r.percent, r.reported_by) for r in item.reports],
        reminders=[ReminderView(m.id, m.reminded_on, m.method, m.reminded_by, m.answer) for m in item.reminders],
        extensions=[ExtensionView(x.id, x.requested_on, x.requested_by, x.reason, x.new_deadline, x.decision,
                                  x.decided_by, x.decided_at, x.decision_note) for x in item.extensions],
        timeline=timeline_of(item),
        plan=actions.allowed_actions(facts, today, principal_of(session)),
    )


def _incoming_kind():
    from desktop.services.incoming.kind import INCOMING

    return INCOMING
