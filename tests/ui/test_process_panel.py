"""The 办理 panel passes what was typed; the services decide (lead, earliest circulation, latest 批示)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QPushButton

from db.models import SupervisionItem
from desktop.ui.incoming.process import ProcessPanel
from tests.ui.conftest import add_documents


def _button(panel: ProcessPanel, text: str) -> QPushButton:
    [button] = [b for b in panel.findChildren(QPushButton) if b.text() == text]
    return button


def _type_and_click(qtbot, panel, edits_and_text, button: str) -> None:
    """Chinese is committed as an input method does (QTest's keyClicks aborts on non-ASCII)."""
    for edit, text in edits_and_text:
        edit.clear()
        edit.setFocus()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)
    qtbot.mouseClick(_button(panel, button), Qt.MouseButton.LeftButton)


def test_handling_through_the_panel(qtbot, ctx):
    [doc_id] = add_documents(ctx.store, 1)
    panel = ProcessPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_document(doc_id)

    _type_and_click(qtbot, panel, [(panel.departments, "护理部、医务部")], "交办")
    assert "承办科室：护理部（主办）、医务部" in panel.summary.toPlainText()

    for reader in ("王院长", "李副院长"):
        _type_and_click(qtbot, panel, [(panel.reader, reader)], "送传阅")
    qtbot.mouseClick(panel.return_btn, Qt.MouseButton.LeftButton)
    lines = [line for line in panel.summary.toPlainText().splitlines() if line.startswith("传阅：")]
    assert [line.split(" ")[0] for line in lines] == ["传阅：王院长", "传阅：李副院长"]
    assert lines[0].endswith("收回") and lines[1].endswith("未收回")

    _type_and_click(qtbot, panel, [(panel.task, "完成自查")], "建立督办")
    assert panel.error.text() == "该文件还没有领导批示，无法据批示建立督办。"
    _type_and_click(qtbot, panel, [(panel.leader, "王院长"), (panel.instruction, "请医务部阅")], "添加批示")
    _type_and_click(qtbot, panel, [(panel.leader, "李副院长"), (panel.instruction, "请护理部牵头")], "添加批示")
    _type_and_click(qtbot, panel, [(panel.task, "完成自查"), (panel.task_dept, "护理部")], "建立督办")
    assert panel.error.text() == ""
    with ctx.store.read() as s:
        [item] = s.query(SupervisionItem).all()
        assert (item.assigned_by, item.task, item.lead_department) == ("李副院长", "完成自查", "护理部")
