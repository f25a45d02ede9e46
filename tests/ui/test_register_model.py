"""The SQL-paged register model: Qt's model contract, lazy pages, sort and filter in SQL."""
from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.incoming.query import IncomingFilter
from desktop.ui.incoming.source import IncomingSource
from desktop.ui.register import model as register_model
from desktop.ui.register.model import IdRole, RegisterModel
from tests.ui.conftest import add_documents


class CountingSource(IncomingSource):
    def __init__(self, store):
        super().__init__(store)
        self.fetched: list[int] = []

    def fetch_rows(self, ids):
        self.fetched.append(len(ids))
        return super().fetch_rows(ids)


def test_model_passes_qtmodeltester(ctx, qtmodeltester):
    add_documents(ctx.store, 30)
    model = RegisterModel(IncomingSource(ctx.reader), IncomingFilter())
    model.reload()
    assert model.rowCount() == 30
    qtmodeltester.check(model, force_py=True)


def test_rows_fetched_a_page_at_a_time(ctx, monkeypatch):
    monkeypatch.setattr(register_model, "PAGE_SIZE", 10)
    add_documents(ctx.store, 45)
    source = CountingSource(ctx.reader)
    model = RegisterModel(source, IncomingFilter())
    model.reload()
    assert model.rowCount() == 45 and source.fetched == []
    assert model.data(model.index(0, 4)) == "关于第45项工作的通知"  # newest first
    assert source.fetched == [10]
    model.data(model.index(5, 0))
    assert source.fetched == [10]  # same page: cached
    assert model.data(model.index(44, 4)) == "关于第1项工作的通知"
    assert source.fetched == [10, 5]


def test_sort_and_filter_run_in_sql(ctx):
    add_documents(ctx.store, 12)
    model = RegisterModel(IncomingSource(ctx.reader), IncomingFilter())
    model.reload()
    model.sort(0, Qt.SortOrder.AscendingOrder)  # 收文编号 ascending
    assert model.data(model.index(0, 0)) == "收〔2026〕0001"
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "收〔2026〕0012"
    counts = []
    model.reloaded.connect(counts.append)
    model.set_filter(IncomingFilter(text="第7项"))
    assert counts == [1] and model.data(model.index(0, 4)) == "关于第7项工作的通知"
    assert model.data(model.index(0, 0), IdRole) == model.id_at(0)


def test_highlighting_overdue_and_urgent(ctx):
    import datetime as dt

    add_documents(ctx.store, 11)
    model = RegisterModel(IncomingSource(ctx.reader), IncomingFilter(today=dt.date(2026, 3, 10)))
    model.reload()
    model.sort(0, Qt.SortOrder.AscendingOrder)
    first = model.index(0, 0)  # seq 1: 特急 and deadline 2026-01-01 → overdue
    assert model.data(first, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(first, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(first, Qt.ItemDataRole.FontRole).bold()
    plain = model.index(1, 0)
    assert model.data(plain, Qt.ItemDataRole.BackgroundRole) is None


def test_exact_colours_for_overdue_due_soon_urgent_hurried_and_cancelled(ctx):
    import datetime as dt

    from PySide6.QtGui import QColor

    from db.models import IncomingDocument

    ids = add_documents(ctx.store, 4)
    with ctx.store.write() as s:  # seq 1: 特急, overdue (add_documents); 2: 加急; 3: 作废; 4: due soon
        s.get(IncomingDocument, ids[1]).urgency = "加急"
        s.get(IncomingDocument, ids[2]).cancelled_at = dt.datetime(2026, 3, 3, 9, 0)
        s.get(IncomingDocument, ids[3]).deadline = dt.date(2026, 3, 11)
    from desktop.services.incoming import query

    class PinnedToday(IncomingSource):  # rows computed for 2026-03-10, not the machine's date
        def fetch_rows(self, ids):
            return query.fetch_rows(self.reader, ids, today=dt.date(2026, 3, 10))

    model = RegisterModel(PinnedToday(ctx.reader), IncomingFilter(today=dt.date(2026, 3, 10)))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    bg, fg, font = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole
    overdue_urgent, hurried, cancelled, due_soon = (model.index(r, 0) for r in range(4))
    assert model.data(overdue_urgent, bg).color() == QColor("#fde2e1")
    assert model.data(overdue_urgent, fg).color() == QColor("#c0392b")
    assert model.data(overdue_urgent, font).bold()
    assert model.data(hurried, fg).color() == QColor("#b35900")
    assert model.data(hurried) == "▲ 收〔2026〕0002"
    assert model.data(hurried, bg) is None
    assert model.data(cancelled, fg).color() == QColor("#999999")
    assert model.data(cancelled, font).strikeOut()
    assert model.data(due_soon, bg).color() == QColor("#fff4cc")
    assert model.data(due_soon, fg) is None


def test_a_read_failure_while_painting_is_reported_once_not_a_crash(qtbot, ctx, messages):
    """PySide6 crashes when data() raises during a paint: the model reports instead."""
    from desktop.ui.incoming.tab import IncomingTab
    from tests.ui.conftest import add_documents

    add_documents(ctx.store, 30)
    tab = IncomingTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 30)

    def disk_failed(ids):
        raise OSError(5, "Input/output error")

    tab.source.fetch_rows = disk_failed
    tab.model.refresh_rows()
    tab.view.table.viewport().repaint()
    qtbot.waitUntil(lambda: len(messages["unexpected"]) == 1)
    report = messages["unexpected"].pop()
    assert "Input/output error" in report.details
    tab.view.table.viewport().repaint()  # no second report for the same failure
    qtbot.wait(50)
    assert messages["unexpected"] == []
