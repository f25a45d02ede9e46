"""Nothing typed is lost: unsaved registration typing survives a crash and a failed save."""
from __future__ import annotations

from PySide6.QtCore import Qt

from db.models import IncomingDocument
from desktop.ui.incoming.tab import IncomingTab
from desktop.ui.session import open_context
from tests.ui.test_incoming_tab import _tab, _type


def _reopen(qtbot, settings, ctx, old: IncomingTab) -> IncomingTab:
    """What the next start does: a new context and tab on the same database file (the old
    window is gone as after a crash: nothing was saved or cleaned up)."""
    old.hide()
    again = open_context(ctx.path, settings)
    tab = IncomingTab(again)
    qtbot.addWidget(tab)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.ensure_detail()
    return tab


def test_typing_left_unsaved_by_a_crash_is_offered_back(qtbot, ctx, settings, messages):
    tab = _tab(qtbot, ctx)
    qtbot.keyClick(tab.view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _type(qtbot, tab.form.sender, "湖南省卫生健康委员会")
    _type(qtbot, tab.form.title, "关于做好冬季安全生产工作的通知")
    qtbot.waitUntil(lambda: tab.form.drafts.file.exists(), timeout=3000)
    again = _reopen(qtbot, settings, ctx, tab)
    assert messages["confirm"][-1].startswith("上次有未保存的新登记内容：\n关于做好冬季安全生产工作的通知")
    assert again.form.title.text() == "关于做好冬季安全生产工作的通知"
    assert again.form.sender.text() == "湖南省卫生健康委员会"
    assert again.form.hint.text() == "已恢复上次未保存的内容，请核对后保存（Ctrl+S）。"
    qtbot.keyClick(again.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with again.ctx.store.read() as s:
        assert [d.title for d in s.query(IncomingDocument)] == ["关于做好冬季安全生产工作的通知"]
    assert not again.form.drafts.file.exists()  # saved: the draft is gone
    again.hide()  # not painted again once its database is closed
    again.ctx.close()


def test_declining_drops_the_draft_and_a_failed_save_keeps_it(qtbot, ctx, settings, messages):
    tab = _tab(qtbot, ctx)
    _type(qtbot, tab.form.title, "只有标题没有来文单位")
    qtbot.keyClick(tab.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # refused: no 来文单位
    assert tab.form.errors["sender"].isVisibleTo(tab.form)
    qtbot.waitUntil(lambda: tab.form.drafts.file.exists(), timeout=3000)
    messages["answers"]["confirm"] = False
    again = _reopen(qtbot, settings, ctx, tab)
    assert messages["confirm"][-1].startswith("上次有未保存的新登记内容：\n只有标题没有来文单位")
    assert again.form.title.text() == "" and not again.form.drafts.file.exists()
    again.hide()  # not painted again once its database is closed
    again.ctx.close()
