"""The shared 附件 panel on a 督办 item: nothing in it is 收文-specific."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from db.models import SupervisionItem
from desktop.services import records
from desktop.services.supervision.kind import SUPERVISION
from desktop.ui.attachments import AttachmentOwner, AttachmentsPanel
from desktop.ui.ops import SUPERVISION as SUPERVISION_CHANGE


@pytest.fixture
def item_id(ctx) -> int:
    with ctx.store.write() as s:
        return records.insert_numbered(s, SUPERVISION, (2026,), lambda seq: SupervisionItem(
            year=2026, seq=seq, task="完成医疗质量自查", assigned_on=dt.date(2026, 4, 2))).id


@pytest.fixture
def panel(qtbot, ctx, item_id) -> AttachmentsPanel:
    widget = AttachmentsPanel(ctx, AttachmentOwner(SUPERVISION, SUPERVISION_CHANGE))
    qtbot.addWidget(widget)
    widget.show()
    widget.set_owner(item_id)
    return widget


def _click_row(qtbot, panel: AttachmentsPanel, row: int) -> None:
    rect = panel.list.visualItemRect(panel.list.item(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_supervision_item_gets_attachments_and_announces_its_own_change(qtbot, ctx, panel, item_id, tmp_path):
    scan = tmp_path / "整改报告.txt"
    scan.write_text("整改已完成", encoding="utf-8")
    with qtbot.waitSignal(ctx.bus.changed, timeout=10000) as announced, \
            qtbot.waitSignal(panel.added, timeout=10000) as done:
        panel.add_files([str(scan)])
    assert done.args == [item_id, 1]
    assert announced.args == [frozenset({"supervision"})]
    assert panel.list.count() == 1 and panel.list.item(0).text().startswith("整改报告.txt")

    _click_row(qtbot, panel, 0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.list.item(0).text().endswith("（回收站）")
    assert panel.restore_button.isEnabled() and not panel.remove_button.isEnabled()
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert not panel.list.item(0).text().endswith("（回收站）")


def test_closed_item_refuses_in_its_own_words(qtbot, ctx, panel, item_id, tmp_path):
    with ctx.store.write() as s:  # closed in another window meanwhile
        s.get(SupervisionItem, item_id).closed_on = dt.date(2026, 5, 1)
    scan = tmp_path / "a.txt"
    scan.write_text("内容", encoding="utf-8")
    assert panel.add_files([str(scan)]) is None
    assert panel.error.text() == "督办 督〔2026〕1号 已办结，不能再修改。"
