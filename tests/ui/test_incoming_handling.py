"""The 收文 tab handled by keyboard: Enter to the next action, Esc back, nothing typed for
one document shown for another, every pane showing the new state after a change."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db.models import IncomingDocument
from desktop.services import clock, reference
from desktop.services.incoming import workflow
from desktop.ui.incoming.tab import IncomingTab
from tests.ui.conftest import add_documents
from tests.ui.test_process_panel import _type, alt, refocus

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (grabbing the keyboard|raise)")
TODAY = dt.datetime(2026, 3, 20, 10, 0)
STEP_COLUMN = 10


@pytest.fixture
def tab(qtbot, ctx):
    with ctx.store.write() as s:
        for name in ("医务部", "护理部"):
            reference.save_department(s, reference.DepartmentRow(name=name))
        reference.save_staff(s, reference.StaffRow(name="王院长", roles=("院领导",)))
    add_documents(ctx.store, 3)  # newest first in the register: 0003, 0002, 0001
    with clock.frozen(TODAY):
        widget = IncomingTab(ctx)
        qtbot.addWidget(widget)
        with qtbot.waitActive(widget):
            widget.show()
            widget.activateWindow()
        widget.ensure_detail()
        yield widget


def _row_of(tab, number: str) -> int:
    return next(r for r in range(tab.model.rowCount()) if tab.model.data(tab.model.index(r, 0)) == number)


def _enter_on(qtbot, tab, number: str) -> None:
    """Click the row, then Enter: focus goes to the 办理 panel's next action."""
    refocus(qtbot, tab.window())
    rect = tab.view.table.visualRect(tab.model.index(_row_of(tab, number), 0))
    qtbot.mouseClick(tab.view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(tab.view.table, Qt.Key.Key_Return)


def test_enter_goes_to_the_next_action_and_esc_back_to_the_register(qtbot, tab):
    _enter_on(qtbot, tab, "收〔2026〕0003")
    assert tab.detail.currentWidget() is tab.process
    assert QApplication.focusWidget() is tab.process.pages["review"].submit  # 初审通过
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is tab.view.table
    qtbot.keyClick(tab.view.table, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # presses 初审通过
    assert QApplication.focusWidget() is tab.process.pages["propose"].fields[0].widget  # 拟办意见, next
    # every pane shows the new state: the form's heading and the register's column too
    assert tab.form.heading.text() == "收文 收〔2026〕0003（待拟办）"
    assert tab.model.data(tab.model.index(_row_of(tab, "收〔2026〕0003"), STEP_COLUMN)) == "待拟办"


def test_nothing_typed_for_one_document_reaches_another(qtbot, tab, ctx, messages):
    _enter_on(qtbot, tab, "收〔2026〕0003")
    _type(alt(qtbot, tab.process, Qt.Key.Key_J, "assign"), "护理部")  # typed, not 交办'd
    refocus(qtbot, tab.window())
    tab.view.table.setFocus()
    qtbot.keyClick(tab.view.table, Qt.Key.Key_Down)  # to 0002
    assert messages["confirm"][-1].startswith("当前收文有未保存的输入")
    assert tab.form.number.text() == "收〔2026〕0002"
    departments = alt(qtbot, tab.process, Qt.Key.Key_J, "assign")
    assert departments.text() == ""
    qtbot.keyClick(departments, Qt.Key.Key_Return)  # 交办 with nothing typed: refused, not assigned
    assert tab.process.pages["assign"].errors["departments"].text() == "请至少选择一个承办科室。"
    with ctx.store.read() as s:
        assert [d.assignments for d in s.query(IncomingDocument)] == [[], [], []]


def test_declining_keeps_the_selection_and_the_typing(qtbot, tab, messages):
    _enter_on(qtbot, tab, "收〔2026〕0003")
    _type(alt(qtbot, tab.process, Qt.Key.Key_N, "propose"), "拟请医务部办理")
    messages["answers"]["confirm"] = False  # 保留
    refocus(qtbot, tab.window())
    tab.view.table.setFocus()
    qtbot.keyClick(tab.view.table, Qt.Key.Key_Down)
    assert tab.view.table.currentIndex().row() == _row_of(tab, "收〔2026〕0003")
    assert tab.form.number.text() == "收〔2026〕0003"
    assert tab.process.pages["propose"].fields[0].widget.text() == "拟请医务部办理"


def test_archived_document_form_is_read_only_and_says_so(qtbot, tab, ctx):
    doc_id = tab.model.id_at(_row_of(tab, "收〔2026〕0002"))
    with ctx.store.write() as s:
        workflow.assign_departments(s, doc_id, ["医务部"], None, "甲", dt.date(2026, 3, 3))
        workflow.complete(s, doc_id, "已办", dt.date(2026, 3, 4), "甲")
    tab.model.reload()
    _enter_on(qtbot, tab, "收〔2026〕0002")
    volume = QApplication.focusWidget()
    assert volume is tab.process.pages["archive"].fields[0].widget  # 卷号, the next action's first field
    qtbot.keyClicks(volume, "2026-1")
    qtbot.keyClick(volume, Qt.Key.Key_Return)  # on to 件号
    qtbot.keyClicks(QApplication.focusWidget(), "7")
    with clock.frozen(TODAY):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # 归档
    assert tab.form.heading.text() == "收文 收〔2026〕0002（已归档）"
    assert not tab.form.title.isEnabled() and not tab.form.save_button.isEnabled()
    assert tab.process.notice.text() == "该文已归档，不能再办理。"
    assert [b for b in tab.process.buttons.values() if b.isVisibleTo(tab.process)] == []


def test_a_filter_leaving_the_document_out_shows_nothing_selected(qtbot, tab):
    _enter_on(qtbot, tab, "收〔2026〕0003")
    tab.view.focus_filter()
    qtbot.keyClicks(tab.filter_bar.text, "zzz")
    qtbot.keyClick(tab.filter_bar.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    assert tab.form.heading.text() == "未选择"
    assert tab.process.heading.text() == "未选择"


def test_marks_beside_the_stage_in_the_register(qtbot, tab):
    _enter_on(qtbot, tab, "收〔2026〕0001")
    _type(alt(qtbot, tab.process, Qt.Key.Key_Y, "circulate"), "王院长")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert tab.model.data(tab.model.index(_row_of(tab, "收〔2026〕0001"), STEP_COLUMN)) == "待初审·传阅中"
    assert tab.process.heading.text() == "收〔2026〕0001　环节：待初审·传阅中"
