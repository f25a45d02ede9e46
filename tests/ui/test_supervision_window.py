"""督办 through the main window: the start-up notice (not a dialog) names what is overdue and
due today and opens the overdue list; 收文's 立督办 opens the new item in the 督办 tab,
prefilled from the 批示 and linked both ways."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.services import clock
from desktop.services.incoming import workflow as incoming_workflow
from desktop.services.incoming.register import IncomingInput, register_incoming
from desktop.ui.mainwindow import MainWindow
from tests.services.supervision.data import make, seed_directory

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (grabbing the keyboard|raise|propagateSizeHints)")
D = dt.date


def _type(widget, text):
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _window(qtbot, settings, path):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    assert w.open_database(path)
    return w


def _notice(w):
    return w.statusBar().findChild(QPushButton, "supervision_notice")


def test_the_start_up_notice_names_overdue_and_due_today_and_opens_the_overdue_list(qtbot, settings, tmp_path,
                                                                                      messages):
    path = tmp_path / "office.db"
    with clock.frozen(dt.datetime(2026, 10, 14, 8, 30)):
        w = _window(qtbot, settings, path)
        QApplication.processEvents()
        assert _notice(w) is None  # nothing to say on an empty register
        seed_directory(w.ctx.store)
        with w.ctx.store.write() as s, clock.frozen(dt.datetime(2026, 9, 28, 9)):
            make(s, "逾期一", deadline=D(2026, 10, 9))
            make(s, "逾期二", lead_department="护理部", deadline=D(2026, 10, 12))
            make(s, "逾期三", lead_department="院感科", deadline=D(2026, 10, 13))
            make(s, "今日到期", lead_department="信息科", deadline=D(2026, 10, 14))
            make(s, "未到期", lead_department="总务科", deadline=D(2026, 11, 14))
        assert w.open_database(path, create=False)  # the next morning's start, say
        qtbot.waitUntil(lambda: _notice(w) is not None)
        notice = _notice(w)
        assert notice.text() == "⚠ 督办：3 项逾期，1 项今日到期（点击查看）"
        assert not messages["info"] and not messages["error"]  # no dialog
        assert w.tabs.currentIndex() == 0  # the secretary stays where she was
        qtbot.mouseClick(notice, Qt.MouseButton.LeftButton)
        assert w.tabs.currentIndex() == 3
        tab = w.slots[3].content
        assert tab.filter_bar.count.text() == "共 3 条"
        assert tab.filter_bar.status.currentText() == "逾期"
        assert tab.model.index(0, 1).data() == "逾期一"  # the longest overdue first
        assert tab.model.index(0, 8).data() == "5 天"
    w.close()


def test_supervision_from_an_incoming_instruction_opens_in_the_supervision_tab(qtbot, settings, tmp_path, messages):
    with clock.frozen(dt.datetime(2026, 9, 28, 9, 0)):
        w = _window(qtbot, settings, tmp_path / "office.db")
        seed_directory(w.ctx.store)
        with w.ctx.store.write() as s:
            doc = register_incoming(s, IncomingInput(dt.datetime(2026, 9, 28, 8, 30), "湖南省卫生健康委员会",
                                                     "湘卫发〔2026〕12号", "关于开展医疗质量安全专项整治的通知"),
                                    "测试主任")
            incoming_workflow.add_instruction(s, doc, "王院长", "请医务部牵头，十个工作日内完成自查。",
                                              D(2026, 9, 28), "测试主任")
        w.ctx.bus.changed.emit(frozenset({"incoming"}))
        incoming = w.slots[0].build(w.ctx)
        incoming.ensure_detail()
        incoming.show_record(doc)
        process = incoming.process
        process.choose("supervise")
        page = process.pages["supervise"]
        _type(page.fields[0].widget, "开展医疗质量安全专项整治自查")
        qtbot.keyClick(page.fields[0].widget, Qt.Key.Key_Return)
        page.fields[2].widget.setDate(D(2026, 10, 16))  # 办理时限
        _type(page.fields[1].widget, "医务部")
        qtbot.keyClick(page.fields[1].widget, Qt.Key.Key_Return)

        assert w.tabs.currentIndex() == 3  # on to 督办, on the new item
        tab = w.slots[3].content
        form = tab.form
        assert form.heading.text() == "督办 督〔2026〕1号（进行中）"
        assert form.task.toPlainText() == "开展医疗质量安全专项整治自查"
        assert form.instruction.toPlainText() == "请医务部牵头，十个工作日内完成自查。"
        assert (form.assigned_by.text(), form.lead_department.text(), form.source.currentText()) == (
            "王院长", "医务部", "领导批示")
        assert "来源收文：收〔2026〕0001 关于开展医疗质量安全专项整治的通知" in form.links.text().replace(
            "</a>", "").replace("<a href='incoming:1'>", "")
        assert tab.view.current_id() == form.item_id
        assert "督办：督〔2026〕1号" in incoming.process.summary.toPlainText()  # linked back from 收文

        form.links.linkActivated.emit(f"incoming:{doc}")  # a click on the 收文 link
        assert w.tabs.currentIndex() == 0
        assert incoming.form.title.text() == "关于开展医疗质量安全专项整治的通知"
    w.close()
