"""附件 of 收文: copies kept beside the database, content-addressed by SHA-256.

The file is copied before the database row is written; if the transaction then rolls
back, an unreferenced copy stays behind, which is harmless (same content, same name).
Removing puts an attachment in the trash; files leave the disk only through
purge_trash(), once the document is archived.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Attachment, Setting
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.incoming.workflow import (
    editable_document,
    get_document,
    now,
    record_event,
    save,
)

OWNER = "incoming"
MB = 1024 * 1024
DEFAULT_MAX = 50 * MB
MAX_BYTES_KEY = "attachments.max_bytes"
MAX_TEXT_CHARS = 500_000  # enough to search a long report; keeps the index row sane
CHUNK = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / MB:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    sha256: str
    size: int
    added_at: dt.datetime
    added_by: str
    removed_at: dt.datetime | None  # set = in the trash


def attachment_infos(session: Session, doc_id: int, include_removed: bool = True) -> list[AttachmentInfo]:
    stmt = select(Attachment).where(Attachment.owner_kind == OWNER, Attachment.owner_id == doc_id)
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


def stored_path(files_dir: Path, sha256: str) -> Path:
    return Path(files_dir) / sha256[:2] / sha256


def _unreadable(source: Path, exc: OSError) -> ServiceError:
    return ServiceError(f"无法读取文件“{source.name}”：{exc.strerror or exc}。", field="file")


def _check_source(source: Path, limit: int) -> int:
    try:
        if not source.exists():
            raise ServiceError(f"文件“{source}”不存在。", field="file")
        if source.is_dir():
            raise ServiceError(f"“{source}”是文件夹，请选择一个文件。", field="file")
        if not source.is_file():
            raise ServiceError(f"“{source}”不是普通文件，无法作为附件。", field="file")
        size = source.stat().st_size
    except OSError as exc:  # e.g. no permission on the folder
        raise _unreadable(source, exc) from exc
    if size == 0:
        raise ServiceError(f"文件“{source.name}”是空文件（0 字节）。", field="file")
    if size > limit:
        raise ServiceError(
            f"文件“{source.name}”有 {_mb(size)} MB，超过附件大小上限 {_mb(limit)} MB。", field="file"
        )
    return size


def _copy_hashed(source: Path, files_dir: Path, limit: int) -> tuple[str, int]:
    """Copy into files_dir/sha[:2]/sha, hashing while copying; return (sha256, size).

    Written to a temporary file first and renamed into place, so a stored file is
    always complete; the same content already stored is not written again.
    """
    try:
        src = open(source, "rb")
    except OSError as exc:
        raise _unreadable(source, exc) from exc
    with src:
        try:
            files_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=files_dir, prefix=".incoming-", suffix=".part")
        except OSError as exc:
            raise ServiceError(f"无法写入附件文件夹“{files_dir}”：{exc.strerror or exc}。", field="file") from exc
        tmp = Path(tmp_name)
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := src.read(CHUNK):
                    size += len(chunk)
                    if size > limit:  # the file grew after it was checked
                        raise ServiceError(
                            f"文件“{source.name}”超过附件大小上限 {_mb(limit)} MB。", field="file"
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = stored_path(files_dir, sha)
            if target.exists():
                tmp.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, target)
            return sha, size
        except OSError as exc:  # a read error, or the data folder is full / not writable
            tmp.unlink(missing_ok=True)
            raise ServiceError(f"复制文件“{source.name}”失败：{exc.strerror or exc}。", field="file") from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _pdf_text(path: Path) -> str:
    """Text of a PDF, or "" if pypdf cannot read it: the file still attaches."""
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path))
            parts: list[str] = []
            length = 0
            for page in reader.pages:
                part = page.extract_text() or ""
                parts.append(part)
                length += len(part)
                if length >= MAX_TEXT_CHARS:
                    break
        return "\n".join(parts)[:MAX_TEXT_CHARS]
    except Exception:  # pypdf raises many kinds on damaged or encrypted files
        return ""


def _txt_text(path: Path) -> str:
    raw = path.read_bytes()[: MAX_TEXT_CHARS * 4]
    for encoding in ("utf-8-sig", "gb18030"):  # Chinese Windows saves .txt as GBK
        try:
            return raw.decode(encoding)[:MAX_TEXT_CHARS]
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")[:MAX_TEXT_CHARS]


def extract_text(path: Path, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix == ".pdf":
        return _pdf_text(path)
    if suffix == ".txt":
        return _txt_text(path)
    return ""


def _short_name(name: str, limit: int = 255) -> str:
    if len(name) <= limit:
        return name
    suffix = Path(name).suffix[:20]
    return name[: limit - len(suffix)] + suffix


@dataclass(frozen=True)
class PreparedFile:
    """A file copied into the data folder and read, not yet attached to any document."""

    filename: str
    sha256: str
    size: int
    text: str


def prepare_file(files_dir: Path, source: Path, limit: int) -> PreparedFile:
    """The slow half of attaching, with no database: check, copy, hash, extract text.

    Run it outside any transaction (the 收文 tab runs it in a worker thread), then
    record_attachment() in a short one. A copy whose recording fails stays as an
    unreferenced file, as described in the module docstring.
    """
    source, files_dir = Path(source), Path(files_dir)
    _check_source(source, limit)
    sha, size = _copy_hashed(source, files_dir, limit)
    text = extract_text(stored_path(files_dir, sha), source.name)
    return PreparedFile(_short_name(source.name), sha, size, text)


def check_can_attach(session: Session, doc_id: int) -> int:
    """Raise if the document takes no attachments (archived, cancelled, missing); the size limit."""
    editable_document(session, doc_id)
    return max_bytes_setting(session)


def record_attachment(session: Session, doc_id: int, prepared: PreparedFile, actor: str) -> int:
    """The quick half: the attachment row and the audit event, in the caller's transaction.

    The document is checked again: it may have been archived while the file was copied.
    """
    doc = editable_document(session, doc_id)
    row = Attachment(
        owner_kind=OWNER, owner_id=doc.id, filename=prepared.filename, sha256=prepared.sha256,
        size=prepared.size, text=prepared.text, added_at=now(), added_by=actor,
    )
    session.add(row)
    record_event(doc, "添加附件", actor, row.filename)
    save(session, doc)
    return row.id


def add_attachment(
    session: Session, files_dir: Path, doc_id: int, source: Path, actor: str, max_bytes: int | None = None
) -> int:
    """Attach a copy of ``source`` in one call; the limit is max_bytes, else the setting, else 50 MB.

    Convenient for scripts and tests, but the copy and text extraction then run inside
    the caller's write transaction; interactive use calls check_can_attach(),
    prepare_file() outside the transaction, then record_attachment().
    """
    limit = check_can_attach(session, doc_id)
    prepared = prepare_file(files_dir, source, max_bytes if max_bytes is not None else limit)
    return record_attachment(session, doc_id, prepared, actor)


def _attachment(session: Session, attachment_id: int) -> Attachment:
    row = session.get(Attachment, attachment_id)
    if row is None or row.owner_kind != OWNER:
        raise NotFoundError("该附件不存在。")
    return row


def remove_attachment(session: Session, attachment_id: int, actor: str) -> None:
    """Move to the trash (restorable until the document is archived and purged)."""
    row = _attachment(session, attachment_id)
    doc = editable_document(session, row.owner_id)
    if row.removed_at is not None:
        raise ServiceError(f"附件“{row.filename}”已在回收站中。")
    row.removed_at = now()
    record_event(doc, "删除附件", actor, row.filename)
    save(session, doc)


def restore_attachment(session: Session, attachment_id: int, actor: str) -> None:
    row = _attachment(session, attachment_id)
    doc = editable_document(session, row.owner_id)
    if row.removed_at is None:
        raise ServiceError(f"附件“{row.filename}”不在回收站中。")
    row.removed_at = None
    record_event(doc, "恢复附件", actor, row.filename)
    save(session, doc)


def list_attachments(session: Session, doc_id: int, include_removed: bool = False) -> list[AttachmentInfo]:
    get_document(session, doc_id)
    return attachment_infos(session, doc_id, include_removed)


def attachment_path(session: Session, files_dir: Path, attachment_id: int) -> Path:
    """Where the stored copy is, for opening (allowed on archived documents too)."""
    row = _attachment(session, attachment_id)
    path = stored_path(files_dir, row.sha256)
    if not path.is_file():
        raise ServiceError(f"附件“{row.filename}”的文件已不在数据文件夹中（{path}）。")
    return path


@dataclass(frozen=True)
class PurgeResult:
    attachments: int  # trashed rows removed
    files: int  # files deleted from disk
    freed_bytes: int


def purge_trash(session: Session, files_dir: Path, doc_id: int, actor: str = "") -> PurgeResult:
    """Empty the trash of an archived document.

    A file is deleted only when no remaining attachment row (of any document, trashed
    or not) still names its content, so a restore elsewhere never finds it gone.
    """
    doc = get_document(session, doc_id)
    if doc.archived_on is None:
        raise ServiceError("只有已归档的收文才能清理回收站中的附件。")
    trashed = session.scalars(
        select(Attachment).where(
            Attachment.owner_kind == OWNER, Attachment.owner_id == doc_id, Attachment.removed_at.is_not(None)
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
    record_event(doc, "清理附件", actor, names)
    save(session, doc)
    return PurgeResult(len(trashed), files, freed)
