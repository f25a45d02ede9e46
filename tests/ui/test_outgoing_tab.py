"""The 发文 tab by keyboard: draft a 请示, save, 核稿, 签发 (numbered), 复核, 印制, 核发, 归档;
the action panel offers only what the stage and role allow; nothing typed carries over."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services import clock
from desktop.services.users import Principal
from desktop.ui.outgoing.tab import OutgoingTab
from tests.services.outgoing.conftest import setup_office

SECRETARY = Principal("李文书", "文书", "内部")


@pytest.fixture
def office_ctx(ctx):
    with ctx.store.write() as s:
        setup_office(s)
    ctx.sign_in(SECRETARY)
    return ctx


def _tab(qtbot, ctx):
    tab = OutgoingTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.ensure_detail()
    return tab


def _type(widget, text):
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _draft(qtbot, tab, title, department="院办"):
    qtbot.keyClick(tab.view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _type(tab.form.title, title)
    _type(tab.form.main_recipients, "湖南省卫生健康委员会")
    if department:
        _type(tab.form.drafting_department, department)
    qtbot.keyClick(tab.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _press(qtbot, tab, key=None):
    """Do the usual next action: its page is open with the cursor in it."""
    page = tab.process.stack.currentWidget()
    qtbot.keyClick(page.submit, Qt.Key.Key_Space)


def test_a_request_from_draft_to_archive_by_keyboard(qtbot, office_ctx, messages):
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0)):
        tab = _tab(qtbot, office_ctx)
        assert tab.model.rowCount() == 0
        qtbot.keyClick(tab.view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        form = tab.form
        _type(form.title, "关于申请购置职业病诊断设备的请示")
        form.doc_type.setFocus()
        for _ in range(3):  # 通知 → 通报 → 报告 → 请示
            qtbot.keyClick(form.doc_type, Qt.Key.Key_Down)
        _type(form.main_recipients, "湖南省卫生健康委员会")
        _type(form.drafting_department, "院办")
        qtbot.keyClick(form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert tab.model.rowCount() == 1
        assert form.heading.text() == "发文 （未编号）（待核稿）"
        assert tab.model.index(0, 0).data() == "（未编号）"
        assert tab.model.index(0, 2).data() == "请示"

        qtbot.keyClick(tab.view.table, Qt.Key.Key_Return)  # Enter: to the 办理 panel, on the next step
        process = tab.process
        assert tab.detail.currentWidget() is process
        assert process.shown_actions() == ["核稿"]  # a 文书 may not 作废
        _type(process.pages["review"].first_widget(), "院办主任")
        qtbot.keyClick(process.pages["review"].first_widget(), Qt.Key.Key_Return)
        assert process.heading.text() == "（未编号）　环节：待签发"
        assert process.shown_actions() == ["签发", "退回修改"]

        page = process.pages["sign_off"]
        assert page.fields[0].widget.currentText() == "张院长"  # from the directory's 签发人
        assert [page.fields[1].widget.itemText(i) for i in range(page.fields[1].widget.count())] == ["院发", "院办发"]
        assert page.fields[2].widget.date().toPython() == dt.date(2026, 3, 2)  # today
        _press(qtbot, tab)
        assert process.heading.text() == "院发〔2026〕1号　环节：待复核"
        assert tab.model.index(0, 0).data() == "院发〔2026〕1号"
        assert form.heading.text() == "发文 院发〔2026〕1号（待复核）"
        assert not form.title.isEnabled()  # the signed text is frozen
        assert process.shown_actions() == ["复核", "退回修改"]
        _press(qtbot, tab)
        assert process.shown_actions() == ["印制", "退回修改"]
        copies = process.pages["print"].fields[0].widget
        assert copies.hasFocus()
        qtbot.keyClick(copies, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(copies, "30")
        _press(qtbot, tab)
        assert process.shown_actions() == ["核发", "退回修改"]
        assert process.pages["dispatch"].fields[1].widget.value() == 30  # 份数 from 印制
        _press(qtbot, tab)
        assert process.shown_actions() == ["归档"]
        volume = process.pages["archive"].fields[0].widget
        assert volume.hasFocus()
        qtbot.keyClicks(volume, "2026-01")
        qtbot.keyClick(volume, Qt.Key.Key_Return)
        qtbot.keyClicks(process.pages["archive"].fields[1].widget, "7")
        qtbot.keyClick(process.pages["archive"].fields[1].widget, Qt.Key.Key_Return)
        assert process.heading.text() == "院发〔2026〕1号　环节：已归档"
        assert process.shown_actions() == []
        assert process.notice.text() == "该文已归档，不能再办理。"
        assert tab.model.index(0, 7).data() == "已归档"
    assert messages["error"] == []


def test_a_failed_save_keeps_the_typing_and_says_why_beside_the_field(qtbot, office_ctx):
    tab = _tab(qtbot, office_ctx)
    _draft(qtbot, tab, "关于开展安全生产检查的通知", department="")
    assert tab.model.rowCount() == 0
    note = tab.form.errors["drafting_department"]
    assert note.isVisibleTo(tab.form)
    assert note.text() == "请填写拟稿科室。"
    assert tab.form.title.text() == "关于开展安全生产检查的通知"
    _type(tab.form.drafting_department, "院办")
    qtbot.keyClick(tab.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert tab.model.rowCount() == 1


def test_selecting_another_document_never_carries_input(qtbot, office_ctx, messages):
    tab = _tab(qtbot, office_ctx)
    _draft(qtbot, tab, "甲通知")
    _draft(qtbot, tab, "乙通知")
    assert tab.model.rowCount() == 2
    tab.view.table.setFocus()
    qtbot.keyClick(tab.view.table, Qt.Key.Key_Home)
    first = tab.form.title.text()
    _type(tab.process.pages["review"].first_widget(), "院办主任")
    _type(tab.form.remarks, "未保存的备注")
    tab.view.table.setFocus()
    qtbot.keyClick(tab.view.table, Qt.Key.Key_Down)
    assert messages["confirm"] == ["当前发文有未保存的输入（拟稿或办理）。\n选“是”放弃这些输入；选“否”保留输入，继续编辑当前发文。"]
    assert tab.form.title.text() != first
    assert tab.form.remarks.text() == ""
    assert tab.process.pages["review"].first_widget().text() == ""


def test_the_director_may_cancel_and_a_cancelled_number_stays_grey(qtbot, ctx):
    with ctx.store.write() as s:
        setup_office(s)
    ctx.sign_in(Principal("周主任", "主任", "绝密"))
    tab = _tab(qtbot, ctx)
    _draft(qtbot, tab, "关于调整值班安排的通知")
    qtbot.keyClick(tab.view.table, Qt.Key.Key_Return)
    assert tab.process.shown_actions() == ["核稿", "作废"]
    tab.process.choose("cancel")
    reason = tab.process.pages["cancel"].first_widget()
    _type(reason, "重复拟稿")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert tab.process.heading.text() == "（未编号）　环节：已作废"
    assert tab.process.shown_actions() == []
    assert tab.model.index(0, 0).data(Qt.ItemDataRole.FontRole).strikeOut()


def test_a_draft_typed_with_its_supervision_number_shows_the_link(qtbot, ctx, messages):
    from tests.services.supervision.data import at, make, seed_directory

    seed_directory(ctx.store)
    with at(dt.date(2026, 10, 12)), ctx.store.write() as s:
        setup_office(s)
        make(s, task="完成医疗质量自查")  # 督〔2026〕1号
    ctx.sign_in(SECRETARY)
    tab = _tab(qtbot, ctx)
    qtbot.keyClick(tab.view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _type(tab.form.title, "关于医疗质量自查情况的报告")
    _type(tab.form.main_recipients, "湖南省卫生健康委员会")  # names outside the directory: no completer pops up
    _type(tab.form.drafting_department, "党政办")
    _type(tab.form.supervision_number, "督〔2026〕7号")  # mistyped: refused beside the field
    qtbot.keyClick(tab.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    note = tab.form.errors["supervision_number"]
    assert note.isVisible() and note.text() == "没有督办编号为 督〔2026〕7号 的事项。"
    assert tab.form.title.text() == "关于医疗质量自查情况的报告"  # the typing stays
    tab.form.supervision_number.clear()
    _type(tab.form.supervision_number, "督〔2026〕1号")
    qtbot.keyClick(tab.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert "督办事项 督〔2026〕1号 完成医疗质量自查" in tab.form.links.text()
    assert tab.form.supervision_number.text() == "督〔2026〕1号"
