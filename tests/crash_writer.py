"""A writer to be killed (tests/test_crash_safety.py). Run as ``python -m tests.crash_writer DB IDS``.

Imports the program once, then, for each ``go`` read on stdin, forks a child that registers
documents through the services in a loop, appending each id to the IDS file only after
its transaction committed, and prints the child's pid. ``kill PID`` sends it SIGKILL and
reaps it, then prints ``dead``. Forking keeps each of the many kills cheap.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import sys


def _write_forever(db: str, ids_path: str, seed: int) -> None:
    from desktop.services.incoming import register, workflow
    from desktop.services.incoming.register import IncomingInput
    from desktop.services.store import open_store

    store = open_store(db, create=False)
    fd = os.open(ids_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    n = 0
    while True:
        n += 1
        with store.write(actor="测试") as s:
            doc_id = register.register_incoming(s, IncomingInput(
                received_at=dt.datetime(2026, 3, 2, 9, 0), sender="湖南省卫生健康委员会",
                sender_doc_no=f"湘卫发〔2026〕{seed}-{n}号", title=f"第{seed}轮第{n}件"), "测试")
            if n % 3 == 0:
                workflow.review(s, doc_id, "测试")
        os.write(fd, f"{doc_id}\n".encode())  # after the commit: a reported id was committed


def main() -> None:
    db, ids_path = sys.argv[1], sys.argv[2]
    import desktop.services.incoming.register  # noqa: F401  (paid once, before the forks)
    import desktop.services.store  # noqa: F401

    for line in sys.stdin:
        cmd, arg = line.split()
        if cmd == "go":
            pid = os.fork()
            if pid == 0:
                try:
                    _write_forever(db, ids_path, int(arg))
                finally:
                    os._exit(1)
            print(pid, flush=True)
        elif cmd == "kill":
            os.kill(int(arg), signal.SIGKILL)
            os.waitpid(int(arg), 0)
            print("dead", flush=True)


if __name__ == "__main__":
    main()
