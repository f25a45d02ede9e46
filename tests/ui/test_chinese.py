"""Qt's own words in Chinese, whatever the system locale; file dialogs start in a sensible folder."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox, QToolButton
from desktop.ui.app import make_app
from desktop.ui.register.widgets import OptionalDate

app = make_app()
box = QMessageBox()
box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                       | QMessageBox.StandardButton.Cancel)
print("buttons", *[b.text() for b in box.buttons()])
date = OptionalDate("从")
date.edit.setDate(QDate(2026, 3, 10))
calendar = date.edit.calendarWidget()
month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
print("month", month.text())
"""


def test_message_boxes_and_calendar_are_chinese_under_the_c_locale():
    env = dict(os.environ, LANG="C", LC_ALL="C", LANGUAGE="", QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True,
                         timeout=60, cwd=ROOT)
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    assert set(lines.get("buttons", "").split()) == {"是(&Y)", "否(&N)", "取消"}, out.stderr[-2000:]
    assert lines["month"] == "三月"


def test_save_dialog_starts_in_documents_then_in_the_last_folder(qapp, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui import dialogs

    docs = Path.home() / "Documents"  # HOME is a temporary folder (tests/conftest.py)
    docs.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(docs))
    asked: list[str] = []
    answer = {"path": str(tmp_path / "导出" / "收文登记簿.pdf")}

    def fake(parent, title, start, pattern):
        asked.append(start)
        return answer["path"], pattern

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
    assert dialogs.ask_save_file(None, "导出收文登记簿", "收文登记簿.pdf", "PDF 文件 (*.pdf)") == answer["path"]
    assert asked[0] == str(docs / "收文登记簿.pdf")
    (tmp_path / "导出").mkdir()
    dialogs.ask_open_file(None, "导入收文登记簿", "Excel 文件 (*.xlsx)")
    assert asked[1] == str(tmp_path / "导出")
    assert not asked[1].startswith(str(ROOT))
