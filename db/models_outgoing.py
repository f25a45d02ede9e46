"""发文 (outgoing documents): the register, its audit trail and the office's 机关代字.

Every new column has a server default, so rows written by plain SQL (the demo, the
Excel import) and the rows that existed before migration 0007 are complete.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
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


class OutgoingDocument(Base):
    """发文. The 发文字号 is (code, year, seq), given at 签发; a draft has none (seq NULL).

    ``repeat`` tells apart numbers an imported 发文登记簿 holds twice (重号): 0 for every
    number this program gives, 1, 2 … for the further copies of an imported one, so
    (code, year, seq, repeat) stays unique and new numbers can never repeat one.
    ``step`` caches services.outgoing.steps.derive_step() for filtering in SQL.
    """

    __tablename__ = "outgoing_documents"
    __table_args__ = (
        UniqueConstraint("code", "year", "seq", "repeat", name="code_year_seq"),
        CheckConstraint("seq > 0", name="seq_positive"),
        Index("ix_outgoing_created", "created_at", "id"),
        Index("ix_outgoing_signed", "signed_on", "id"),
        # the filters: each column, then the register's order and the 密级 (migration 0014)
        Index("ix_outgoing_created_secrecy", "created_at", "id", "secrecy"),
        *(Index(f"ix_outgoing_{name}_created", column, "created_at", "id", "secrecy")
          for name, column in (("code", "code"), ("doc_type", "doc_type"), ("step", "step"),
                               ("signer", "signed_by"), ("department", "drafting_department"))),
        Index("ix_outgoing_signed_secrecy", "signed_on", "secrecy", "created_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = _text(20)  # 发文机关代字, e.g. 院发
    year: Mapped[int | None] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(Integer)
    repeat: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    imported: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    title: Mapped[str] = mapped_column(String(500))  # 标题
    doc_type: Mapped[str] = mapped_column(String(20), default="通知")  # 文种
    main_recipients: Mapped[str] = mapped_column(Text, default="")  # 主送机关, 、-separated
    cc_recipients: Mapped[str] = _text()  # 抄送机关, 、-separated
    drafting_department: Mapped[str] = mapped_column(String(100), default="")  # 拟稿科室
    drafter: Mapped[str] = mapped_column(String(50), default="")  # 拟稿人
    reviewer: Mapped[str] = _text(50)  # 核稿人
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    countersign_departments: Mapped[str] = _text()  # 会签科室, 、-separated
    countersigned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    signed_by: Mapped[str] = mapped_column(String(50), default="")  # 签发人
    signed_on: Mapped[dt.date | None] = mapped_column(Date)  # 签发日期
    rechecked_by: Mapped[str] = _text(50)  # 复核
    rechecked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    written_on: Mapped[dt.date | None] = mapped_column(Date)  # 成文日期
    secrecy: Mapped[str] = mapped_column(String(10), default="公开", server_default=text("'公开'"))
    secrecy_term: Mapped[str] = _text(20)  # 保密期限, e.g. 5年
    urgency: Mapped[str] = mapped_column(String(10), default="普通", server_default=text("'普通'"))
    issuing_authority: Mapped[str] = _text(100)  # 印发机关
    issued_on: Mapped[dt.date | None] = mapped_column(Date)  # 印发日期
    copies: Mapped[int | None] = mapped_column(Integer)  # 份数
    printed_by: Mapped[str] = _text(50)  # 印制
    printed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    dispatched_by: Mapped[str] = _text(50)  # 核发
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    attachment_note: Mapped[str] = _text()  # 附件说明
    body: Mapped[str] = _text()  # 正文
    archive_volume: Mapped[str] = _text(50)  # 归档卷号
    archive_item: Mapped[str] = _text(50)  # 归档件号
    archived_on: Mapped[dt.date | None] = mapped_column(Date)
    remarks: Mapped[str] = _text()  # 备注
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # 退回修改 (the last time)
    return_reason: Mapped[str] = _text()
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # 作废
    cancel_reason: Mapped[str] = _text()
    step: Mapped[str] = mapped_column(String(10), default="待核稿", server_default=text("'待核稿'"))
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    supervision_item_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_items.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    events: Mapped[list[OutgoingEvent]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="OutgoingEvent.id"
    )


class OutgoingEvent(EventColumns, Base):
    """Audit trail of a 发文: every step records who and when."""

    __tablename__ = "outgoing_events"
    document_id: Mapped[int] = mapped_column(ForeignKey("outgoing_documents.id"), index=True)
    document: Mapped[OutgoingDocument] = relationship(back_populates="events")


class OutgoingCode(Base):
    """机关代字 the office numbers its documents under (院发, 院办发, 院函, 党委发 …).

    doc_types: the 文种 it is used for, 、-separated ("" = any). Retired ones stay
    (active false) so old numbers keep their name.
    """

    __tablename__ = "outgoing_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    doc_types: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
