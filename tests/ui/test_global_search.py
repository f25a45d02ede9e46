"""Global search by keyboard: Ctrl+K, type, hits grouped by kind with the words marked, ↓ and Enter open one."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.ui.mainwindow import MainWindow
from tests.services.search.conftest import incoming


def _type_chinese(widget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_ctrl_k_type_move_and_open(qtbot, settings, tmp_path):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    assert w.open_database(tmp_path / "office.db")
    incoming(w.ctx.store, "关于医保飞行检查的通知", day=1)
    incoming(w.ctx.store, "医保基金监管通报", day=2)
    w.tabs.setCurrentIndex(1)  # 发文
    qtbot.keyClick(w, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = w._search
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.box.hasFocus())
    _type_chinese(dialog.box, "医保")
    qtbot.waitUntil(lambda: dialog.results.count() == 3)
    texts = [dialog.results.item(i).text() for i in range(3)]
    assert texts == [
        "收文（2 条）",
        "收〔2026〕0002  2026-04-02  医保基金监管通报  · 标题\n【医保】基金监管通报",
        "收〔2026〕0001  2026-04-01  关于医保飞行检查的通知  · 标题\n关于【医保】飞行检查的通知",
    ]
    assert dialog.results.currentRow() == 1  # the newest hit, not the heading
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    assert dialog.results.currentRow() == 2
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)  # the last: stays
    assert dialog.results.currentRow() == 2
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert w.tabs.tabText(w.tabs.currentIndex()) == "收文"
    w.close()
