"""Every test runs offscreen, on its own temporary database and settings."""
from __future__ import annotations

import os
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and the default database go to a temporary home, never the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    # The command line signs in from these (a database without accounts takes them as its 主任).
    monkeypatch.setenv("YUANBANTONG_USER", "测试主任")
    monkeypatch.setenv("YUANBANTONG_PASSWORD", "测试主任的密码123")


@pytest.fixture
def store(tmp_path: Path):
    from desktop.services.store import open_store

    s = open_store(tmp_path / "office.db")
    yield s
    s.close()
