"""Writing an output file (an export, a printed register) so that it is whole or absent.

``atomic_output(path)`` hands out a temporary file beside ``path``; it is moved into
place only when the block ends normally, and removed on any failure, Cancelled
included, so a failed or cancelled job never leaves half a file nor replaces a good
one. The temporary file is created with the user's normal permissions (0o666 less the
umask, like any file the user saves), not the owner-only mode of mkstemp. Disk errors
become one Chinese line (ServiceError).
"""
from __future__ import annotations

import errno
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from desktop.services.errors import ServiceError

_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def write_error(path: Path, exc: OSError) -> ServiceError:
    """The one line a user reads when ``path`` cannot be written."""
    if exc.errno in _FULL:
        return ServiceError(f"无法写入“{path.name}”：磁盘空间不足（或文件超过允许的大小），未生成文件。")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ServiceError(f"无法写入“{path.name}”：没有写入“{path.parent}”的权限。")
    return ServiceError(
        f"无法写入“{path.name}”：{exc.strerror or exc}。如果该文件正在其他程序中打开，请先关闭。"
    )


def _create(tmp: Path) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    os.close(fd)


@contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """``with atomic_output(out) as tmp: write(tmp)``: ``out`` appears only when complete.

    Raises ServiceError for a disk error (full disk, no permission, file in use);
    any other exception (Cancelled, a bug) passes through. Either way no temporary
    file is left behind.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(tmp)
    except OSError as exc:
        raise write_error(path, exc) from exc
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise write_error(path, exc) from exc
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: Path) -> None:
    with suppress(OSError):
        tmp.unlink()
