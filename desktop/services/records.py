"""What every register kind (收文, 发文, 督办) shares: numbering, the audit hook, the save hook.

A kind is declared once, as a RecordKind (e.g. desktop/services/incoming/kind.py), and
every shared service takes it: nothing here knows 收文 from 督办. A new kind needs a
RecordKind in services/<kind>/kind.py and its display format in numbering.FORMATS;
attachments (services.attachments) and the 附件 panel (ui.attachments, given an
AttachmentOwner) then work for it unchanged.

Numbers are gapless and never reused within a numbering scope (收文 and 督办: the year;
发文: 代字 + year). The write transaction is BEGIN IMMEDIATE, so max+1 cannot race; the
unique constraint on (scope, seq) is the backstop, and a SAVEPOINT lets us retry
without losing the rest of the transaction.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from desktop.services import clock
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.numbering import number_format

NUMBER_RETRIES = 5
Scope = tuple[Any, ...]


def _never_frozen(_obj: Any) -> str | None:
    return None


def _never_archived(_obj: Any) -> bool:
    return False


@dataclass(frozen=True)
class RecordKind:
    """One register kind, as the shared services see it.

    key: "incoming" / "outgoing" / "supervision"; also the attachments' owner_kind and
        the number-format key in services.numbering.
    scope_columns: the numbering scope, e.g. ("year",) or ("code", "year"); the model
        has a ``seq`` column unique within it.
    event_model: the audit-trail row, appended to ``obj.events``; None while a kind
        has no audit table yet (its events are then not recorded).
    derive_stage: the stage derived from what was recorded, cached in ``obj.step``
        by save() so registers can filter on it in SQL.
    frozen_reason: why the record may no longer change ("已归档", "已作废"), or None.
    archived: whether trashed attachment files may now be purged for good.
    """

    key: str
    name: str
    model: type[Any]
    scope_columns: tuple[str, ...]
    event_model: type[Any] | None = None
    derive_stage: Callable[[Any], str] | None = None
    frozen_reason: Callable[[Any], str | None] = _never_frozen
    archived: Callable[[Any], bool] = _never_archived

    def scope_of(self, obj: Any) -> Scope:
        return tuple(getattr(obj, c) for c in self.scope_columns)

    def has_column(self, name: str) -> bool:
        return name in self.model.__table__.columns


# --- finding and showing a record -------------------------------------------------------


def get(session: Session, kind: RecordKind, record_id: int) -> Any:
    """The record, if it exists and the signed-in user is cleared for its 密级."""
    obj = session.get(kind.model, record_id)
    if obj is None:
        raise NotFoundError(f"{kind.name}（编号 {record_id}）不存在。")
    secrecy = getattr(obj, "secrecy", None)
    if secrecy is not None:
        from desktop.services.users import require_cleared

        require_cleared(session, secrecy, f"{kind.name} {display_number(session, kind, obj)}")
    return obj


def display_number(session: Session, kind: RecordKind, obj: Any) -> str:
    """The number as users see it, e.g. 收〔2026〕0153; "" while the record has none (发文 draft)."""
    if obj.seq is None:
        return ""
    return number_format(session, kind.key).format(obj.year, obj.seq, getattr(obj, "code", "") or "")


def editable(session: Session, kind: RecordKind, record_id: int) -> Any:
    """The record, if it may still be changed; otherwise a ServiceError that says why."""
    obj = get(session, kind, record_id)
    reason = kind.frozen_reason(obj)
    if reason:
        raise ServiceError(f"{kind.name} {display_number(session, kind, obj)} {reason}，不能再修改。")
    return obj


# --- the hooks every change goes through -------------------------------------------------


# Every change to a record passes through record_event, so the role check lives here once:
# the action names the permission it needs (anything not listed is plain "edit").
ACTION_PERMISSIONS = {"批示": "instruct", "签发": "instruct", "作废": "cancel", "审结": "approve", "批准延期": "approve",
                      "驳回延期": "approve"}


def record_event(kind: RecordKind, obj: Any, action: str, actor: str, detail: str = "") -> None:
    """Check the signed-in user may do ``action``, then append to the record's audit trail:
    what, who, when (the clock's now). Raises PermissionDenied (the transaction rolls back)."""
    from desktop.services.users import require

    session = object_session(obj)
    if session is not None:
        require(session, ACTION_PERMISSIONS.get(action, "edit"))
    if kind.event_model is None:
        return
    obj.events.append(kind.event_model(action=action, actor=actor or "", at=clock.now(), detail=detail))


def save(session: Session, kind: RecordKind, obj: Any) -> None:
    """After every change: rewrite the stage cache, stamp updated_at, flush (the flush
    rewrites the search row: services.search.sync listens to the write session)."""
    if kind.derive_stage is not None:
        obj.step = kind.derive_stage(obj)
    if kind.has_column("updated_at"):
        obj.updated_at = clock.now()
    session.flush()


def _stamp_new(kind: RecordKind, obj: Any) -> None:
    now = clock.now()
    for column in ("created_at", "updated_at"):
        if kind.has_column(column) and getattr(obj, column) is None:
            setattr(obj, column, now)


def insert(session: Session, kind: RecordKind, obj: Any) -> Any:
    """Add a record that is not numbered yet (a 发文 draft): stamped by the clock, flushed."""
    _stamp_new(kind, obj)
    session.add(obj)
    session.flush()
    return obj


# --- numbering ---------------------------------------------------------------------------


def next_seq(session: Session, kind: RecordKind, scope: Scope) -> int:
    """The next number in ``scope`` (e.g. (2026,) or ("院发", 2026)): max + 1, from 1."""
    model = kind.model
    where = [getattr(model, c) == v for c, v in zip(kind.scope_columns, _checked(kind, scope), strict=True)]
    return (session.scalar(select(func.max(model.seq)).where(*where)) or 0) + 1


def insert_numbered(session: Session, kind: RecordKind, scope: Scope, make: Callable[[int], Any]) -> Any:
    """Insert ``make(seq)`` with the next seq of ``scope``: gapless, never reused.

    ``make`` builds the record with its scope columns and seq set; they are checked.
    """

    def add(seq: int) -> Any:
        obj = make(seq)
        if kind.scope_of(obj) != tuple(scope) or obj.seq != seq:
            raise ValueError(f"{kind.key}: make() gave scope {kind.scope_of(obj)}/{obj.seq}, expected {scope}/{seq}")
        _stamp_new(kind, obj)
        session.add(obj)
        return obj

    return _numbered(session, kind, scope, add)


def assign_number(session: Session, kind: RecordKind, obj: Any, scope: Scope) -> int:
    """Number a record that exists already (a 发文 at 签发): sets its scope and next seq."""

    def put(seq: int) -> Any:
        for column, value in zip(kind.scope_columns, scope, strict=True):
            setattr(obj, column, value)
        obj.seq = seq
        return obj

    if obj.seq is not None:
        raise ServiceError(f"{kind.name}已有编号 {display_number(session, kind, obj)}，不能重新编号。")
    try:
        numbered = _numbered(session, kind, scope, put)  # obj itself, as put() returns it
    except BaseException:
        obj.seq = None  # the savepoint rolled back in the database; the object must agree
        raise
    return numbered.seq


def _numbered(session: Session, kind: RecordKind, scope: Scope, put: Callable[[int], Any]) -> Any:
    scope = _checked(kind, scope)
    marker = f"{kind.model.__tablename__}.seq"
    for _ in range(NUMBER_RETRIES):
        try:
            with session.begin_nested():
                obj = put(next_seq(session, kind, scope))
                session.flush()
            return obj
        except IntegrityError as exc:
            if marker not in str(exc.orig):
                raise  # another constraint: a bug, not a numbering race
            continue
    raise ServiceError("编号分配冲突，请稍后重试。", field="number")


def _checked(kind: RecordKind, scope: Scope) -> Scope:
    scope = tuple(scope)
    if len(scope) != len(kind.scope_columns) or any(v is None or v == "" for v in scope):
        raise ValueError(f"{kind.key}: numbering scope {kind.scope_columns} needs values, got {scope}")
    return scope
