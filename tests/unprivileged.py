"""Running a check as an ordinary user, when the tests run as root (as CI does)."""
from __future__ import annotations


def as_ordinary_user(fn):
    """Run fn() as a user without root's right to write anything; returns what it returns.

    Tests run as root here, and root may write a read-only file. A forked child gives up
    root (real and effective ids, so os.access sees it too) before calling fn.
    """
    import json
    import os

    if os.geteuid() != 0:
        return fn()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            result = fn()
            os.write(write_end, json.dumps(result).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the unprivileged check failed to run"
    return json.loads(data)
