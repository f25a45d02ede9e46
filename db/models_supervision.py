"""督办 (supervision of assigned tasks): the items, their 进展/催办/延期 logs and audit trail.

Every column added after the first stub has a server default (or is nullable), so rows
written by plain SQL (the demo) and rows that existed before migration 0011 stay complete.

Status is derived (services.supervision.status), never typed. Two caches are rewritten by
the services in the same transaction as every change, so the register can filter in SQL:
``step`` (the date-free stage: 进行中 / 待审结 / 已办结（按期） / 已办结（逾期） / 已撤销) and
``due_on`` (the effective deadline: the last approved extension, else the original) and
``report_due_on`` (when the next 进展 report is due, with a report cycle). The
original ``deadline`` never changes once work has started: a refused or pending
extension leaves the statistics counting against it.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, EventColumns, _now

_EMPTY = text("''")


def _text(length: int | None = None) -> Mapped[str]:
    """A text column that is '' when not given (never NULL)."""
    return mapped_column(String(length) if length else Text, default="", server_default=_EMPTY)


class SupervisionItem(Base):
    """督办事项. The 督办编号 is (year, seq), shown through a setting (督〔2026〕12号).

    A sub-item (分项, one department's share of a split item) has ``parent_id`` and shares
    its parent's (year, seq) with ``part`` 1, 2 …; the parent keeps part 0, so the
    numbers stay gapless per year. The parent is closed when all its sub-items are.
    """

    __tablename__ = "supervision_items"
    __table_args__ = (
        UniqueConstraint("year", "seq", "part", name="year_seq"),
        CheckConstraint("seq > 0", name="seq_positive"),
        Index("ix_supervision_step_due", "step", "due_on"),
        Index("ix_supervision_assigned", "assigned_on", "id"),
        Index("ix_supervision_lead", "lead_department", "step"),
        # the 督办通报's items (bulletin.BULLETIN_SCOPE) and its GROUP BY 主办科室, covering:
        # migration 0017
        Index("ix_supervision_bulletin", "assigned_on", "closed_on", "cancelled_at", "due_on",
              "lead_department", "report_cycle"),
        Index("ix_supervision_lead_bulletin", "lead_department", "assigned_on", "closed_on", "cancelled_at",
              "due_on", "report_cycle"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    part: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_items.id"), index=True)
    task: Mapped[str] = mapped_column(Text)  # 事项
    source: Mapped[str] = mapped_column(String(20), default="领导批示")  # 来源
    source_detail: Mapped[str] = _text(200)  # e.g. 2026年第5次院长办公会纪要
    source_incoming_id: Mapped[int | None] = mapped_column(
        ForeignKey("incoming_documents.id"), index=True
    )
    source_instruction_id: Mapped[int | None] = mapped_column(
        ForeignKey("incoming_instructions.id")
    )
    instruction: Mapped[str] = _text()  # 领导批示 / 交办意见, quoted on the 督办通知单
    assigned_by: Mapped[str] = mapped_column(String(50), default="")  # 交办领导
    lead_department: Mapped[str] = mapped_column(String(100), default="")  # 主办科室
    assisting_departments: Mapped[str] = mapped_column(Text, default="")  # 协办科室, 、-separated
    responsible: Mapped[str] = mapped_column(String(50), default="")  # 责任人
    assigned_on: Mapped[dt.date] = mapped_column(Date)  # 交办日期
    deadline: Mapped[dt.date | None] = mapped_column(Date)  # 办理时限 (the original)
    deadline_workdays: Mapped[int | None] = mapped_column(Integer)  # given as N 个工作日
    due_on: Mapped[dt.date | None] = mapped_column(Date)  # cache: effective deadline
    requirement: Mapped[str] = _text()  # 办复要求
    priority: Mapped[str] = mapped_column(String(10), default="一般", server_default=text("'一般'"))
    report_cycle: Mapped[str] = _text(10)  # 进展报送周期: '' / 每周 / 每两周 / 每月
    # cache: the day the next 进展 is due (last report, else 交办日期, plus the cycle); NULL
    # without a cycle. Date-free like due_on, so "进展逾期" is ``report_due_on < today`` in SQL.
    report_due_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)  # 办结日期
    result: Mapped[str] = _text()  # 办理结果
    evidence: Mapped[str] = _text()  # 佐证材料 (files: attachments)
    closed_by: Mapped[str] = _text(50)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # 审结
    accepted_by: Mapped[str] = _text(50)
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # 审结退回 (the last time)
    return_reason: Mapped[str] = _text()
    evaluation: Mapped[str] = _text(10)  # 评价: 满意 / 基本满意 / 不满意
    evaluation_note: Mapped[str] = _text()
    evaluated_by: Mapped[str] = _text(50)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # 撤销
    cancel_reason: Mapped[str] = _text()
    step: Mapped[str] = mapped_column(String(10), default="进行中", server_default=text("'进行中'"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    reports: Mapped[list[SupervisionReport]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="SupervisionReport.id")
    reminders: Mapped[list[SupervisionReminder]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="SupervisionReminder.id")
    extensions: Mapped[list[SupervisionExtension]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="SupervisionExtension.id")
    events: Mapped[list[SupervisionEvent]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="SupervisionEvent.id")


class SupervisionReport(Base):
    """进展: what the department reported on a day, and how far along (percent)."""

    __tablename__ = "supervision_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_items.id"), index=True)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    percent: Mapped[int] = mapped_column(Integer, default=0)
    reported_by: Mapped[str] = mapped_column(String(50), default="")
    recorded_by: Mapped[str] = mapped_column(String(50), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    item: Mapped[SupervisionItem] = relationship(back_populates="reports")


class SupervisionReminder(Base):
    """催办: when, how (电话 / 催办单 / 当面 / OA), by whom, and what the department answered."""

    __tablename__ = "supervision_reminders"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_items.id"), index=True)
    reminded_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(10), default="电话")
    reminded_by: Mapped[str] = mapped_column(String(50), default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    item: Mapped[SupervisionItem] = relationship(back_populates="reminders")


class SupervisionExtension(Base):
    """延期申请: asked before the deadline, for a new date; decided (批准 / 驳回) by whom, when."""

    __tablename__ = "supervision_extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_items.id"), index=True)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(50), default="")
    reason: Mapped[str] = mapped_column(Text)
    new_deadline: Mapped[dt.date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(10), default="")  # '' pending / 批准 / 驳回
    decided_by: Mapped[str] = mapped_column(String(50), default="")
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    item: Mapped[SupervisionItem] = relationship(back_populates="extensions")


class SupervisionEvent(EventColumns, Base):
    """Audit trail of a 督办事项: every step records who and when."""

    __tablename__ = "supervision_events"
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_items.id"), index=True)
    item: Mapped[SupervisionItem] = relationship(back_populates="events")
