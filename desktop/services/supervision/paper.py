"""What the 督办通知单 and the 催办单 print, as plain data (desktop.reports.supervision_pdf
lays it out), and finding an item by its displayed number (督〔2026〕12号, 督〔2026〕12号-1).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import IncomingInstruction, SupervisionItem
from desktop.services import clock
from desktop.services.errors import NotFoundError
from desktop.services.hospital import hospital_name
from desktop.services.numbering import number_format
from desktop.services.supervision import status as st
from desktop.services.supervision.detail import SupervisionDetail, get_detail

_PART = re.compile(r"^(?P<base>.+?)-(?P<part>\d+)$")


def find_by_number(session: Session, text: str) -> int:
    """The id of the item shown as ``text``; NotFoundError (Chinese) if there is none."""
    text = (text or "").strip()
    m = _PART.match(text)
    base, part = (m["base"], int(m["part"])) if m else (text, 0)
    year, seq = number_format(session, "supervision").parse(base)
    item_id = session.scalar(select(SupervisionItem.id).where(
        SupervisionItem.year == year, SupervisionItem.seq == seq, SupervisionItem.part == part))
    if item_id is None:
        raise NotFoundError(f"没有督办编号为 {text} 的事项。")
    return item_id


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


@dataclass(frozen=True)
class NoticeData:
    hospital: str
    number: str
    task: str
    source: str  # 领导批示（收〔2026〕0153《…》）
    assigned_by: str
    instruction: str
    instruction_on: str  # the 批示's date, when it came from one
    lead_department: str
    assisting_departments: str
    responsible: str
    assigned_on: str
    deadline: str  # 2026年10月16日（10个工作日）; with an approved extension, both dates
    requirement: str
    priority: str
    report_cycle: str
    issued_on: str  # the date printed under the office's name


@dataclass(frozen=True)
class ReminderData:
    notice: NoticeData
    round: int  # 第 n 次催办
    status: str
    late_text: str  # 已逾期 3 天 / 距办理时限还有 2 天
    last_progress: str
    answer_by: str  # reply by this date: 3 working days from today


def _deadline_text(d: SupervisionDetail) -> str:
    if d.deadline is None:
        return "不设时限"
    text = cn_date(d.deadline) + (f"（{d.deadline_workdays}个工作日）" if d.deadline_workdays else "")
    if d.due_on and d.due_on != d.deadline:
        text = f"{cn_date(d.due_on)}（经批准延期；原时限{text}）"
    return text


def _notice(session: Session, d: SupervisionDetail, today: dt.date) -> NoticeData:
    source = d.source + (f"（{d.source_detail}）" if d.source_detail else "")
    instructed = ""
    if d.source_incoming_id is not None:
        item = session.get(SupervisionItem, d.id)
        ins = session.get(IncomingInstruction, item.source_instruction_id) if item and item.source_instruction_id \
            else None
        instructed = cn_date(ins.instructed_on) if ins else ""
    return NoticeData(
        hospital=hospital_name(session), number=d.number, task=d.task, source=source, assigned_by=d.assigned_by,
        instruction=d.instruction, instruction_on=instructed, lead_department=d.lead_department,
        assisting_departments=d.assisting_departments, responsible=d.responsible,
        assigned_on=cn_date(d.assigned_on), deadline=_deadline_text(d), requirement=d.requirement,
        priority=d.priority, report_cycle=d.report_cycle or "不要求定期报送", issued_on=cn_date(d.assigned_on))


def notice_data(session: Session, item_id: int, today: dt.date | None = None) -> NoticeData:
    today = today or clock.today()
    return _notice(session, get_detail(session, item_id, today), today)


def reminder_data(session: Session, item_id: int, today: dt.date | None = None) -> ReminderData:
    """The 催办单 printed today: which round of reminders it is, how late, the last report."""
    from desktop.services import workcal

    today = today or clock.today()
    d = get_detail(session, item_id, today)
    notice = _notice(session, d, today)
    notice = NoticeData(**{**notice.__dict__, "issued_on": cn_date(today)})
    if d.status == st.OVERDUE:
        late = f"已逾期 {d.days_overdue} 天"
    elif d.due_on is not None and d.status in (st.OPEN, st.DUE_SOON):
        late = f"距办理时限还有 {(d.due_on - today).days} 天"
    else:
        late = d.status
    last = max(d.reports, key=lambda r: (r.reported_on, r.id), default=None)
    progress = f"{cn_date(last.reported_on)}报：{last.text}（完成 {last.percent}%）" if last else "尚未报送进展"
    # printed with today's 催办单 already recorded, it is that round; else the next one
    recorded = any(m.reminded_on == today and m.method == "催办单" for m in d.reminders)
    return ReminderData(notice, len(d.reminders) + (0 if recorded else 1), d.status, late, progress,
                        cn_date(workcal.add_workdays(today, 3)))
