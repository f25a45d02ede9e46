"""The register at a glance: count from the first paint, a filter row that stays put, the
title taking the free width, the colour legend, a window that fits a laptop, and a word
in the status bar after an export."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from desktop.ui.mainwindow import MainWindow
from tests.ui.conftest import add_documents


def _window(qtbot, settings, tmp_path, n: int, size: tuple[int, int] = (1280, 700)) -> MainWindow:
    from desktop.services.store import open_store

    store = open_store(tmp_path / "office.db")
    add_documents(store, n)
    store.close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(*size)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    assert w.open_database(tmp_path / "office.db", create=False)
    qtbot.waitUntil(lambda: w.slots[0].content is not None and w.slots[0].content.form is not None)
    return w


def test_count_shown_from_the_first_paint(qtbot, settings, tmp_path):
    w = _window(qtbot, settings, tmp_path, 30)
    count = w.slots[0].content.filter_bar.count
    assert count.text() == "共 30 条"
    assert count.isVisible() and count.width() >= count.fontMetrics().horizontalAdvance("共 30 条")


def test_filter_row_does_not_move_when_the_count_changes_length(qtbot, settings, tmp_path):
    w = _window(qtbot, settings, tmp_path, 120, size=(1100, 700))  # a crowded row
    bar = w.slots[0].content.filter_bar
    fields = [bar.text, bar.date_from, bar.date_to, bar.sender, bar.doc_type, bar.secrecy, bar.urgency,
              bar.step, bar.department, bar.overdue, bar.due_soon, bar.due_days, bar.today_button,
              bar.reset_button]
    bar.layout().activate()  # the combos' choices arrived after the first rows: settle first
    before = [f.mapTo(w, QPoint(0, 0)).x() for f in fields]
    assert bar.count.text() == "共 120 条"
    qtbot.mouseClick(bar.overdue, Qt.MouseButton.LeftButton, pos=QPoint(6, bar.overdue.height() // 2))
    qtbot.waitUntil(lambda: bar.count.text() == "共 18 条")  # every 7th has a past 办理时限
    assert [f.mapTo(w, QPoint(0, 0)).x() for f in fields] == before


def _title_span(w: MainWindow) -> tuple[int, int]:
    """(visible width of 文件标题 at the start, width of 环节)."""
    return _spans(w)[:2]


def _spans(w: MainWindow) -> tuple[int, int, int]:
    """(visible width of 文件标题 at the start, width of 环节, visible width of 环节)."""
    table = w.slots[0].content.view.table
    header = table.horizontalHeader()
    titles = [header.model().headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())]
    title, step = titles.index("文件标题"), titles.index("环节")
    left = header.sectionViewportPosition(title)
    visible = min(table.viewport().width(), left + header.sectionSize(title)) - max(0, left)
    step_left = header.sectionViewportPosition(step)
    step_visible = min(table.viewport().width(), step_left + header.sectionSize(step)) - max(0, step_left)
    return visible, header.sectionSize(step), step_visible


def test_title_readable_on_a_laptop_and_last_column_not_stretched_on_a_wide_screen(qtbot, settings, tmp_path):
    w = _window(qtbot, settings, tmp_path, 5, size=(1366, 700))
    em = w.fontMetrics().horizontalAdvance("汉")
    visible, _ = _title_span(w)
    assert visible >= 18 * em  # eighteen characters of every title show, not the first three
    w.resize(2560, 1300)
    qtbot.waitUntil(lambda: _title_span(w)[0] > 900)
    _, step_width = _title_span(w)
    assert step_width < 100


def test_stage_column_on_the_first_screen_of_a_laptop(qtbot, settings, tmp_path):
    # 1366 × 768: beside the detail pane ~780 px of register show; 环节 is what the
    # secretary scans for, so it follows the title instead of waiting past a scroll.
    w = _window(qtbot, settings, tmp_path, 5, size=(1366, 700))
    _, width, visible = _spans(w)
    assert visible == width > 0


def test_legend_names_the_colours(qtbot, settings, tmp_path):
    w = _window(qtbot, settings, tmp_path, 3)
    legend = w.slots[0].content.view.legend
    assert legend.isVisible()
    assert [s.text() for s in legend.samples.values()] == ["逾期", "临期", "特急", "▲ 加急", "作废"]
    assert "#fde2e1" in legend.samples["逾期"].styleSheet()
    assert "#c0392b" in legend.samples["特急"].styleSheet()


def test_default_window_fits_a_1366_by_768_screen(qtbot, settings):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert w.width() <= 1366 - 40 and w.height() <= 768 - 60
    w.show()
    assert w.statusBar().isVisible()


def test_export_says_where_the_file_went_and_opens_its_folder(qtbot, settings, tmp_path, monkeypatch):
    from desktop.ui import dialogs
    from desktop.ui.incoming.tab import IncomingTab

    w = _window(qtbot, settings, tmp_path, 5)
    out = tmp_path / "导出" / "收文登记簿.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(IncomingTab, "ask_save_path", staticmethod(lambda *a: str(out)))
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_url", lambda url: opened.append(url.toLocalFile()) or False)
    button = next(b for b in w.slots[0].content.findChildren(QPushButton) if b.text() == "登记簿 PDF…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.statusBar().findChild(dialogs.SavedNotice) is not None, timeout=20000)
    notice = w.statusBar().findChild(dialogs.SavedNotice)
    assert notice.isVisible() and notice.label.text() == f"收文登记簿已保存到 {out}"
    assert notice.button.text() == "打开文件夹"
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    assert [Path(p) for p in opened] == [out.parent]
    assert notice.label.text() == f"无法打开文件夹，请自行打开：{out.parent}"  # no handler: said, not silent


def test_outgoing_register_on_a_laptop_shows_whole_numbers_and_the_stage(qtbot, settings, tmp_path):
    from db.models import OutgoingDocument
    from desktop.services.store import open_store

    store = open_store(tmp_path / "office.db")
    with store.write() as s:
        for seq in (9, 136):
            s.add(OutgoingDocument(code="院办发", year=2026, seq=seq, title=f"关于第{seq}项工作的通知", doc_type="通知",
                                   signed_on=dt.date(2026, 11, 2), step="待复核", urgency="加急"))
    store.close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1366, 700)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    assert w.open_database(tmp_path / "office.db", create=False)
    w.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: w.slots[1].content is not None and w.slots[1].content.model.rowCount() == 2)
    table = w.slots[1].content.view.table
    header = table.horizontalHeader()
    titles = [header.model().headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())]
    number, step = titles.index("发文字号"), titles.index("环节")
    shown = table.model().index(0, number).data()
    assert "院办发〔2026〕136号" in shown
    # the whole number fits its column (with the cell's margins), not "院办发〔2026〕13…"
    assert header.sectionSize(number) >= table.fontMetrics().horizontalAdvance(shown) + 8
    left = header.sectionViewportPosition(step)
    assert 0 <= left and left + header.sectionSize(step) <= table.viewport().width()  # 环节 on the first screen
