"""The command line asks for the name and password on a terminal when the environment
gives none: the password is not echoed, a wrong one is refused in one Chinese line.

Run in a real pseudo-terminal (pty), as a user at a shell would run it."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from desktop.services.store import open_store
from tests.ui.conftest import add_documents

ROOT = Path(__file__).resolve().parents[1]


def _talk(argv: list[str], answers: list[tuple[str, str]]) -> tuple[int, str]:
    """Run ``main.py argv`` on a pty; for each (prompt, reply) wait for the prompt, then type
    the reply. Returns the exit code and everything the terminal showed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("YUANBANTONG_")}
    env["PYTHONPATH"] = str(ROOT)
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *argv], stdin=slave, stdout=slave,
                            stderr=slave, env=env, cwd=ROOT, close_fds=True)
    os.close(slave)
    shown = b""

    def read_until(done) -> None:
        nonlocal shown
        deadline = time.monotonic() + 60
        while not done() and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the program ended and closed the terminal
                    return
                if not chunk:
                    return
                shown += chunk

    try:
        for prompt, reply in answers:
            read_until(lambda p=prompt: p.encode() in shown)
            assert prompt.encode() in shown, shown.decode(errors="replace")
            os.write(master, reply.encode() + b"\r")  # echoed unless the program turned echo off
        read_until(lambda: proc.poll() is not None)
        code = proc.wait(timeout=60)
    finally:
        os.close(master)
    return code, shown.decode(errors="replace")


def test_a_terminal_user_is_asked_and_the_password_is_not_shown(tmp_path):
    path = tmp_path / "office.db"
    store = open_store(path)
    add_documents(store, 12)
    store.close()
    # a database without accounts takes the first sign-in as its 主任
    code, shown = _talk(["search", "--db", str(path), "第3项"],
                        [("用户名：", "王主任"), ("密码：", "院办通很安全的密码")])
    assert code == 0, shown
    assert "已创建主任账户“王主任”" in shown
    assert "共 1 条" in shown and "关于第3项工作的通知" in shown
    assert "院办通很安全的密码" not in shown

    code, shown = _talk(["search", "--db", str(path), "第3项"],
                        [("用户名：", "王主任"), ("密码：", "猜错的密码")])
    assert code != 0
    assert "用户名或密码不对。" in shown, shown
    assert "关于第3项工作的通知" not in shown
