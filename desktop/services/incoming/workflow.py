"""收文办理 (条例 art. 24): 初审 → 拟办 → 批示 → 承办 → 传阅 → 催办 → 办结 → 归档.

Each step records who and when, appends to the audit trail, and refreshes the derived
step, through the shared record services (services.records) with the 收文 kind.
Archived and cancelled documents are frozen (editable_document). Times not given
are the clock's now / today.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from db.models import (
    IncomingAssignment,
    IncomingCirculation,
    IncomingDocument,
    IncomingInstruction,
    IncomingReminder,
)
from desktop.services import clock, records
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.incoming import query
from desktop.services.incoming.directory import DEPARTMENTS, STAFF, require_known
from desktop.services.incoming.kind import INCOMING


def get_document(session: Session, doc_id: int) -> IncomingDocument:
    return records.get(session, INCOMING, doc_id)


def editable_document(session: Session, doc_id: int) -> IncomingDocument:
    """The document, if it may still be changed: archived and cancelled ones are frozen."""
    return records.editable(session, INCOMING, doc_id)


def display_number(session: Session, doc: IncomingDocument) -> str:
    return records.display_number(session, INCOMING, doc)


# --- the steps ---------------------------------------------------------------------------


def _required(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{label}。", field=field)
    return value


def _not_before_receipt(doc: IncomingDocument, day: dt.date, field: str, label: str) -> None:
    if day < doc.received_at.date():
        raise ServiceError(f"{label}不能早于收文日期 {doc.received_at.date()}。", field=field)


def _not_completed(doc: IncomingDocument, what: str) -> None:
    if doc.completed_on is not None:
        raise ServiceError(f"该文已于 {doc.completed_on} 办结，不能{what}；如需继续办理，请先撤销办结。")


def review(session: Session, doc_id: int, actor: str, at: dt.datetime | None = None) -> None:
    """初审: the document is for us, complete and in the right form."""
    doc = editable_document(session, doc_id)
    if doc.reviewed_at is not None:
        raise ServiceError(f"该文已于 {doc.reviewed_at:%Y-%m-%d %H:%M} 初审，无需再次初审。")
    doc.reviewed_at = at or clock.now()
    doc.reviewed_by = actor
    records.record_event(INCOMING, doc, "初审", actor)
    records.save(session, INCOMING, doc)


def propose(session: Session, doc_id: int, text: str, actor: str, at: dt.datetime | None = None) -> None:
    """拟办意见 of the office director."""
    text = _required(text, "proposal", "拟办意见")
    doc = editable_document(session, doc_id)
    doc.proposal = text
    doc.proposed_by = actor
    doc.proposed_at = at or clock.now()
    records.record_event(INCOMING, doc, "拟办", actor, text)
    records.save(session, INCOMING, doc)


def add_instruction(
    session: Session, doc_id: int, leader: str, text: str, on_date: dt.date, actor: str,
    *, add_to_directory: bool = False,
) -> int:
    """领导批示: who, what, when; a document may collect several. The leader is a person
    in the directory (``add_to_directory``: add a new name there first)."""
    leader = _required(leader, "leader", "批示领导")
    text = _required(text, "instruction", "批示内容")
    doc = editable_document(session, doc_id)
    require_known(session, STAFF, [leader], "leader", add=add_to_directory)
    _not_before_receipt(doc, on_date, "instructed_on", "批示日期")
    row = IncomingInstruction(leader=leader, text=text, instructed_on=on_date, recorded_by=actor, recorded_at=clock.now())
    doc.instructions.append(row)
    records.record_event(INCOMING, doc, "批示", actor, f"{leader}：{text}")
    records.save(session, INCOMING, doc)
    return row.id


def parse_departments(text: str) -> list[str]:
    """Department names typed on one line, separated by 、 or a comma, in the order typed."""
    parts = (text or "").replace(",", "、").replace("，", "、").split("、")
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def assign_departments(
    session: Session, doc_id: int, departments: list[str], lead: str | None, actor: str,
    on_date: dt.date | None = None, *, add_to_directory: bool = False,
) -> None:
    """承办: the set of departments, exactly one 主办 among them; re-assigning replaces the set.
    Departments come from the directory (``add_to_directory``: add new names there first).

    ``lead`` None means the first department named (the office lists the 主办 first);
    ``on_date`` None means today. Departments kept from the previous set keep their
    row (and any 承办意见 already given).
    """
    names = list(dict.fromkeys(d.strip() for d in departments if d and d.strip()))
    if not names:
        raise ServiceError("请至少选择一个承办科室。", field="departments")
    lead = names[0] if lead is None else lead.strip()
    if lead not in names:
        raise ServiceError("请在承办科室中指定一个主办科室。", field="lead")
    on_date = on_date or clock.today()
    doc = editable_document(session, doc_id)
    _not_completed(doc, "重新交办")
    require_known(session, DEPARTMENTS, names, "departments", add=add_to_directory)
    _not_before_receipt(doc, on_date, "assigned_on", "交办日期")
    _replace_assignments(session, doc, names, lead, actor, on_date)
    others = [n for n in names if n != lead]
    detail = f"主办：{lead}" + (f"；协办：{'、'.join(others)}" if others else "")
    records.record_event(INCOMING, doc, "承办", actor, detail)
    records.save(session, INCOMING, doc)


def _replace_assignments(
    session: Session, doc: IncomingDocument, names: list[str], lead: str, actor: str, on_date: dt.date
) -> None:
    current = {a.department: a for a in doc.assignments}
    for name, row in current.items():
        if name not in names:
            doc.assignments.remove(row)
    # Delete before insert: (document_id, department) is unique.
    session.flush()
    for name in names:
        existing = current.get(name)
        if existing is None:
            doc.assignments.append(
                IncomingAssignment(department=name, is_lead=name == lead, assigned_on=on_date, assigned_by=actor)
            )
        else:
            existing.is_lead = name == lead


def record_opinion(session: Session, doc_id: int, department: str, opinion: str, actor: str = "") -> None:
    """承办科室意见 of one assigned department."""
    opinion = _required(opinion, "opinion", "承办科室意见")
    doc = editable_document(session, doc_id)
    row = next((a for a in doc.assignments if a.department == (department or "").strip()), None)
    if row is None:
        raise ServiceError(f"“{department}”不是该文的承办科室。", field="department")
    row.opinion = opinion
    records.record_event(INCOMING, doc, "承办意见", actor, f"{row.department}：{opinion}")
    records.save(session, INCOMING, doc)


def circulate(
    session: Session, doc_id: int, reader: str, handed_at: dt.datetime | None, actor: str,
    *, add_to_directory: bool = False,
) -> int:
    """传阅: hand the document to a reader from the directory (``handed_at`` None: now)."""
    reader = _required(reader, "reader", "传阅人")
    handed_at = clock.to_second(handed_at) if handed_at else clock.now()
    doc = editable_document(session, doc_id)
    if handed_at < doc.received_at:
        raise ServiceError("传阅时间不能早于收文时间。", field="handed_at")
    require_known(session, STAFF, [reader], "reader", add=add_to_directory)
    if any(c.reader == reader and c.returned_at is None for c in doc.circulations):
        raise ServiceError(f"{reader}手中已有一份未收回的传阅。", field="reader")
    row = IncomingCirculation(reader=reader, handed_at=handed_at)
    doc.circulations.append(row)
    records.record_event(INCOMING, doc, "传阅", actor, f"送{reader}阅")
    records.save(session, INCOMING, doc)
    return row.id


def return_circulation(
    session: Session, circulation_id: int, returned_at: dt.datetime | None = None, actor: str = ""
) -> None:
    """The reader gave the document back (``returned_at`` None: now)."""
    row = session.get(IncomingCirculation, circulation_id)
    if row is None:
        raise NotFoundError("该传阅记录不存在。")
    returned_at = clock.to_second(returned_at) if returned_at else clock.now()
    doc = editable_document(session, row.document_id)
    if row.returned_at is not None:
        raise ServiceError(f"{row.reader}的传阅已于 {row.returned_at:%Y-%m-%d %H:%M} 收回。")
    if returned_at < row.handed_at:
        raise ServiceError("退回时间不能早于送阅时间。", field="returned_at")
    row.returned_at = returned_at
    records.record_event(INCOMING, doc, "传阅退回", actor, f"{row.reader}退回")
    records.save(session, INCOMING, doc)


def return_earliest_circulation(
    session: Session, doc_id: int, actor: str, at: dt.datetime | None = None
) -> int:
    """收回传阅 without choosing: the copy handed out first and not yet back. Its id."""
    doc = editable_document(session, doc_id)
    pending = [c for c in doc.circulations if c.returned_at is None]
    if not pending:
        raise ServiceError("没有未收回的传阅。")
    earliest = min(pending, key=lambda c: (c.handed_at, c.id))
    return_circulation(session, earliest.id, at, actor)
    return earliest.id


def remind(
    session: Session, doc_id: int, method: str, note: str, actor: str, at: dt.datetime | None = None
) -> int:
    """催办: a reminder sent, by whom and how (电话 / 当面 / 书面 / OA)."""
    method = _required(method, "method", "催办方式")
    if len(method) > 20:
        raise ServiceError("催办方式不能超过 20 个字。", field="method")
    doc = editable_document(session, doc_id)
    _not_completed(doc, "催办")
    row = IncomingReminder(reminded_at=at or clock.now(), reminded_by=actor, method=method, note=(note or "").strip())
    doc.reminders.append(row)
    records.record_event(INCOMING, doc, "催办", actor, f"{method}：{row.note}" if row.note else method)
    records.save(session, INCOMING, doc)
    return row.id


def complete(session: Session, doc_id: int, result: str, on_date: dt.date, actor: str) -> None:
    """办结 with its 办理结果. A 办件 must have been handed to a department first; a 阅知件 need not."""
    result = _required(result, "result", "办理结果")
    doc = editable_document(session, doc_id)
    _not_completed(doc, "再次办结")
    if not doc.for_reading_only and not doc.assignments:
        raise ServiceError("办件须先指定承办科室才能办结（阅知件除外）。", field="departments")
    _not_before_receipt(doc, on_date, "completed_on", "办结日期")
    doc.result = result
    doc.completed_on = on_date
    records.record_event(INCOMING, doc, "办结", actor, result)
    records.save(session, INCOMING, doc)


def archive(session: Session, doc_id: int, volume: str, item: str, on_date: dt.date, actor: str) -> None:
    """归档 under 卷号/件号. A 阅知件 may be archived directly; it is then 办结 the same day."""
    volume = _required(volume, "archive_volume", "卷号")
    item = _required(item, "archive_item", "件号")
    doc = editable_document(session, doc_id)
    if doc.completed_on is None:
        if not doc.for_reading_only:
            raise ServiceError("该文尚未办结，办结后才能归档。", field="archived_on")
        _not_before_receipt(doc, on_date, "archived_on", "归档日期")
        doc.completed_on = on_date
    elif on_date < doc.completed_on:
        raise ServiceError(f"归档日期不能早于办结日期 {doc.completed_on}。", field="archived_on")
    doc.archive_volume, doc.archive_item, doc.archived_on = volume, item, on_date
    records.record_event(INCOMING, doc, "归档", actor, f"卷号 {volume}，件号 {item}")
    records.save(session, INCOMING, doc)


def reopen(session: Session, doc_id: int, actor: str, reason: str) -> None:
    """撤销办结, while the document is not yet archived; the 办理结果 text is kept to edit."""
    reason = _required(reason, "reason", "撤销原因")
    doc = editable_document(session, doc_id)
    if doc.completed_on is None:
        raise ServiceError("该文尚未办结。")
    doc.completed_on = None
    records.record_event(INCOMING, doc, "撤销办结", actor, reason)
    records.save(session, INCOMING, doc)


def today_view(session: Session, today: dt.date) -> dict[str, list[int]]:
    """What the director looks at first: arrived today (newest first), due today, overdue
    (earliest deadline first)."""

    def ids(f: query.IncomingFilter, sort_key: str = "received_at") -> list[int]:
        return list(query.list_ids(session, f, sort_key=sort_key, descending=sort_key != "deadline"))

    return {
        "arrived": ids(query.IncomingFilter(date_from=today, date_to=today, include_cancelled=False, today=today)),
        "due_today": ids(query.IncomingFilter(due_within_workdays=0, today=today), "deadline"),
        "overdue": ids(query.IncomingFilter(overdue=True, today=today), "deadline"),
    }
