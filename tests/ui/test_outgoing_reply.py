"""收文's 建立复文 opens the new 发文 draft in the 发文 tab; its link leads back to the 收文."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services.incoming.register import IncomingInput, register_incoming
from desktop.ui.mainwindow import MainWindow


def _type(widget, text):
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_a_reply_drafted_from_incoming_opens_in_the_outgoing_tab(qtbot, settings, tmp_path):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    assert w.open_database(tmp_path / "office.db")
    with w.ctx.store.write() as s:
        register_incoming(s, IncomingInput(dt.datetime(2026, 3, 2, 9, 0), "湖南省卫生健康委员会",
                                           "湘卫函〔2026〕3号", "关于报送职业病防治工作情况的函", doc_type="请示"), "测试主任")
    w.ctx.bus.changed.emit(frozenset({"incoming"}))
    incoming = w.slots[0].build(w.ctx)
    incoming.ensure_detail()
    incoming.view.table.setFocus()
    qtbot.keyClick(incoming.view.table, Qt.Key.Key_Home)
    process = incoming.process
    qtbot.keyClick(process.buttons["reply"], Qt.Key.Key_Space)
    page = process.pages["reply"]
    _type(page.fields[0].widget, "关于职业病防治工作情况的批复")
    qtbot.keyClick(page.fields[0].widget, Qt.Key.Key_Return)
    _type(page.fields[1].widget, "院办")
    qtbot.keyClick(page.fields[1].widget, Qt.Key.Key_Return)

    assert w.tabs.currentIndex() == 1  # on to 发文
    outgoing = w.slots[1].content
    assert outgoing.form.title.text() == "关于职业病防治工作情况的批复"
    assert outgoing.form.doc_type.currentText() == "批复"
    assert outgoing.form.main_recipients.text() == "湖南省卫生健康委员会"
    assert outgoing.detail.currentWidget() is outgoing.form
    assert outgoing.view.current_id() == outgoing.form.doc_id
    assert "答复收文" in outgoing.form.links.text() and "收〔2026〕0001" in outgoing.form.links.text()

    outgoing.form.links.linkActivated.emit(f"incoming:{incoming.form.doc_id}")  # a click on the link
    assert w.tabs.currentIndex() == 0
    assert incoming.form.title.text() == "关于报送职业病防治工作情况的函"
    w.close()
