"""附件 files: copies kept beside the database, content-addressed by SHA-256.

This half never touches the database, so the slow work (copying a large scan,
hashing it, extracting its text) runs outside any transaction. The file is copied
before the database row is written; if the transaction then rolls back, an
unreferenced copy stays behind, which is harmless (same content, same name).
"""
from __future__ import annotations

import hashlib
import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from desktop.services.errors import ServiceError

MB = 1024 * 1024
MAX_TEXT_CHARS = 500_000  # enough to search a long report; keeps the index row sane
CHUNK = 1024 * 1024
PART_SUFFIX = ".part"


def _mb(n: int) -> str:
    return f"{n / MB:.1f}".rstrip("0").rstrip(".")


def _new_part_file(files_dir: Path) -> tuple[int, Path]:
    """A new temporary file in files_dir, created with mode 0666 less the user's umask.

    Not mkstemp: its 0600 would stay on the stored copy after the rename, so other
    users (or a backup run as another account) could not read attachments the user
    can share. O_EXCL keeps the name ours.
    """
    while True:
        path = files_dir / f".attachment-{secrets.token_hex(8)}{PART_SUFFIX}"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue


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
            fd, tmp = _new_part_file(files_dir)
        except OSError as exc:
            raise ServiceError(f"无法写入附件文件夹“{files_dir}”：{exc.strerror or exc}。", field="file") from exc
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
    """A file copied into the data folder and read, not yet attached to any record."""

    filename: str
    sha256: str
    size: int
    text: str


def prepare_file(files_dir: Path, source: Path, limit: int) -> PreparedFile:
    """The slow half of attaching, with no database: check, copy, hash, extract text.

    Run it outside any transaction (the 附件 panel runs it in a worker thread), then
    attachments.record_attachment() in a short one. A copy whose recording fails stays as an
    unreferenced file, as described in the module docstring.
    """
    source, files_dir = Path(source), Path(files_dir)
    _check_source(source, limit)
    sha, size = _copy_hashed(source, files_dir, limit)
    text = extract_text(stored_path(files_dir, sha), source.name)
    return PreparedFile(_short_name(source.name), sha, size, text)
