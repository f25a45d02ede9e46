"""The 办理 panel offers only what the stage allows, asks before a skipped step, takes
names from the directory and lists 传阅 readers each with their own 收回 (real keys/clicks)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from db.models import IncomingDocument
from desktop.services import reference
from desktop.services.incoming import workflow
from desktop.ui.incoming.process import ProcessPanel
from tests.ui.conftest import add_documents

ALT = Qt.KeyboardModifier.AltModifier
# The offscreen platform cannot grab the keyboard for a completion popup; it says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (grabbing the keyboard|raise)")


def _type(widget, text: str) -> None:
    """Chinese is committed as an input method does (QTest's keyClicks aborts on non-ASCII)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def refocus(qtbot, window) -> None:
    """A completion popup closing leaves no active window on the offscreen platform (on a
    desktop the window gets focus back by itself): activate it again, as the desktop would."""
    QApplication.processEvents()
    if QApplication.activeWindow() is not window:
        with qtbot.waitActive(window):
            window.activateWindow()


def alt(qtbot, panel, key: Qt.Key, action: str):
    """Alt+letter: a button's mnemonic clicks it (Qt animates the press, so wait for it);
    the action's page opens with the cursor in its first field. That field."""
    refocus(qtbot, panel.window())
    qtbot.keyClick(QApplication.focusWidget() or panel, key, ALT)
    page = panel.pages[action]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.first_widget())
    return page.first_widget()


def _seed(store) -> None:
    with store.write() as s:
        for name in ("医务部", "护理部"):
            reference.save_department(s, reference.DepartmentRow(name=name))
        for name in ("王院长", "李副院长"):
            reference.save_staff(s, reference.StaffRow(name=name, roles=("院领导",)))


@pytest.fixture
def panel(qtbot, ctx):
    _seed(ctx.store)
    from desktop.services.incoming.directory import choices

    widget = ProcessPanel(ctx)
    widget.set_directory(*ctx.ops.read(choices))
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def _shown(panel) -> list[str]:
    """The action buttons on screen, in reading order."""
    shown = [b for b in panel.buttons.values() if b.isVisibleTo(panel)]
    return [b.text() for b in sorted(shown, key=lambda b: (b.y(), b.x()))]


def test_a_new_document_offers_its_stage_actions_next_first(qtbot, ctx, panel):
    [doc_id] = add_documents(ctx.store, 1)
    panel.set_document(doc_id)
    assert "环节：待初审" in panel.heading.text()
    assert _shown(panel) == ["初审(&C)", "拟办(&N)", "批示(&P)", "交办(&J)", "传阅(&Y)", "复文(&W)", "作废(&Z)"]
    assert "bold" in panel.buttons["review"].styleSheet()  # the usual next one stands out
    assert panel.pages["review"].isVisibleTo(panel) and panel.pages["review"].submit.text() == "初审通过"


def test_after_review_it_is_not_offered_again_and_archived_offers_nothing(qtbot, ctx, panel):
    [doc_id] = add_documents(ctx.store, 1)
    panel.set_document(doc_id)
    qtbot.keyClick(alt(qtbot, panel, Qt.Key.Key_C, "review"), Qt.Key.Key_Return)  # 初审通过
    assert "环节：待拟办" in panel.heading.text()
    assert "初审(&C)" not in _shown(panel) and _shown(panel)[0] == "拟办(&N)"
    assert panel.focusWidget() is panel.pages["propose"].fields[0].widget  # on to the next step
    with ctx.store.write() as s:
        workflow.assign_departments(s, doc_id, ["医务部"], None, "甲", dt.date(2026, 3, 3))
        workflow.complete(s, doc_id, "已办", dt.date(2026, 3, 4), "甲")
        workflow.archive(s, doc_id, "2026-1", "3", dt.date(2026, 3, 5), "甲")
    panel.set_document(doc_id)
    assert _shown(panel) == [] and panel.notice.text() == "该文已归档，不能再办理。"


def test_assigning_before_instruction_asks_once(qtbot, ctx, panel, messages):
    [doc_id] = add_documents(ctx.store, 1)
    panel.set_document(doc_id)
    field = alt(qtbot, panel, Qt.Key.Key_J, "assign")
    assert field is panel.directory["departments"]
    _type(field, "护理部、医务部")
    messages["answers"]["confirm"] = False
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert messages["confirm"] == ["该文尚未初审、拟办、批示，确定直接交办？"]
    assert "环节：待初审" in panel.heading.text() and field.text() == "护理部、医务部"  # declined: kept, nothing done
    messages["answers"]["confirm"] = True
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert len(messages["confirm"]) == 2
    assert "环节：承办中" in panel.heading.text()
    assert "承办科室：护理部（主办）、医务部" in panel.summary.toPlainText()


def test_a_department_not_in_the_directory_is_refused_unless_added(qtbot, ctx, panel, messages):
    [doc_id] = add_documents(ctx.store, 1)
    panel.set_document(doc_id)
    _type(alt(qtbot, panel, Qt.Key.Key_J, "assign"), "火星科")
    qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Return)
    page = panel.pages["assign"]
    assert page.errors["departments"].text() == "“火星科”不在科室目录中；请从列表中选择，或点“新增到目录”。"
    assert page.errors["departments"].isVisibleTo(panel) and page.add_button.isVisibleTo(panel)
    with ctx.store.read() as s:
        assert s.get(IncomingDocument, doc_id).assignments == []
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "承办科室：火星科（主办）" in panel.summary.toPlainText()
    with ctx.store.read() as s:
        assert "火星科" in reference.department_names(s)


def test_directory_names_complete_as_typed(qtbot, ctx, panel):
    [doc_id] = add_documents(ctx.store, 1)
    panel.set_document(doc_id)
    leader = alt(qtbot, panel, Qt.Key.Key_P, "instruct")
    _type(leader, "李")
    assert leader.completer().currentCompletion() == "李副院长"
    departments = panel.directory["departments"]
    _type(departments, "护理部、医")
    assert departments.completer().currentCompletion() == "护理部、医务部"  # the name after 、 completes


def test_each_reader_has_a_row_and_comes_back_on_its_own(qtbot, ctx, panel):
    [doc_id] = add_documents(ctx.store, 1)
    panel.set_document(doc_id)
    for reader in ("王院长", "李副院长"):
        _type(alt(qtbot, panel, Qt.Key.Key_Y, "circulate"), reader)
        qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Return)
    assert "待初审" in panel.heading.text() and "传阅中" in panel.heading.text()
    buttons = panel.circulations.buttons
    assert [b.text() for b in buttons] == ["收回(&1)", "收回(&2)"]
    assert [b.accessibleName() for b in buttons] == ["收回王院长的传阅", "收回李副院长的传阅"]
    refocus(qtbot, panel)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, ALT)  # 李副院长 first, though handed later
    qtbot.waitUntil(lambda: len(panel.circulations.buttons) == 1)
    with ctx.store.read() as s:
        back = {c.reader: c.returned_at is not None for c in s.get(IncomingDocument, doc_id).circulations}
    assert back == {"王院长": False, "李副院长": True}
    assert [b.accessibleName() for b in panel.circulations.buttons] == ["收回王院长的传阅"]
    qtbot.mouseClick(panel.circulations.buttons[0], Qt.MouseButton.LeftButton)
    assert panel.circulations.buttons == [] and "传阅中" not in panel.heading.text()
