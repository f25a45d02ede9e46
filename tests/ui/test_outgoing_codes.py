"""设置 → 机关代字 by keyboard: add a 代字 with its name and 文种, errors beside the field,
a 代字 already in a 发文字号 keeps its letters, 停用; only the 主任 may change them.
设置 → 发文字号格式 rewrites the numbers the register shows and searches."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services import clock
from desktop.services.users import Principal
from desktop.ui import numbering_dialog
from desktop.ui.outgoing_codes_dialog import CodesDialog
from tests.services.outgoing.conftest import setup_office, signed

DIRECTOR = Principal("院办主任", "主任", "绝密")
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def office_ctx(ctx):
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0)), ctx.store.write() as s:
        setup_office(s)
        signed(s)  # 院发〔2026〕1号: 院发 is in use
    ctx.sign_in(DIRECTOR)
    return ctx


def _dialog(qtbot, ctx) -> CodesDialog:
    dialog = CodesDialog(ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def _type(text):
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(QApplication.focusWidget(), event)


def test_add_a_code_by_keyboard_with_errors_beside_the_field(qtbot, office_ctx, messages):
    d = _dialog(qtbot, office_ctx)
    assert d.table_rows() == [("院发", "医院文件", "任何文种", "启用"), ("院办发", "医院办公室文件", "任何文种", "启用"),
                              ("院函", "医院函件", "函", "启用")]
    assert d.code.hasFocus()
    _type("院纪发")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    _type("中共湖南省职业病防治院纪律检查委员会文件")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    _type("通知、通报、公文")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert d.errors["doc_types"].text() == "文种“公文”不是条例规定的十五种公文之一。"
    assert d.errors["doc_types"].isVisible() and d.doc_types.hasFocus()
    qtbot.keyClick(d.doc_types, Qt.Key.Key_A, CTRL)
    _type("通知、通报")
    qtbot.keyClick(d.doc_types, Qt.Key.Key_S, CTRL)
    assert not d.errors["doc_types"].isVisible()
    assert d.table_rows()[-1] == ("院纪发", "中共湖南省职业病防治院纪律检查委员会文件", "通知、通报", "启用")

    qtbot.keyClick(d.table, Qt.Key.Key_N, ALT)  # 新增, and a 代字 that exists
    qtbot.waitUntil(lambda: d.heading.text() == "新增机关代字")
    _type("院函")
    qtbot.keyClick(d.code, Qt.Key.Key_S, CTRL)
    assert d.errors["code"].text() == "机关代字“院函”已存在。"
    assert messages["error"] == []


def test_a_used_code_keeps_its_letters_and_can_be_retired(qtbot, office_ctx, messages):
    d = _dialog(qtbot, office_ctx)
    d.table.setFocus()
    qtbot.keyClick(d.table, Qt.Key.Key_Home, CTRL)  # 院发, in 院发〔2026〕1号
    assert d.heading.text() == "修改机关代字“院发”"
    qtbot.keyClick(d.table, Qt.Key.Key_D, ALT)  # to the 代字 field
    assert d.code.hasFocus()
    qtbot.keyClick(d.code, Qt.Key.Key_End)
    _type("文")
    qtbot.keyClick(d.code, Qt.Key.Key_S, CTRL)
    assert d.errors["code"].text() == "机关代字“院发”已用于发文字号，不能改名；可停用后新增。"
    assert d.table_rows()[0][0] == "院发"
    qtbot.keyClick(d.code, Qt.Key.Key_Backspace)  # back to 院发, then 停用
    d.active.setFocus()
    qtbot.keyClick(d.active, Qt.Key.Key_Space)
    qtbot.keyClick(d.active, Qt.Key.Key_S, CTRL)
    assert d.table_rows()[0] == ("院发", "医院文件", "任何文种", "已停用")
    assert messages["error"] == []


def test_only_the_director_changes_codes(qtbot, office_ctx):
    office_ctx.sign_in(Principal("李文书", "文书", "内部"))
    d = _dialog(qtbot, office_ctx)
    _type("院团发")
    qtbot.keyClick(d.code, Qt.Key.Key_S, CTRL)
    assert d.errors["code"].isVisible() and d.errors["code"].text() == "李文书（文书）没有“修改设置”的权限。"
    assert len(d.table_rows()) == 3


def test_a_new_number_format_shows_and_searches_in_the_new_form(qtbot, office_ctx, monkeypatch, messages):
    from desktop.ui.outgoing.tab import OutgoingTab
    from tests.services.outgoing.conftest import draft

    with office_ctx.store.write() as s:
        draft(s, title="关于院发文件管理的通知")  # found by 院发 as text, not by the number
    tab = OutgoingTab(office_ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.ensure_detail()
    assert tab.model.rowCount() == 2 and tab.model.index(1, 0).data() == "院发〔2026〕1号"
    monkeypatch.setattr(numbering_dialog.NumberFormatDialog, "ask_text",
                        staticmethod(lambda parent, current, kind: "{code}[{year}]{seq}号"))
    assert numbering_dialog.edit_number_format(office_ctx, tab, "outgoing")
    qtbot.waitUntil(lambda: tab.model.index(1, 0).data() == "院发[2026]1号")
    tab.filter_bar.text.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("院发[2026]1号")
    with qtbot.waitSignal(tab.model.reloaded, timeout=5000):
        QApplication.sendEvent(tab.filter_bar.text, event)
    assert tab.model.rowCount() == 1 and tab.model.index(0, 0).data() == "院发[2026]1号"
    assert messages["error"] == []
