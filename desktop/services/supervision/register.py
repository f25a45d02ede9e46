"""立项 and correcting a 督办事项: by hand, from a 收文's 领导批示 in one step, or split into
sub-items (分项) per department.

Names come from the directory (设置 → 科室与人员): 主办/协办科室 and the 交办领导; a
name it does not hold is refused beside its field (UnknownNamesError, with 新增到目录).
The 责任人 may be typed freely, except a 停用 person (people.py says why).
The 办理时限 is a date, or N working days from the 交办日期 over the holiday calendar
(workcal), and can be corrected only until work on the item is first recorded; later
changes go through a 延期申请 so the statistics keep counting against the original.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import IncomingInstruction, SupervisionItem
from desktop.services import clock, records, workcal
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.incoming.directory import DEPARTMENTS, STAFF, require_known
from desktop.services.supervision import actions
from desktop.services.supervision.fields import FORM_FIELDS, SUPERVISION_FIELDS
from desktop.services.supervision.kind import SUPERVISION
from desktop.services.supervision.people import check_responsible


@dataclass
class SupervisionInput:
    """What the item form edits. Give ``deadline`` or ``deadline_workdays``, not both."""

    task: str
    lead_department: str
    assigned_by: str
    source: str = "领导批示"
    source_detail: str = ""
    instruction: str = ""
    assisting_departments: str = ""  # several, 、-separated
    responsible: str = ""
    assigned_on: dt.date | None = None  # None: today
    deadline: dt.date | None = None
    deadline_workdays: int | None = None
    requirement: str = ""
    priority: str = "一般"
    report_cycle: str = ""


@dataclass(frozen=True)
class SubItemInput:
    """One department's share of a split item; blank task/deadline: the parent's."""

    department: str
    responsible: str = ""
    task: str = ""
    deadline: dt.date | None = None


def split_names(text: str) -> list[str]:
    """Names typed on one line, separated by 、 or commas, in order, each once."""
    for sep in (",", "，", ";", "；", " "):
        text = (text or "").replace(sep, "、")
    return list(dict.fromkeys(p.strip() for p in text.split("、") if p.strip()))


def _clean(data: SupervisionInput) -> SupervisionInput:
    values = {f.name: getattr(data, f.name) for f in fields(SupervisionInput)}
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = value.strip()
    values["assisting_departments"] = "、".join(split_names(values["assisting_departments"]))
    values["assigned_on"] = values["assigned_on"] or clock.today()
    return SupervisionInput(**values)


def resolve_deadline(data: SupervisionInput) -> dt.date | None:
    """The 办理时限 as a date: given, or N working days after the 交办日期."""
    if data.deadline is not None and data.deadline_workdays is not None:
        raise ServiceError("办理时限请填日期或工作日数，二者选一。", field="deadline")
    if data.deadline_workdays is not None:
        SUPERVISION_FIELDS.check(data, ("deadline_workdays",))
        assert data.assigned_on is not None
        return workcal.add_workdays(data.assigned_on, data.deadline_workdays)
    SUPERVISION_FIELDS.check(data, ("deadline",))
    return data.deadline


def validate(session: Session, data: SupervisionInput, *, add_to_directory: bool = False) -> SupervisionInput:
    """The cleaned input, or a ServiceError beside the first field that breaks a rule."""
    data = _clean(data)
    SUPERVISION_FIELDS.check(data, FORM_FIELDS)
    deadline = resolve_deadline(data)
    assert data.assigned_on is not None
    if deadline is not None and deadline < data.assigned_on:
        raise ServiceError("办理时限不能早于交办日期。", field="deadline")
    assisting = split_names(data.assisting_departments)
    if data.lead_department in assisting:
        raise ServiceError("协办科室不能包含主办科室。", field="assisting_departments")
    require_known(session, DEPARTMENTS, [data.lead_department], "lead_department", add=add_to_directory)
    if assisting:
        require_known(session, DEPARTMENTS, assisting, "assisting_departments", add=add_to_directory)
    require_known(session, STAFF, [data.assigned_by], "assigned_by", add=add_to_directory)
    check_responsible(session, data.responsible)
    return replace(data, deadline=deadline)


def _columns(data: SupervisionInput) -> dict[str, object]:
    return {f.name: getattr(data, f.name) for f in fields(SupervisionInput)}


def create_item(session: Session, data: SupervisionInput, actor: str, *, add_to_directory: bool = False,
                source_incoming_id: int | None = None, source_instruction_id: int | None = None) -> int:
    """立项: a new item, numbered next in the year of its 交办日期."""
    actions.require_action(session, actions.CREATE)
    data = validate(session, data, add_to_directory=add_to_directory)
    assert data.assigned_on is not None
    year = data.assigned_on.year
    item = records.insert_numbered(session, SUPERVISION, (year,), lambda seq: SupervisionItem(
        year=year, seq=seq, source_incoming_id=source_incoming_id, source_instruction_id=source_instruction_id,
        **_columns(data)))
    deadline = f"，时限 {item.deadline}" if item.deadline else ""
    records.record_event(SUPERVISION, item, "立项", actor, f"{item.assigned_by}交办，主办：{item.lead_department}{deadline}")
    records.save(session, SUPERVISION, item)
    return item.id


def create_from_instruction(session: Session, instruction_id: int, data: SupervisionInput, actor: str, *,
                            add_to_directory: bool = False) -> int:
    """立督办 from a 收文's 领导批示, in one step: the leader is the 交办领导, the 批示 is
    quoted, the source is 领导批示 linked to the document and the instruction; the 收文's
    办理记录 says so (立督办), and links.links_of() finds the item from the document."""
    from desktop.services.incoming.kind import INCOMING
    from desktop.services.incoming.workflow import display_number, editable_document

    instruction = session.get(IncomingInstruction, instruction_id)
    if instruction is None:
        raise NotFoundError("该领导批示不存在。")
    doc = editable_document(session, instruction.document_id)
    data = replace(data, source="领导批示", assigned_by=instruction.leader,
                   instruction=data.instruction or instruction.text,
                   source_detail=data.source_detail or f"{display_number(session, doc)}《{doc.title}》"[:200])
    item_id = create_item(session, data, actor, add_to_directory=add_to_directory,
                          source_incoming_id=doc.id, source_instruction_id=instruction.id)
    records.record_event(INCOMING, doc, "立督办", actor,
                         f"{instruction.leader}批示交办：{data.task.strip()}（主办：{data.lead_department.strip()}）")
    records.save(session, INCOMING, doc)
    return item_id


def prefill_from_instruction(session: Session, instruction_id: int) -> SupervisionInput:
    """What the 立督办 form starts with for a 批示: its text as the task, the document's
    主办/协办科室 and 办理时限, the leader as 交办领导; the user corrects and submits."""
    from db.models import IncomingDocument

    instruction = session.get(IncomingInstruction, instruction_id)
    if instruction is None:
        raise NotFoundError("该领导批示不存在。")
    doc = session.get(IncomingDocument, instruction.document_id)
    assert doc is not None
    lead = [a.department for a in doc.assignments if a.is_lead]
    others = [a.department for a in doc.assignments if not a.is_lead]
    deadline = doc.deadline if doc.deadline is not None and doc.deadline >= clock.today() else None
    return SupervisionInput(task=f"落实{instruction.leader}批示：办理《{doc.title}》", lead_department=(lead or [""])[0],
                            assigned_by=instruction.leader, instruction=instruction.text,
                            assisting_departments="、".join(others), deadline=deadline)


def _work_started(item: SupervisionItem) -> bool:
    return bool(item.reports or item.reminders or item.extensions)


def update_item(session: Session, item_id: int, data: SupervisionInput, actor: str, *,
                add_to_directory: bool = False) -> None:
    """Correct an open item's fields. The 办理时限 only until work is first recorded."""
    actions.require_action(session, actions.EDIT)
    item = records.editable(session, SUPERVISION, item_id)
    data = validate(session, data, add_to_directory=add_to_directory)
    if (data.deadline != item.deadline or data.deadline_workdays != item.deadline_workdays) and _work_started(item):
        raise ServiceError("已有进展、催办或延期记录，办理时限不能再改；请走延期申请。", field="deadline")
    if item.source_incoming_id is not None and data.source != item.source:
        raise ServiceError("据收文批示立项的事项，来源不能改。", field="source")
    if data.assigned_on is not None and data.assigned_on.year != item.year:
        raise ServiceError(f"交办日期须在 {item.year} 年内（督办编号按年编）。", field="assigned_on")
    changed = []
    for name, value in _columns(data).items():
        if getattr(item, name) != value:
            changed.append(SUPERVISION_FIELDS.label_of(name))
            setattr(item, name, value)
    if changed:
        records.record_event(SUPERVISION, item, "修改", actor, "、".join(changed))
        records.save(session, SUPERVISION, item)


