"""The life of a 督办事项 in the 办理 panel, by keyboard, as the director: 进展, 催办, a refused
and an approved extension, 办结, sent back at 审结, 办结 again, 审结, 评价 and its
correction; 分解 into two departments; the timeline and the printed forms."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services import clock
from desktop.services.users import Principal
from desktop.ui.print_preview import PrintPreview
from desktop.ui.supervision import paper
from desktop.ui.supervision.tab import SupervisionTab
from tests.services.supervision.data import make, seed_directory

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (grabbing the keyboard|raise|propagateSizeHints)")
DIRECTOR = Principal("张主任", "主任", "绝密")
D = dt.date


def _type(widget, text):
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _alt(qtbot, tab, key: Qt.Key, action: str):
    """Alt+letter on the action bar: the page opens with the cursor in its first field."""
    QApplication.processEvents()
    if QApplication.activeWindow() is not tab.window():
        with qtbot.waitActive(tab.window()):
            tab.window().activateWindow()
    qtbot.keyClick(QApplication.focusWidget() or tab, key, Qt.KeyboardModifier.AltModifier)
    page = tab.process.pages[action]
    qtbot.waitUntil(lambda: tab.process.stack.currentWidget() is page)
    return page


def _submit(qtbot, page):
    qtbot.keyClick(page.submit, Qt.Key.Key_Space)


@pytest.fixture
def tab(qtbot, ctx):
    seed_directory(ctx.store)
    with ctx.store.write() as s, clock.frozen(dt.datetime(2026, 9, 28, 9)):
        make(s, "完成医疗质量自查", deadline=D(2026, 10, 16), responsible="赵医生")
    ctx.sign_in(DIRECTOR)
    tab = SupervisionTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.ensure_detail()
    return tab


def test_progress_reminder_extensions_close_send_back_accept_evaluate(qtbot, tab, messages):
    p = tab.process
    with clock.frozen(dt.datetime(2026, 10, 9, 10)):
        tab.show_record(1)
        tab.detail.setCurrentWidget(p)
        assert p.shown_actions() == ["进展", "催办", "申请延期", "办结", "修改", "分解", "打印通知单", "打印催办单", "撤销"]
        page = _alt(qtbot, tab, Qt.Key.Key_P, "report")
        _type(page.widget("text"), "已完成自查，正在整改")
        page.widget("percent").setValue(60)
        _submit(qtbot, page)
        page = _alt(qtbot, tab, Qt.Key.Key_U, "remind")
        page.widget("method").setCurrentText("催办单")
        _type(page.widget("answer"), "下周报送整改报告")
        _submit(qtbot, page)
        page = _alt(qtbot, tab, Qt.Key.Key_Q, "request_extension")
        _submit(qtbot, page)
        assert page.errors["reason"].text() == "请填写延期理由。"  # beside its field, nothing lost
        _type(page.widget("reason"), "等待设备到货")
        page.widget("new_deadline").setDate(D(2026, 10, 30))
        _submit(qtbot, page)
        assert p.shown_actions()[:2] == ["批准延期", "驳回延期"]
        page = _alt(qtbot, tab, Qt.Key.Key_B, "refuse_extension")
        _type(page.widget("note"), "时间充足，不予延期")
        _submit(qtbot, page)
        page = _alt(qtbot, tab, Qt.Key.Key_Q, "request_extension")
        _type(page.widget("reason"), "整改涉及外包施工")
        page.widget("new_deadline").setDate(D(2026, 10, 23))
        _submit(qtbot, page)
        page = _alt(qtbot, tab, Qt.Key.Key_G, "approve_extension")
        _submit(qtbot, page)
        assert "办理时限：2026-10-23（经批准延期；原时限 2026-10-16）" in p.summary.toPlainText()
        assert p.heading.text() == "督〔2026〕1号　进行中·已延期"
    with clock.frozen(dt.datetime(2026, 10, 20, 10)):
        tab.show_record(1)  # on its 事项 form; Alt+L: the 办理 pane
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: tab.detail.currentWidget() is p)
        page = _alt(qtbot, tab, Qt.Key.Key_D, "close")
        _type(page.widget("result"), "已整改完毕")
        _submit(qtbot, page)
        assert p.shown_actions() == ["审结", "退回", "打印通知单"]
        page = _alt(qtbot, tab, Qt.Key.Key_T, "send_back")
        _type(page.widget("reason"), "缺整改清单")
        _submit(qtbot, page)
        assert "审结退回：缺整改清单" in p.summary.toPlainText()
        page = _alt(qtbot, tab, Qt.Key.Key_D, "close")
        assert page.widget("result").text() == "已整改完毕"  # the last result, to amend
        page.widget("result").selectAll()
        _type(page.widget("result"), "已整改完毕，附整改清单")
        _submit(qtbot, page)
        page = _alt(qtbot, tab, Qt.Key.Key_V, "accept")
        _submit(qtbot, page)
        assert p.heading.text() == "督〔2026〕1号　已办结（按期）·已延期"  # on time against the approved date
        page = _alt(qtbot, tab, Qt.Key.Key_N, "evaluate")
        page.widget("evaluation").setCurrentText("基本满意")
        _submit(qtbot, page)
        page = _alt(qtbot, tab, Qt.Key.Key_N, "evaluate")  # corrected by the 主任
        page.widget("evaluation").setCurrentText("满意")
        _submit(qtbot, page)
    assert messages["error"] == []
    assert "评价：满意" in p.summary.toPlainText()
    rows = [(tab.timeline.model.row_at(r).on, tab.timeline.model.row_at(r).kind)
            for r in range(tab.timeline.model.rowCount())]
    assert rows == [
        (D(2026, 9, 28), "立项"), (D(2026, 10, 9), "进展"), (D(2026, 10, 9), "催办"), (D(2026, 10, 9), "申请延期"),
        (D(2026, 10, 9), "驳回延期"), (D(2026, 10, 9), "申请延期"), (D(2026, 10, 9), "批准延期"),
        (D(2026, 10, 20), "办结"), (D(2026, 10, 20), "退回"), (D(2026, 10, 20), "办结"), (D(2026, 10, 20), "审结"),
        (D(2026, 10, 20), "评价"), (D(2026, 10, 20), "修改评价")]
    assert tab.timeline.caption.text() == "督〔2026〕1号 的办理经过（共 13 条）"


def test_split_into_two_departments_shows_the_parts_under_the_parent(qtbot, tab):
    with clock.frozen(dt.datetime(2026, 9, 29, 10)):
        tab.show_record(1)
        tab.detail.setCurrentWidget(tab.process)
        page = _alt(qtbot, tab, Qt.Key.Key_C, "split")
        _type(page.widget("departments"), "医务部、护理部")
        _submit(qtbot, page)
    text = tab.process.summary.toPlainText()
    assert "分项 督〔2026〕1号-1 医务部" in text and "分项 督〔2026〕1号-2 护理部" in text
    assert "已分解为 2 个分项" in tab.form.links.text()
    assert "办结" not in tab.process.shown_actions()  # the parent closes when its parts do
    tab.process.summary.anchorClicked.emit(QUrl("supervision:3"))  # a click on the part
    assert tab.form.heading.text().startswith("督办 督〔2026〕1号-2")
    assert "属总项" in tab.form.links.text()


def test_notice_reminder_and_bulletin_print_through_the_preview(qtbot, tab, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(PrintPreview, "show_dialog", staticmethod(lambda dialog: shown.append(dialog.windowTitle())))
    monkeypatch.setattr(paper.PeriodDialog, "ask", staticmethod(lambda parent, title: (D(2026, 10, 1),
                                                                                       D(2026, 10, 31))))
    monkeypatch.setattr(paper, "ask_save_path", lambda parent, name: str(tmp_path / name))
    from pypdf import PdfReader

    with clock.frozen(dt.datetime(2026, 10, 20, 10)):
        tab.show_record(1)
        qtbot.keyClick(tab.view.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        reminder = paper.print_form(tab.ctx, tab, 1, reminder=True)
        bulletin = paper.print_bulletin(tab.ctx, tab)
        xlsx = paper.export_bulletin(tab.ctx, tab)
    assert shown == ["打印预览 — 督办通知单 督〔2026〕1号", "打印预览 — 催办单 督〔2026〕1号",
                     "打印预览 — 督办通报（2026年10月01日 至 2026年10月31日）"]
    text = "".join(PdfReader(str(reminder)).pages[0].extract_text().split())
    assert "已逾期4天" in text and "第1次" in text
    text = "".join(PdfReader(str(bulletin)).pages[0].extract_text().split())
    assert "1督〔2026〕1号完成医疗质量自查医务部赵医生2026-10-164天" in text
    assert xlsx is not None and xlsx.name == "督办通报20261001-20261031.xlsx" and xlsx.exists()
