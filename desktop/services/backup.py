"""Backups through SQLite's online backup API (consistent even while the program runs)."""
from __future__ import annotations

import os
from pathlib import Path

from db.engine import backup_to
from desktop.services import clock
from desktop.services.errors import ServiceError
from desktop.services.progress import Progress, quiet
from desktop.services.store import Store


def default_backup_name(db_path: Path) -> str:
    return f"{db_path.stem}-备份-{clock.now():%Y%m%d-%H%M}.db"


def backup_database(store: Store, target: Path, progress: Progress | None = None) -> Path:
    """Copy the open database to ``target``: consistent, never half a file (a full disk or a
    cancel leaves nothing), with progress in database pages."""
    progress = progress or quiet()
    target = Path(target).expanduser().resolve()
    if target == store.path:
        raise ServiceError("备份文件不能是当前数据库本身。", field="target")
    if target.is_dir():
        raise ServiceError(f"“{target}”是文件夹，请给出备份文件名。", field="target")
    if not target.parent.is_dir():
        raise ServiceError(f"文件夹“{target.parent}”不存在。", field="target")
    if not os.access(target.parent, os.W_OK):
        raise ServiceError(f"文件夹“{target.parent}”不可写。", field="target")
    tmp = target.with_name(target.name + ".part")
    try:
        backup_to(store.engine, tmp, lambda done, total: progress.report(done, total, "备份"))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk or a cancel leaves no partial file
        raise
    return target
