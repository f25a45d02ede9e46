"""A large register shows its first page at once and lists the rest on a worker thread.

FIRST_IDS is lowered so that a few dozen documents make a "large" register; the listing
itself is the same SQL at any size (tests/benchmarks measure it at 1,000,000).
"""
from __future__ import annotations

from array import array

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services.incoming.query import IncomingFilter
from desktop.ui.incoming.source import IncomingSource
from desktop.ui.incoming.tab import IncomingTab
from desktop.ui.register import model as register_model
from desktop.ui.register.model import RegisterModel
from tests.ui.conftest import add_documents


@pytest.fixture
def small_first_page(monkeypatch):
    monkeypatch.setattr(register_model, "FIRST_IDS", 20)


def _title(model, row):
    return model.data(model.index(row, 4))


def test_the_secretary_sees_the_first_rows_then_the_whole_register(qtbot, ctx, small_first_page):
    add_documents(ctx.store, 120)
    tab = IncomingTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.filter_bar.count.text() == "共 120 条")
    assert tab.model.rowCount() == 120
    assert _title(tab.model, 0) == "关于第120项工作的通知"  # newest first
    assert _title(tab.model, 119) == "关于第1项工作的通知"

    # a word typed in the filter box: 第1, 第10–19 and 第100–120 match (32 > the first 20)
    tab.filter_bar.text.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("第1")
    QApplication.sendEvent(tab.filter_bar.text, event)
    qtbot.keyClick(tab.filter_bar.text, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 20  # the first page, at once
    assert tab.filter_bar.count.text() == "正在统计…"
    assert _title(tab.model, 0) == "关于第120项工作的通知"
    qtbot.waitUntil(lambda: tab.filter_bar.count.text() == "共 32 条")
    assert tab.model.rowCount() == 32
    assert _title(tab.model, 31) == "关于第1项工作的通知"


def test_an_id_past_the_first_page_is_found_at_once(ctx, small_first_page):
    ids = add_documents(ctx.store, 45)
    model = RegisterModel(IncomingSource(ctx.reader), IncomingFilter())
    model.reload()
    assert (model.rowCount(), model.complete) == (20, False)
    assert model.row_of(ids[0]) == 44  # the oldest: listed now, not when the thread ends
    assert (model.rowCount(), model.complete) == (45, True)
    assert _title(model, 44) == "关于第1项工作的通知"


def test_a_newer_filter_wins_over_a_listing_still_running(qtbot, ctx, small_first_page):
    add_documents(ctx.store, 60)
    model = RegisterModel(IncomingSource(ctx.reader), IncomingFilter())
    counts: list[int] = []
    model.reloaded.connect(counts.append)
    model.reload()  # 60 rows: 20 now, the rest on the thread
    model.set_filter(IncomingFilter(text="第7项"))  # one row: complete at once
    assert counts == [1]
    qtbot.wait(300)  # the first listing ends meanwhile; it must not come back
    assert counts == [1] and model.rowCount() == 1
    assert _title(model, 0) == "关于第7项工作的通知"


class ChangedMeanwhile(IncomingSource):
    """The thread's listing sees a register changed since the first page (a write between)."""

    def list_ids(self, filt, sort_key, descending, *, limit=None, db=None):
        ids = super().list_ids(filt, sort_key, descending, limit=limit, db=db)
        return array("q", reversed(ids)) if db is not None else ids


def test_a_register_changed_between_the_two_listings_is_shown_whole(qtbot, ctx, small_first_page):
    add_documents(ctx.store, 30)
    model = RegisterModel(ChangedMeanwhile(ctx.reader), IncomingFilter())
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        model.reload()
    assert _title(model, 0) == "关于第30项工作的通知"
    with qtbot.waitSignal(model.reloaded, timeout=5000) as signal:
        pass
    assert signal.args == [30]
    assert _title(model, 0) == "关于第1项工作的通知"  # the newer list, not a spliced one
    assert _title(model, 29) == "关于第30项工作的通知"


def test_typing_on_the_register_searches_instead_of_reading_every_row(qtbot, ctx, monkeypatch):
    # Qt's own type-ahead read every row's text (1,000,000 收文: the window froze for minutes)
    monkeypatch.setattr(register_model, "PAGE_SIZE", 10)
    add_documents(ctx.store, 45)
    tab = IncomingTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    qtbot.waitUntil(lambda: tab.filter_bar.count.text() == "共 45 条")
    fetched: list[int] = []
    original = IncomingSource.fetch_rows

    def counting(self, ids):
        fetched.append(len(ids))
        return original(self, ids)
    monkeypatch.setattr(IncomingSource, "fetch_rows", counting)
    tab.view.table.setFocus()
    qtbot.keyClicks(tab.view.table, "x")
    assert tab.filter_bar.text.text() == "x" and tab.filter_bar.text.hasFocus()
    assert sum(fetched) <= 10  # at most the page in view, not all 45 rows
    event = QInputMethodEvent()  # Chinese committed by the input method on the table
    event.setCommitString("第7")
    tab.view.table.setFocus()
    QApplication.sendEvent(tab.view.table, event)
    assert tab.filter_bar.text.text() == "第7"
    qtbot.waitUntil(lambda: tab.filter_bar.count.text() == "共 1 条")
    assert _title(tab.model, 0) == "关于第7项工作的通知"
