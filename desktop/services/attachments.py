"""附件 of any register record, keyed by (owner kind, owner id).

The per-kind rules come from the kind's declaration (services.records.RecordKind):
whether the owner may still change, its audit trail and search index, how its
number is shown in messages. The files themselves are handled by attachment_files.

Removing puts an attachment in the trash; files leave the disk only through
purge_trash(), once the owner is archived.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Attachment, Setting
from desktop.services import clock, records
from desktop.services.attachment_files import MB, PreparedFile, prepare_file, stored_path
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.records import RecordKind

__all__ = [
    "DEFAULT_MAX", "MAX_BYTES_KEY", "MB", "AttachmentInfo", "PreparedFile", "PurgeResult",
    "add_attachment", "attachment_infos", "attachment_path", "check_can_attach", "list_attachments",
    "max_bytes_setting", "prepare_file", "purge_trash", "record_attachment", "remove_attachment",
    "restore_attachment", "stored_path",
]

DEFAULT_MAX = 50 * MB
MAX_BYTES_KEY = "attachments.max_bytes"


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    sha256: str
    size: int
    added_at: dt.datetime
    added_by: str
    removed_at: dt.datetime | None  # set = in the trash


def attachment_infos(
    session: Session, kind: RecordKind, owner_id: int, include_removed: bool = True
) -> list[AttachmentInfo]:
    stmt = select(Attachment).where(Attachment.owner_kind == kind.key, Attachment.owner_id == owner_id)
    if not include_removed:
        stmt = stmt.where(Attachment.removed_at.is_(None))
    return [
        AttachmentInfo(a.id, a.filename, a.sha256, a.size, a.added_at, a.added_by, a.removed_at)
        for a in session.scalars(stmt.order_by(Attachment.id))
    ]


def max_bytes_setting(session: Session) -> int:
    row = session.get(Setting, MAX_BYTES_KEY)
    try:
        return int(row.value) if row else DEFAULT_MAX
    except ValueError:
        return DEFAULT_MAX


def check_can_attach(session: Session, kind: RecordKind, owner_id: int) -> int:
    """Raise if the owner takes no attachments (frozen, missing); else the size limit."""
    records.editable(session, kind, owner_id)
    return max_bytes_setting(session)


def record_attachment(
    session: Session, kind: RecordKind, owner_id: int, prepared: PreparedFile, actor: str
) -> int:
    """The quick half: the attachment row and the audit event, in the caller's transaction.

    The owner is checked again: it may have been archived while the file was copied.
    """
    owner = records.editable(session, kind, owner_id)
    row = Attachment(
        owner_kind=kind.key, owner_id=owner.id, filename=prepared.filename, sha256=prepared.sha256,
        size=prepared.size, text=prepared.text, added_at=clock.now(), added_by=actor,
    )
    session.add(row)
    records.record_event(kind, owner, "添加附件", actor, row.filename)
    records.save(session, kind, owner)
    return row.id


def add_attachment(
    session: Session, files_dir: Path, kind: RecordKind, owner_id: int, source: Path, actor: str,
    max_bytes: int | None = None,
) -> int:
    """Attach a copy of ``source`` in one call; the limit is max_bytes, else the setting, else 50 MB.

    Convenient for scripts and tests, but the copy and text extraction then run inside
    the caller's write transaction; interactive use calls check_can_attach(),
    prepare_file() outside the transaction, then record_attachment().
    """
    limit = check_can_attach(session, kind, owner_id)
    prepared = prepare_file(files_dir, source, max_bytes if max_bytes is not None else limit)
    return record_attachment(session, kind, owner_id, prepared, actor)


def _attachment(session: Session, kind: RecordKind, attachment_id: int) -> Attachment:
    row = session.get(Attachment, attachment_id)
    if row is None or row.owner_kind != kind.key:
        raise NotFoundError("该附件不存在。")
    records.get(session, kind, row.owner_id)  # the owner's 密级 covers its files
    return row


def remove_attachment(session: Session, kind: RecordKind, attachment_id: int, actor: str) -> None:
    """Move to the trash (restorable until the owner is archived and purged)."""
    row = _attachment(session, kind, attachment_id)
    owner = records.editable(session, kind, row.owner_id)
    if row.removed_at is not None:
        raise ServiceError(f"附件“{row.filename}”已在回收站中。")
    row.removed_at = clock.now()
    records.record_event(kind, owner, "删除附件", actor, row.filename)
    records.save(session, kind, owner)


def restore_attachment(session: Session, kind: RecordKind, attachment_id: int, actor: str) -> None:
    row = _attachment(session, kind, attachment_id)
    owner = records.editable(session, kind, row.owner_id)
    if row.removed_at is None:
        raise ServiceError(f"附件“{row.filename}”不在回收站中。")
    row.removed_at = None
    records.record_event(kind, owner, "恢复附件", actor, row.filename)
    records.save(session, kind, owner)


def list_attachments(
    session: Session, kind: RecordKind, owner_id: int, include_removed: bool = False
) -> list[AttachmentInfo]:
    records.get(session, kind, owner_id)
    return attachment_infos(session, kind, owner_id, include_removed)


def attachment_path(session: Session, files_dir: Path, kind: RecordKind, attachment_id: int) -> Path:
    """Where the stored copy is, for opening (allowed on frozen owners too)."""
    row = _attachment(session, kind, attachment_id)
    path = stored_path(files_dir, row.sha256)
    if not path.is_file():
        raise ServiceError(f"附件“{row.filename}”的文件已不在数据文件夹中（{path}）。")
    return path


@dataclass(frozen=True)
class PurgeResult:
    attachments: int  # trashed rows removed
    files: int  # files deleted from disk
    freed_bytes: int


def purge_trash(
    session: Session, files_dir: Path, kind: RecordKind, owner_id: int, actor: str = ""
) -> PurgeResult:
    """Empty the trash of an archived owner.

    A file is deleted only when no remaining attachment row (of any owner, trashed
    or not) still names its content, so a restore elsewhere never finds it gone.
    """
    owner = records.get(session, kind, owner_id)
    if not kind.archived(owner):
        raise ServiceError(f"只有已归档的{kind.name}才能清理回收站中的附件。")
    trashed = session.scalars(
        select(Attachment).where(
            Attachment.owner_kind == kind.key, Attachment.owner_id == owner_id,
            Attachment.removed_at.is_not(None),
        )
    ).all()
    if not trashed:
        return PurgeResult(0, 0, 0)
    names = "、".join(a.filename for a in trashed)
    shas = {a.sha256 for a in trashed}
    for row in trashed:
        session.delete(row)
    session.flush()
    still_used = set(session.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(shas))))
    # Files go before the commit: should it fail, the rows come back as trash whose
    # file is gone, which attachment_path() reports; never the other way round.
    files = freed = 0
    for sha in shas - still_used:
        path = stored_path(files_dir, sha)
        if path.is_file():
            freed += path.stat().st_size
            path.unlink()
            files += 1
    records.record_event(kind, owner, "清理附件", actor, names)
    records.save(session, kind, owner)
    return PurgeResult(len(trashed), files, freed)
