"""A save while another program writes: the window says it is waiting, then says why it
could not save, keeps what was typed, and saves once the other program is done."""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from db.models import IncomingDocument
from desktop.ui.mainwindow import MainWindow
from tests.ui.test_incoming_tab import _type


def test_save_waits_visibly_then_keeps_typing_and_saves_later(qtbot, settings, tmp_path, messages):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert window.open_database(tmp_path / "office.db")
    tab = window.slots[0].content
    tab.ensure_detail()
    qtbot.waitUntil(tab.form.isVisible)  # shown on the next turn of the event loop
    qtbot.waitUntil(lambda: messages["hospital_name"] != [])  # the first-start question, answered
    with qtbot.waitActive(window):  # offscreen, a closed dialog does not give activation back
        window.activateWindow()
    window.ctx.store.gate.limit_s = 0.6
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)

    other = sqlite3.connect(tmp_path / "office.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another workstation's import holds the write lock
    _type(qtbot, tab.form.sender, "湖南省卫生健康委员会")
    _type(qtbot, tab.form.title, "关于做好冬季安全生产工作的通知")
    qtbot.keyClick(tab.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    waiting = [m for m in shown if m.startswith("另一个程序正在写入数据库，正在等待")]
    assert waiting and "您的内容不会丢失" in waiting[0]
    assert shown[-1] == ""  # cleared once the wait was over
    said = messages["error"]  # no field to show it beside: the one message box
    assert any(m.startswith("另一个程序正在写入数据库（已等待") for m in said), said
    assert tab.form.title.text() == "关于做好冬季安全生产工作的通知"  # nothing typed is lost

    other.execute("ROLLBACK")
    other.close()
    qtbot.keyClick(tab.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with window.ctx.store.read() as s:
        assert [d.title for d in s.query(IncomingDocument)] == ["关于做好冬季安全生产工作的通知"]
    window.close()
