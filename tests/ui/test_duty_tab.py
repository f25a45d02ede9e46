"""The 值班 tab driven by keys and clicks: day kinds marked, an unknown month flagged, a cell
changed through the person chooser (a conflict shown and overridden), locked, kept by
generation, the counts updating, and a 换班 with its approver and history."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.services import clock, workcal
from desktop.ui.duty.chooser import PersonChooser
from desktop.ui.duty.forms import FormDialog
from desktop.ui.duty.tab import DutyTab
from tests.ui.duty_helpers import column_of, fill_office, row_of, type_text, visible

UNKNOWN_2027 = "2027年1月的节假日尚未录入：请在 设置 → 节假日… 中录入国务院的放假通知，否则按普通周末排班。"


@pytest.fixture(autouse=True)
def _calendar_and_clock():
    workcal.set_overrides({})
    with clock.frozen(dt.datetime(2026, 12, 1, 9)):
        yield
    workcal.set_overrides({})


@pytest.fixture
def tab(qtbot, ctx):
    fill_office(ctx.store)
    widget = DutyTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    return widget


def test_day_kinds_are_marked_and_an_unknown_month_is_flagged(qtbot, tab):
    assert tab.month_edit.text() == "2026年12月" and tab.banner.isHidden()
    assert [visible(tab.view, 4, c) for c in range(3)] == ["12月5日", "六", "休息日"]
    assert [visible(tab.view, 0, c) for c in range(3)] == ["12月1日", "二", ""]
    qtbot.keyClick(tab.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert tab.month_edit.text() == "2027年1月"
    assert not tab.banner.isHidden() and tab.banner.text() == UNKNOWN_2027
    for _ in range(12):
        qtbot.keyClick(tab.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert tab.month_edit.text() == "2026年1月" and tab.banner.isHidden()
    assert [visible(tab.view, r, 2) for r in range(4)] == ["元旦", "元旦", "元旦", "调休上班"]
    assert tab.legend.text().count("节假日") == 1 and "调休上班" in tab.legend.text()


def _choose(monkeypatch, qtbot, name: str, seen: list[str]):
    """The chooser as the user meets it: the name typed into the filter, Enter to take it."""

    def ask(parent, title, candidates, current=None):
        dialog = PersonChooser(title, candidates, current, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(dialog.filter, name)
        seen.append(dialog.conflict.text())
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
        return dialog.chosen() if dialog.result() == QDialog.DialogCode.Accepted else None

    monkeypatch.setattr(PersonChooser, "ask", staticmethod(ask))


def test_change_lock_generate_and_counts(qtbot, monkeypatch, messages, tab):
    seen: list[str] = []
    _choose(monkeypatch, qtbot, "赵院长", seen)
    counts = tab.counts.view
    name_col, month_col = column_of(counts, "姓名"), column_of(counts, "本月")
    assert visible(counts, row_of(counts, name_col, "赵院长"), month_col) == "0"
    assert tab.model.headerData(3, Qt.Orientation.Horizontal) == "午班/白班\n带班领导"
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # 12月1日 午班 带班领导
    assert visible(tab.view, 0, 3) == "赵院长［锁］" and seen == [""]
    assert visible(counts, row_of(counts, name_col, "赵院长"), month_col) == "1"
    qtbot.keyClick(tab.view, Qt.Key.Key_Right)
    qtbot.keyClick(tab.view, Qt.Key.Key_Right)  # 12月1日 夜班 带班领导: 赵院长 already has the 午班
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert seen[-1] == "赵院长：12月1日已排午班，每人每天只值一班。"
    assert messages["confirm"] == ["赵院长：12月1日已排午班，每人每天只值一班。\n\n确定仍要安排赵院长吗？"]
    assert visible(tab.view, 0, 5) == "！赵院长［锁］"  # kept, and shown as a conflict
    qtbot.keyClick(tab.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert visible(tab.view, 0, 5) == "！赵院长"
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert visible(tab.view, 0, 5) == "—" and visible(tab.view, 0, 3) == "赵院长［锁］"
    messages["confirm"].clear()
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert messages["confirm"] == []  # nothing assigned but the locked cell: nothing to confirm
    lines = tab.report.toPlainText().splitlines()
    assert lines[0] == "2026-12-01 至 2026-12-31：排班 123 个，保留锁定 1 个"
    assert "总值班 全部班次：最少 6，最多 7，差 1" in lines and "总值班 夜班：最少 3，最多 4，差 1" in lines
    assert visible(tab.view, 0, 3) == "赵院长［锁］" and visible(tab.view, 0, 5) not in ("—", "")
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert messages["confirm"] == ["重新生成2026年12月值班表：已排的 123 个未锁定班次将被重新安排，锁定的 1 个保留。确定吗？"]
    assert visible(tab.view, 0, 3) == "赵院长［锁］"
    total = sum(int(visible(counts, r, month_col)) for r in range(counts.model().rowCount()))
    assert total == 124


def test_swap_two_cells_by_keyboard_with_approver(qtbot, monkeypatch, messages, tab):
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    names = [[visible(tab.view, r, c) for c in range(3, 7)] for r in range(31)]
    first = names[0][1]  # 12月1日 午班 总值班; the other: a workday whose 总值班 is free on 12月1日
    row = next(r for r in range(1, 31) if visible(tab.view, r, 2) == "" and first not in names[r]
               and names[r][1] not in names[0])
    second, day2 = names[row][1], visible(tab.view, row, 0)
    qtbot.keyClick(tab.view, Qt.Key.Key_Right)  # from 带班领导 to 总值班
    qtbot.mouseClick(tab.swap_button, Qt.MouseButton.LeftButton)  # on the first cell
    assert messages["info"][-1].startswith(f"已选第一个班次：12月1日 午班 {first}。")
    tab.view.setFocus()
    for _ in range(row):
        qtbot.keyClick(tab.view, Qt.Key.Key_Down)
    errors: list[str] = []
    monkeypatch.setattr(FormDialog, "run", staticmethod(lambda dialog: _fill_swap(qtbot, dialog, errors)))
    qtbot.mouseClick(tab.swap_button, Qt.MouseButton.LeftButton)
    assert errors == ["请填写批准人。"]  # refused beside the field; the dialog stayed open
    assert (visible(tab.view, 0, 4), visible(tab.view, row, 4)) == (f"{second}［锁］", f"{first}［锁］")
    swaps = tab.swaps.view
    assert [visible(swaps, 0, c) for c in range(1, 5)] == [
        f"12月1日 午班 {first}", f"{day2} 午班 {second}", "家中有事", "赵院长"]
    assert tab.side.currentWidget() is tab.swaps


def _fill_swap(qtbot, dialog, errors: list[str]) -> int:
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.reason, "家中有事")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    errors.append(dialog.errors["approved_by"].text())
    assert dialog.approved_by.itemText(0) == "赵院长"  # the directory's 院领导 are offered
    dialog.approved_by.setFocus()
    qtbot.keyClick(dialog.approved_by, Qt.Key.Key_Down)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return dialog.result()


def test_models_pass_the_model_tester(qtbot, qtmodeltester, tab):
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.counts.model)
    qtmodeltester.check(tab.swaps.model)
