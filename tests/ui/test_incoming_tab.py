"""The 收文 tab as the secretary uses it: keyboard registration, errors beside fields, filters."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from db.models import IncomingDocument
from desktop.ui.incoming.tab import IncomingTab
from tests.ui.conftest import add_documents


def _tab(qtbot, ctx):
    tab = IncomingTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.ensure_detail()
    return tab


def _type(qtbot, widget, text):
    """Chinese arrives from the input method as a commit string, as a real IME sends it."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_register_by_keyboard_only(qtbot, ctx):
    tab = _tab(qtbot, ctx)
    form = tab.form
    _type(qtbot, form.sender, "湖南省卫生健康委员会")
    _type(qtbot, form.sender_doc_no, "湘卫发【２０２６】第012号")
    qtbot.keyClick(form.sender_doc_no, Qt.Key.Key_Tab)  # leaving the field normalises it
    assert form.sender_doc_no.text() == "湘卫发〔2026〕12号"
    _type(qtbot, form.title, "关于开展医保基金专项检查的通知")
    qtbot.keyClick(form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with ctx.store.read() as s:
        doc = s.query(IncomingDocument).one()
        assert (doc.title, doc.sender_doc_no, doc.seq) == ("关于开展医保基金专项检查的通知", "湘卫发〔2026〕12号", 1)
    assert form.number.text() == f"收〔{dt.date.today().year}〕0001"
    assert tab.model.rowCount() == 1
    assert tab.filter_bar.count.text() == "共 1 条"


def test_error_shown_beside_field_and_typing_kept(qtbot, ctx):
    tab = _tab(qtbot, ctx)
    _type(qtbot, tab.form.sender_doc_no, "湘卫函〔2026〕3号")
    _type(qtbot, tab.form.title, "关于报送统计数据的函")
    tab.form.sender.clear()
    assert not tab.form.save()
    assert tab.form.errors["sender"].isVisibleTo(tab.form)
    assert "来文单位" in tab.form.errors["sender"].text()
    assert tab.form.title.text() == "关于报送统计数据的函"  # nothing typed is lost
    with ctx.store.read() as s:
        assert s.query(IncomingDocument).count() == 0


def test_possible_duplicate_asks_before_saving(qtbot, ctx, messages):
    tab = _tab(qtbot, ctx)
    for _ in range(2):
        tab.form.start_new()
        tab.form.sender.setText("长沙市卫生健康委员会")
        tab.form.sender_doc_no.setText("长卫发〔2026〕8号")
        tab.form.title.setText("关于加强院感防控的通知")
        messages["answers"]["confirm"] = False
        tab.form.save()
    assert any("可能重复" in m for m in messages["confirm"])
    with ctx.store.read() as s:
        assert s.query(IncomingDocument).count() == 1


def test_filter_bar_filters_in_sql_and_counts(qtbot, ctx):
    add_documents(ctx.store, 25)
    tab = _tab(qtbot, ctx)
    assert tab.model.rowCount() == 25
    tab.filter_bar.text.setText("第13项")
    tab.filter_bar.apply_now()
    assert tab.model.rowCount() == 1 and tab.filter_bar.count.text() == "共 1 条"
    tab.filter_bar.reset()
    tab.filter_bar.urgency.setCurrentText("特急")
    tab.filter_bar.apply_now()
    assert tab.model.rowCount() == 3  # rows 1, 11, 21


def _dark_pixels(widget) -> int:
    image = widget.grab().toImage()
    return sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if image.pixelColor(x, y).lightness() < 160)


def test_empty_register_says_why_and_what_to_do(qtbot, ctx):
    tab = _tab(qtbot, ctx)
    viewport = tab.view.table.viewport()
    assert "还没有收文" in tab.view.table.empty_message() and "Ctrl+N" in tab.view.table.empty_message()
    assert _dark_pixels(viewport) > 0  # the message is drawn, not just computed
    add_documents(ctx.store, 3)
    tab.model.reload()
    tab.filter_bar.text.setText("不存在的标题")
    tab.filter_bar.apply_now()
    assert tab.model.rowCount() == 0 and "没有符合筛选条件" in tab.view.table.empty_message()
    tab.filter_bar.reset()
    assert tab.model.rowCount() == 3 and tab.view.table.empty_message() == ""
