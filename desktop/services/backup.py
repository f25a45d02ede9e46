"""Backups that restore everything: one .zip with the database, its attachments and a manifest.

The database is copied through SQLite's online backup API (consistent while the program
runs); the attachments it references (content-addressed by SHA-256, never changed once
stored) go in beside it; manifest.json lists every member with its SHA-256. An archive is
written beside its target and moved into place only when complete, so a full disk or a
cancel leaves no partial file. Restoring verifies everything (checksums, integrity_check,
schema version) before a byte of the current database is touched, and keeps the replaced
database aside.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from db.engine import backup_to
from db.schema import HEAD, known
from desktop import __version__
from desktop.services import clock
from desktop.services.attachment_files import stored_path
from desktop.services.errors import ServiceError
from desktop.services.progress import Progress, quiet
from desktop.services.store import Store

FORMAT = "yuanbantong-backup"
FORMAT_VERSION = 1
DB_NAME = "office.db"
MANIFEST = "manifest.json"
CHUNK = 1 << 20
_MEMBER = re.compile(r"files/[0-9a-f]{2}/[0-9a-f]{64}")  # nothing else is unpacked: no ../ paths


def default_backup_name(db_path: Path) -> str:
    return f"{db_path.stem}-备份-{clock.now():%Y%m%d-%H%M%S}.zip"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_target(store: Store, target: Path) -> Path:
    target = Path(target).expanduser().resolve()
    if target.suffix.lower() != ".zip":
        raise ServiceError("备份文件应以 .zip 结尾（数据库、附件和校验清单打包在一个文件中）。", field="target")
    if target == store.path:
        raise ServiceError("备份文件不能是当前数据库本身。", field="target")
    if target.is_dir():
        raise ServiceError(f"“{target}”是文件夹，请给出备份文件名。", field="target")
    if not target.parent.is_dir():
        raise ServiceError(f"文件夹“{target.parent}”不存在。", field="target")
    if not os.access(target.parent, os.W_OK):
        raise ServiceError(f"文件夹“{target.parent}”不可写。", field="target")
    return target


@contextmanager
def _scratch(folder: Path) -> Iterator[Path]:
    """A temporary folder beside the target (same disk), removed whatever happens."""
    path = Path(tempfile.mkdtemp(prefix=".ybt-backup-", dir=folder))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _referenced_files(db_file: Path) -> list[str]:
    """SHA-256 of every attachment the snapshot references (trashed ones too: restorable)."""
    with closing(sqlite3.connect(db_file)) as conn:
        return [row[0] for row in conn.execute("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256")]


def backup_database(store: Store, target: Path, progress: Progress | None = None) -> Path:
    """Write the archive; returns its path. ServiceError for a bad target or a missing file.

    Only the 主任 backs up by hand: an archive holds every document, 机密 ones included."""
    from desktop.services.users import PermissionDenied

    if store.principal is not None and not store.principal.may("settings"):
        raise PermissionDenied(f"{store.principal.name}（{store.principal.role}）不能备份数据库：备份包含所有密级的文件。")
    return _write_archive(store, target, progress)


def _write_archive(store: Store, target: Path, progress: Progress | None = None) -> Path:
    progress = progress or quiet()
    target = _check_target(store, target)
    with _scratch(target.parent) as scratch:
        snapshot = scratch / DB_NAME
        backup_to(store.engine, snapshot, lambda done, total: progress.report(done, total, "数据库"))
        shas = _referenced_files(snapshot)
        missing = [sha for sha in shas if not stored_path(store.files_dir, sha).is_file()]
        if missing:
            raise ServiceError(f"有 {len(missing)} 个附件文件在“{store.files_dir}”中找不到，无法完整备份。"
                               "请先运行 verify 检查。")
        part = scratch / "archive.zip.part"
        files: dict[str, str] = {}
        manifest = {"format": FORMAT, "version": FORMAT_VERSION, "program": __version__,
                    "schema": HEAD, "created_at": clock.now().isoformat(), "files": files}
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            files[DB_NAME] = _sha256(snapshot)
            zf.write(snapshot, DB_NAME)
            for i, sha in enumerate(shas, start=1):
                progress.report(i, len(shas), "附件")
                name = f"files/{sha[:2]}/{sha}"
                files[name] = sha  # content-addressed: the name is the checksum
                zf.write(stored_path(store.files_dir, sha), name)
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.chmod(part, 0o666 & ~_umask())
        os.replace(part, target)
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- verifying and restoring ------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveInfo:
    created_at: str
    schema: str
    documents: int
    attachments: int


def _bad(archive: Path, why: str) -> ServiceError:
    return ServiceError(f"备份文件“{archive.name}”不能用于恢复：{why}。当前数据库未作任何修改。", field="archive")


def verify_archive(archive: Path, scratch: Path, progress: Progress | None = None) -> ArchiveInfo:
    """Unpack into ``scratch`` and check everything; ServiceError naming the first fault."""
    progress = progress or quiet()
    try:
        zf = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile):
        raise _bad(archive, "不是院办通备份（无法作为 zip 打开）") from None
    with zf:
        try:
            manifest = json.loads(zf.read(MANIFEST))
        except (KeyError, ValueError):
            raise _bad(archive, "缺少或无法读取校验清单 manifest.json") from None
        if manifest.get("format") != FORMAT or DB_NAME not in manifest.get("files", {}):
            raise _bad(archive, "不是院办通备份")
        files: dict[str, str] = manifest["files"]
        if set(zf.namelist()) - {MANIFEST} != set(files):
            raise _bad(archive, "文件清单与内容不符")
        if any(name != DB_NAME and not _MEMBER.fullmatch(name) for name in files):
            raise _bad(archive, "其中有不属于院办通备份的文件名")
        for i, (name, sha) in enumerate(files.items(), start=1):
            progress.report(i, len(files), "校验")
            out = scratch / name
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(name) as src, out.open("wb") as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
            except (zipfile.BadZipFile, OSError) as exc:
                raise _bad(archive, f"“{name}”无法读出（{exc}）") from None
            if _sha256(out) != sha:
                raise _bad(archive, f"“{name}”的校验和不符（文件已损坏或被改动）")
    return _check_database(archive, scratch / DB_NAME, manifest)


def _check_database(archive: Path, db_file: Path, manifest: dict) -> ArchiveInfo:
    try:
        with closing(sqlite3.connect(f"file:{quote(str(db_file))}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise _bad(archive, "其中的数据库未通过完整性检查")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            documents = conn.execute("SELECT count(*) FROM incoming_documents").fetchone()[0]
            attachments = conn.execute("SELECT count(*) FROM attachments").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise _bad(archive, f"其中的数据库无法读取（{exc}）") from None
    schema = row[0] if row else ""
    if not schema or not known(schema):
        raise _bad(archive, f"它由更新版本的院办通创建（架构版本 {schema}），请先升级院办通")
    return ArchiveInfo(manifest.get("created_at", ""), schema, documents, attachments)


def restore_archive(archive: Path, db_path: Path, progress: Progress | None = None) -> tuple[ArchiveInfo, Path | None]:
    """Replace ``db_path`` with the archive's database and add its attachments.

    Everything is verified first; the attachments are added before the database is swapped
    (adding content-addressed files harms nothing); the replaced database is kept aside as
    ``<name>.恢复前-<time>`` and its path returned. The program must not have the database
    open elsewhere (the window closes it first).
    """
    archive, db_path = Path(archive).expanduser().resolve(), Path(db_path).expanduser().resolve()
    if not archive.is_file():
        raise ServiceError(f"找不到备份文件“{archive}”。", field="archive")
    if not db_path.parent.is_dir() or not os.access(db_path.parent, os.W_OK):
        raise ServiceError(f"文件夹“{db_path.parent}”不存在或不可写。", field="db")
    with _scratch(db_path.parent) as scratch:
        info = verify_archive(archive, scratch, progress)
        files_dir = db_path.with_name(db_path.name + ".files")
        unpacked = scratch / "files"
        for path in sorted(unpacked.rglob("*")) if unpacked.is_dir() else []:
            if path.is_file():
                dest = stored_path(files_dir, path.name)
                if not dest.is_file():
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, dest)
        aside = _set_aside(db_path)
        os.replace(scratch / DB_NAME, db_path)
        os.chmod(db_path, 0o666 & ~_umask())
    return info, aside


def _set_aside(db_path: Path) -> Path | None:
    """Fold the WAL into the current database and move it aside; None if there was none."""
    if not db_path.exists():
        return None
    aside = db_path.with_name(f"{db_path.name}.恢复前-{clock.now():%Y%m%d-%H%M%S}")
    try:
        with closing(sqlite3.connect(db_path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError:
        pass  # a damaged file cannot be checkpointed: its WAL goes aside with it, untouched
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        os.replace(wal, aside.with_name(aside.name + "-wal"))
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(db_path, aside)
    return aside


# --- the automatic daily backup -----------------------------------------------------------

AUTO_MARK = "自动备份"
DEFAULT_KEEP = 7


def auto_backup_folder(db_path: Path) -> Path:
    """Where the daily backups go unless the office chooses another folder."""
    return db_path.with_name(db_path.stem + "-备份")


def daily_backup(store: Store, folder: Path | None = None, keep: int = DEFAULT_KEEP,
                 progress: Progress | None = None) -> Path | None:
    """On the first start of a day: one archive in ``folder``, then keep the newest ``keep``.

    Returns the new archive, or None when today's already exists.
    """
    if keep < 1:
        raise ServiceError("自动备份至少保留 1 份。", field="keep")
    folder = Path(folder) if folder else auto_backup_folder(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{store.path.stem}-{AUTO_MARK}-"
    today = f"{prefix}{clock.today():%Y%m%d}"
    existing = sorted(p for p in folder.glob(f"{prefix}*.zip"))
    if any(p.name.startswith(today) for p in existing):
        return None
    # The program's own housekeeping, whoever is signed in; the folder is the 主任's choice.
    made = _write_archive(store, folder / f"{today}-{clock.now():%H%M%S}.zip", progress)
    existing = sorted(p for p in folder.glob(f"{prefix}*.zip"))
    for old in existing[:-keep]:
        old.unlink()
    return made
