"""Reading the history (services.audit writes it): one record's changes, the filterable log.

Plain data for the 历史 view, the log dialog and its .xlsx export; field names in the
office's words. Qt-free.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import AuditEntry
from desktop.services.incoming.fields import INCOMING_FIELDS

KIND_NAMES = {
    "incoming": "收文", "outgoing": "发文", "supervision": "督办", "department": "科室",
    "staff": "人员", "organisation": "单位", "settings": "设置",
    "outgoing_code": "发文代字",
}
CHILD_NAMES = {
    "instructions": "批示", "assignments": "承办", "circulations": "传阅", "reminders": "催办",
    "events": "办理记录", "attachments": "附件", "settings": "设置", "reports": "进展", "extensions": "延期申请",
}
_FIELD_NAMES = {
    "year": "年度", "seq": "顺序号", "code": "代字", "reviewed_at": "初审时间", "reviewed_by": "初审人",
    "proposed_by": "拟办人", "proposed_at": "拟办时间", "cancelled_at": "作废时间", "cancel_reason": "作废原因",
    "registered_by": "登记人", "created_at": "登记时间", "leader": "批示领导", "text": "内容",
    "instructed_on": "批示日期", "recorded_by": "记录人", "recorded_at": "记录时间", "department": "科室",
    "is_lead": "主办", "opinion": "承办意见", "assigned_on": "交办日期", "assigned_by": "交办人",
    "reader": "传阅人", "handed_at": "送阅时间", "returned_at": "退回时间", "reminded_at": "催办时间",
    "reminded_by": "催办人", "method": "方式", "note": "说明", "action": "步骤", "actor": "经办人",
    "at": "时间", "detail": "内容", "filename": "文件名", "sha256": "SHA-256", "size": "大小",
    "added_at": "添加时间", "added_by": "添加人", "removed_at": "删除时间", "value": "值", "name": "名称",
    "kind": "类别", "phone": "电话", "sort_order": "排序", "active": "启用", "title": "标题",
    "roles": "角色", "department_id": "科室", "short_name": "简称", "level": "级别", "doc_codes": "代字",
    "task": "事项", "source": "来源", "responsible": "责任人", "deadline": "办理时限", "closed_on": "办结日期",
    "main_recipients": "主送机关", "drafting_department": "拟稿科室", "drafter": "拟稿人",
    "signed_by": "签发人", "signed_on": "签发日期", "issued_on": "印发日期", "doc_type": "文种",
}


def field_name(kind: str, path: list[Any]) -> str:
    """["title"] → 文件标题; ["instructions", 3] → 批示 #3; ["assignments", 2, "opinion"] → 承办 #2 承办意见."""
    own = path[0] if len(path) == 1 else path[2] if len(path) == 3 else None
    words = []
    if len(path) >= 2:
        words.append(f"{CHILD_NAMES.get(path[0], path[0])} #{path[1]}")
    if own is not None:
        words.append(_own_name(kind, own, len(path) == 1))
    return " ".join(words)


def _own_name(kind: str, column: str, record_field: bool) -> str:
    if record_field and kind == "incoming":
        try:
            return INCOMING_FIELDS.label_of(column)
        except KeyError:
            pass
    if kind == "supervision":
        from desktop.services.supervision.fields import HISTORY_LABELS

        return HISTORY_LABELS.get(column) or _FIELD_NAMES.get(column, column)
    return _FIELD_NAMES.get(column, column)


def shown(value: Any) -> str:
    """A logged value as users read it."""
    if value is None:
        return ""
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, dict):
        return "，".join(f"{_FIELD_NAMES.get(k, k)}：{shown(v)}" for k, v in value.items() if v not in ("", None))
    return str(value)


@dataclass(frozen=True)
class HistoryRow:
    """One changed field of one entry (an entry that changed no shown field: one row, field "")."""

    entry: int
    at: str
    actor: str
    kind: str
    number: str
    action: str
    field: str
    old: str
    new: str


def _rows(entry: AuditEntry, hide_events: bool) -> list[HistoryRow]:
    try:
        changes = json.loads(entry.changes)
    except ValueError:
        changes = []
    out = []
    for path, old, new in changes:
        if hide_events and path[0] == "events":
            continue  # the action column already says which step it was
        if shown(old) == "" and shown(new) == "":
            continue  # an empty field set at creation says nothing
        out.append(HistoryRow(entry.id, entry.at, entry.actor, entry.kind, entry.number, entry.action,
                              field_name(entry.kind, path), shown(old), shown(new)))
    return out or [HistoryRow(entry.id, entry.at, entry.actor, entry.kind, entry.number, entry.action,
                              "", "", "")]


def record_history(session: Session, kind: str, record_id: int) -> list[HistoryRow]:
    """Every change of one record, oldest first (only for users cleared for its 密级)."""
    if kind == "incoming":
        from desktop.services import records
        from desktop.services.incoming.kind import INCOMING

        records.get(session, INCOMING, record_id)  # refuses above the user's clearance
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.kind == kind, AuditEntry.record_id == record_id)
        .order_by(AuditEntry.id)
    )
    return [row for e in entries for row in _rows(e, hide_events=True)]


@dataclass(frozen=True)
class LogFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""
    kind: str = ""  # "" = every kind
    text: str = ""  # in the number, the action or the changed values


LOG_LIMIT = 5000


def search_log(session: Session, f: LogFilter, limit: int = LOG_LIMIT) -> list[HistoryRow]:
    """Entries matching ``f``, newest first, one row per changed field; at most ``limit`` entries."""
    stmt = select(AuditEntry)
    if f.date_from:
        stmt = stmt.where(AuditEntry.at >= f.date_from.isoformat())
    if f.date_to:
        stmt = stmt.where(AuditEntry.at < (f.date_to + dt.timedelta(days=1)).isoformat())
    if f.actor.strip():
        stmt = stmt.where(AuditEntry.actor == f.actor.strip())
    if f.kind:
        stmt = stmt.where(AuditEntry.kind == f.kind)
    for word in f.text.split():
        like = f"%{word}%"
        stmt = stmt.where(or_(AuditEntry.number.like(like), AuditEntry.action.like(like),
                              AuditEntry.changes.like(like)))
    entries = session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit))
    return [row for e in entries for row in _rows(e, hide_events=False)]


def log_actors(session: Session) -> list[str]:
    return [a for a in session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)) if a]