def split_item(session: Session, item_id: int, parts: Sequence[SubItemInput], actor: str) -> list[int]:
    """分解: one sub-item per department, numbered after the parent (督〔2026〕3号-1 …).

    The parent is closed when all its sub-items are (workflow.accept)."""
    actions.require_action(session, actions.SPLIT)
    item = records.editable(session, SUPERVISION, item_id)
    if item.parent_id is not None:
        raise ServiceError("分项不能再分解。")
    if not parts:
        raise ServiceError("请至少填写一个分项的承办科室。", field="department")
    taken = set(session.scalars(select(SupervisionItem.lead_department)
                                .where(SupervisionItem.parent_id == item.id, SupervisionItem.cancelled_at.is_(None))))
    names = [(p.department or "").strip() for p in parts]
    if any(not n for n in names):
        raise ServiceError("请填写每个分项的承办科室。", field="department")
    again = [n for n in names if n in taken or names.count(n) > 1]
    if again:
        raise ServiceError(f"科室“{again[0]}”已有分项。", field="department")
    require_known(session, DEPARTMENTS, names, "department")
    last = session.scalar(select(func.max(SupervisionItem.part)).where(SupervisionItem.parent_id == item.id)) or 0
    ids = []
    for k, (part, name) in enumerate(zip(parts, names, strict=True), start=last + 1):
        deadline = part.deadline or item.due_on
        if deadline is not None and item.due_on is not None and deadline > item.due_on:
            raise ServiceError(f"分项时限不能晚于总时限 {item.due_on}。", field="deadline")
        if deadline is not None and deadline < item.assigned_on:
            raise ServiceError("办理时限不能早于交办日期。", field="deadline")
        sub = records.insert(session, SUPERVISION, SupervisionItem(
            year=item.year, seq=item.seq, part=k, parent_id=item.id, task=(part.task or "").strip() or item.task,
            source=item.source, source_detail=item.source_detail, source_incoming_id=item.source_incoming_id,
            source_instruction_id=item.source_instruction_id, instruction=item.instruction,
            assigned_by=item.assigned_by, lead_department=name, responsible=(part.responsible or "").strip(),
            assigned_on=item.assigned_on, deadline=deadline, requirement=item.requirement, priority=item.priority,
            report_cycle=item.report_cycle))
        records.record_event(SUPERVISION, sub, "立项", actor, f"由总项分解，承办：{name}")
        records.save(session, SUPERVISION, sub)
        ids.append(sub.id)
    records.record_event(SUPERVISION, item, "分解", actor, "、".join(names))
    records.save(session, SUPERVISION, item)
    return ids
