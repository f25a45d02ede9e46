"""ORM models. Field comments give the office's own names (see shared/domain.md)."""
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
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _now() -> dt.datetime:
    """Fallback for rows built directly (test fixtures). Every service path stamps its
    times through desktop.services.clock, which db/ may not import; there is no
    onupdate, because it would overwrite the clock's time whenever an UPDATE happens
    to set updated_at to the value it already had."""
    return dt.datetime.now().replace(microsecond=0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- reference data -----------------------------------------------------------------


class Setting(Base):
    """Key/value settings stored with the data (e.g. 收文编号 format)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """An account: who may sign in, in which role, cleared up to which 密级.

    role: 主任 / 文书 / 领导 / 只读. clearance: the highest 密级 the user may see.
    password_hash: argon2id (never the password). failed/locked_until: the delay after
    repeated wrong passwords.
    """

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    clearance: Mapped[str] = mapped_column(String(10), default="内部")
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Department(Base):
    """科室."""

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="职能")  # 职能 / 临床 / 医技 / 院领导
    phone: Mapped[str] = mapped_column(String(50), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    staff: Mapped[list[Staff]] = relationship(back_populates="department")


class Staff(Base):
    """人员. roles: comma-separated, e.g. 院领导,签发人,带班领导,总值班,文书."""

    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    title: Mapped[str] = mapped_column(String(50), default="")  # 职务/职称
    phone: Mapped[str] = mapped_column(String(50), default="")
    roles: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    department: Mapped[Department | None] = relationship(back_populates="staff")


class Organisation(Base):
    """External organisation (来文单位 / 主送机关). doc_codes: comma-separated 代字, e.g. 湘卫发,湘卫函."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(50), default="")
    level: Mapped[str] = mapped_column(String(20), default="上级")  # 上级 / 平级 / 下级 / 院内
    doc_codes: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# --- incoming documents (收文) ----------------------------------------------------------


class IncomingDocument(Base):
    """收文. The register number is (year, seq); its display form is derived from a setting.

    ``step`` is a cache of services.incoming.steps.derive_step(), rewritten by the
    service in the same transaction as every change, so the register can filter by it
    in SQL on 200,000 rows; it is never typed by a user.
    """

    __tablename__ = "incoming_documents"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="year_seq"),
        CheckConstraint("seq > 0", name="seq_positive"),
        # newest first; 密级 in it for a 文书's clearance check (migration 0016)
        Index("ix_incoming_received", "received_at", "id", "secrecy"),
        Index("ix_incoming_sender_no", "sender", "sender_doc_no"),
        Index("ix_incoming_sender_received", "sender", "received_at"),
        Index("ix_incoming_deadline", "deadline", "completed_on"),
        # the charts' aggregates (services.stats), covering: see migration 0010
        Index("ix_incoming_completed", "completed_on", "received_at", "deadline", "secrecy", "cancelled_at"),
        Index("ix_incoming_received_stats", "received_at", "cancelled_at", "secrecy"),
        # the register's 文种 and 密级 filters list ids newest first from one range: migration 0015
        Index("ix_incoming_type_received", "doc_type", "received_at", "id", "secrecy"),
        Index("ix_incoming_secrecy_received", "secrecy", "received_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)  # 收文日期(时间)
    sender: Mapped[str] = mapped_column(String(200))  # 来文单位
    sender_doc_no: Mapped[str] = mapped_column(String(100), default="")  # 来文字号
    title: Mapped[str] = mapped_column(String(500))  # 文件标题
    doc_type: Mapped[str] = mapped_column(String(20), default="通知")  # 文种 (ix_incoming_type_received)
    secrecy: Mapped[str] = mapped_column(String(10), default="公开")  # 密级 (ix_incoming_secrecy_received)
    urgency: Mapped[str] = mapped_column(String(10), default="普通", index=True)  # 紧急程度
    copies: Mapped[int] = mapped_column(Integer, default=1)  # 份数
    pages: Mapped[int] = mapped_column(Integer, default=0)  # 页数
    deadline: Mapped[dt.date | None] = mapped_column(Date)  # 办理时限
    for_reading_only: Mapped[bool] = mapped_column(Boolean, default=False)  # 阅知件
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # 初审
    reviewed_by: Mapped[str] = mapped_column(String(50), default="")
    proposal: Mapped[str] = mapped_column(Text, default="")  # 拟办意见
    proposed_by: Mapped[str] = mapped_column(String(50), default="")
    proposed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    result: Mapped[str] = mapped_column(Text, default="")  # 办理结果
    completed_on: Mapped[dt.date | None] = mapped_column(Date)  # 办结日期
    archived_on: Mapped[dt.date | None] = mapped_column(Date)  # 归档日期
    archive_volume: Mapped[str] = mapped_column(String(50), default="")  # 卷号
    archive_item: Mapped[str] = mapped_column(String(50), default="")  # 件号
    remarks: Mapped[str] = mapped_column(Text, default="")  # 备注
    step: Mapped[str] = mapped_column(String(10), default="待初审", index=True)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # 作废
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    registered_by: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    instructions: Mapped[list[IncomingInstruction]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="IncomingInstruction.id"
    )
    assignments: Mapped[list[IncomingAssignment]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="IncomingAssignment.id"
    )
    circulations: Mapped[list[IncomingCirculation]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="IncomingCirculation.id"
    )
    reminders: Mapped[list[IncomingReminder]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="IncomingReminder.id"
    )
    events: Mapped[list[IncomingEvent]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="IncomingEvent.id"
    )


class IncomingInstruction(Base):
    """领导批示: who, what, when (several per document)."""

    __tablename__ = "incoming_instructions"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    leader: Mapped[str] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(Text)
    instructed_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(50), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    document: Mapped[IncomingDocument] = relationship(back_populates="instructions")


class IncomingAssignment(Base):
    """承办科室: one row per department; exactly one may be 主办 (is_lead)."""

    __tablename__ = "incoming_assignments"
    __table_args__ = (
        UniqueConstraint("document_id", "department", name="doc_dept"),
        # 承办科室 filter: a department's document ids from the index alone (migration 0015)
        Index("ix_incoming_assignments_department_doc", "department", "document_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    department: Mapped[str] = mapped_column(String(100))
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    opinion: Mapped[str] = mapped_column(Text, default="")  # 承办科室意见
    assigned_on: Mapped[dt.date] = mapped_column(Date)
    assigned_by: Mapped[str] = mapped_column(String(50), default="")
    document: Mapped[IncomingDocument] = relationship(back_populates="assignments")


class IncomingCirculation(Base):
    """传阅: who received it, when, and when it came back."""

    __tablename__ = "incoming_circulations"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    reader: Mapped[str] = mapped_column(String(50))
    handed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    document: Mapped[IncomingDocument] = relationship(back_populates="circulations")


class IncomingReminder(Base):
    """催办: reminder sent, by whom, how."""

    __tablename__ = "incoming_reminders"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    reminded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reminded_by: Mapped[str] = mapped_column(String(50), default="")
    method: Mapped[str] = mapped_column(String(20), default="电话")  # 电话 / 当面 / 书面 / OA
    note: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[IncomingDocument] = relationship(back_populates="reminders")


class EventColumns:
    """What every register's 办理记录 row holds: which step, who, when, and a line of detail.
    Each register's event table adds its owner's id and relationship."""

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(50), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    detail: Mapped[str] = mapped_column(Text, default="")


class IncomingEvent(EventColumns, Base):
    """Audit trail: every step records who and when."""

    __tablename__ = "incoming_events"
    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    document: Mapped[IncomingDocument] = relationship(back_populates="events")


class Attachment(Base):
    """附件: a copy kept in the data folder, content-addressed by SHA-256.

    owner_kind is the owner's record kind ('incoming', 'outgoing', 'supervision'; see
    desktop.services.records.RecordKind), owner_id its id. removed_at set = in the trash;
    files are purged only once the owner is archived.
    """

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner_kind", "owner_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")  # extracted text, for search
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    added_by: Mapped[str] = mapped_column(String(50), default="")
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# --- the tamper-evident history (db/audit.py writes it) ---------------------------------


class Digest(TypeDecorator[str]):
    """A SHA-256 digest: hex text in Python (what is hashed and shown), 32 raw bytes in the
    file (half the size: two per entry, 266,590 entries for a 200,000-document office)."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:
        return None if value is None else bytes.fromhex(value)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> str | None:
        return None if value is None else bytes(value).hex()


class AuditEntry(Base):
    """One entry of the append-only, hash-chained history: who, when, which record, what changed.

    ``id`` is the entry number, assigned by the writer (1, 2, 3 … without gaps) and part
    of the hashed content; ``hash`` = SHA-256 of the previous entry's hash and this
    entry's canonical content (db.audit.entry_hash). Triggers refuse UPDATE and DELETE.
    ``changes`` is canonical JSON: a list of [path, old, new] (db.audit), ``[]`` for a
    bulk entry; ``state`` the SHA-256 of the record's whole state after the entry.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_record", "kind", "record_id", "id"),
        Index("ix_audit_at", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(19))  # YYYY-MM-DD HH:MM:SS, the clock's now
    actor: Mapped[str] = mapped_column(String(50), default="")
    kind: Mapped[str] = mapped_column(String(20))  # incoming / outgoing / supervision / department …
    record_id: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(100), default="")  # display number (or name) at the time
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(Digest())  # state_digest after the entry ("" deleted)
    hash: Mapped[str] = mapped_column(Digest())


# 发文, 督办 and 值班 live in their own modules (this one would pass 400 lines); imported
# here so that ``from db.models import OutgoingDocument`` and Base.metadata keep working.
from db.models_duty import (  # noqa: E402,F401
    CalendarOverride,
    DutyAssignment,
    DutyEligibility,
    DutyLogEntry,
    DutyRole,
    DutyShift,
    DutySwap,
    DutyUnavailability,
)
from db.models_outgoing import OutgoingCode, OutgoingDocument, OutgoingEvent  # noqa: E402,F401
from db.models_stats import IncomingDoneCount, IncomingMonthCount, OutgoingMonthCount  # noqa: E402,F401
from db.models_supervision import (  # noqa: E402,F401
    SupervisionEvent,
    SupervisionExtension,
    SupervisionItem,
    SupervisionReminder,
    SupervisionReport,
)
