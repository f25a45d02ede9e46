"""设置 → 节假日…: the real 2026 notice pasted, previewed and saved; a 2027 元旦 pasted
flags January 2027 as known in the 值班 tab; a bad notice names the bad part; one 2027 day
added by hand and removed."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from desktop.services import clock, workcal
from desktop.ui.calendar_dialog import CalendarDialog, NoticeDialog
from desktop.ui.duty.forms import FormDialog
from desktop.ui.duty.tab import DutyTab
from tests.services.test_workcal_notice import NOTICE_2026
from tests.ui.duty_helpers import fill_office, type_text, visible

NOTICE_2027_NEW_YEAR = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。"


@pytest.fixture(autouse=True)
def _calendar_and_clock():
    workcal.set_overrides({})
    with clock.frozen(dt.datetime(2026, 12, 28, 10)):
        yield
    workcal.set_overrides({})


def _paste(qtbot, monkeypatch, text: str, shown: dict):
    """The paste dialog as met: the text committed into the box, preview read, 保存 clicked."""

    def run(dialog):
        if not isinstance(dialog, NoticeDialog):
            return dialog.exec()
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(dialog.text, text)
        shown["summary"] = dialog.summary.text()
        shown["error"] = dialog.error.text() if not dialog.error.isHidden() else ""
        shown["rows"] = [[visible(dialog.view, r, c) for c in range(4)] for r in range(dialog.model.rowCount())]
        if dialog.save_button.isEnabled():
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        else:
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "run", staticmethod(run))


def test_paste_the_2026_notice(qtbot, monkeypatch, ctx):
    dialog = CalendarDialog(ctx)
    qtbot.addWidget(dialog)
    shown: dict = {}
    _paste(qtbot, monkeypatch, "国务院办公厅关于2026年部分节假日安排的通知\n" + NOTICE_2026, shown)
    qtbot.mouseClick(dialog.paste, Qt.MouseButton.LeftButton)
    assert shown["error"] == "" and shown["summary"] == "2026年：放假 33 天，调休上班 6 天。"
    assert shown["rows"][:4] == [["2026年1月1日", "四", "放假", "元旦"], ["2026年1月2日", "五", "放假", "元旦"],
                                 ["2026年1月3日", "六", "放假", "元旦"], ["2026年1月4日", "日", "调休上班", "元旦"]]
    assert ["2026年2月14日", "六", "调休上班", "春节"] in shown["rows"]
    assert dialog.year.value() == 2026 and dialog.model.rowCount() == 39
    assert visible(dialog.view, 38, 0) == "2026年10月10日" and visible(dialog.view, 38, 2) == "调休上班"


def test_a_bad_notice_names_the_bad_part(qtbot, monkeypatch, ctx):
    dialog = CalendarDialog(ctx)
    qtbot.addWidget(dialog)
    shown: dict = {}
    _paste(qtbot, monkeypatch, "一、元旦：1月1日（周五）至3日（周日）放假，共4天。", shown)
    qtbot.mouseClick(dialog.paste, Qt.MouseButton.LeftButton)
    assert shown["error"] == "“一、元旦”写明共4天，但日期算出来是3天，请核对。" and shown["rows"] == []
    assert dialog.model.rowCount() == 0  # nothing saved


def test_2027_new_year_makes_january_known_in_the_duty_tab(qtbot, monkeypatch, ctx):
    fill_office(ctx.store)
    tab = DutyTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.keyClick(tab.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert tab.month_edit.text() == "2027年1月" and not tab.banner.isHidden()
    dialog = CalendarDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 2027
    shown: dict = {}
    _paste(qtbot, monkeypatch, NOTICE_2027_NEW_YEAR, shown)
    qtbot.mouseClick(dialog.paste, Qt.MouseButton.LeftButton)
    assert shown["summary"] == "2027年：放假 3 天，调休上班 0 天。"
    assert [visible(dialog.view, r, 3) for r in range(3)] == ["元旦"] * 3
    assert tab.banner.isHidden()  # the tab reloaded from the bus
    assert [visible(tab.view, r, 2) for r in range(4)] == ["元旦", "元旦", "元旦", ""]
    # one day by hand: 2027年2月6日 a make-up workday, then removed again
    dialog.day.setDate(QDate(2027, 2, 6))
    dialog.kind.setCurrentIndex(1)
    type_text(dialog.name, "春节")
    qtbot.mouseClick(next(b for b in dialog.findChildren(type(dialog.paste)) if b.text() == "添加(&A)"),
                     Qt.MouseButton.LeftButton)
    assert [visible(dialog.view, 3, c) for c in range(4)] == ["2027年2月6日", "六", "调休上班", "春节"]
    assert workcal.day_kind(dt.date(2027, 2, 6)) == "makeup"
    dialog.view.setCurrentIndex(dialog.model.index(3, 0))
    qtbot.mouseClick(next(b for b in dialog.findChildren(type(dialog.paste)) if b.text() == "删除所选(&D)"),
                     Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 3 and workcal.day_kind(dt.date(2027, 2, 6)) == "rest"
