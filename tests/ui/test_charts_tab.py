"""The 图表 tab on the hand-counted office of tests/services/stats/conftest.py (today 2026-11-20):
key figures, period changes, drill-down to the 收文 and 发文 registers by mouse and by
keyboard, the 值班 load. The figures are counted in the tab's thread: each step waits for
the tab to say the period is shown (ChartsTab.settled) before looking."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.services import clock
from desktop.ui.mainwindow import MainWindow
from tests.services.stats.conftest import fill, fill_roster

ORIGIN_OCTOBER = "来自图表：2026年10月 收文（不含作废）；修改筛选条件后恢复普通筛选"


@contextmanager
def office_window(qtbot, settings, tmp_path):
    """The window on the office, today 2026-11-20, at the 图表 tab with its figures shown."""
    from desktop.services.store import open_store

    store = open_store(tmp_path / "office.db")
    with store.write() as session:
        fill(session)
        fill_roster(session)
    store.close()
    with clock.frozen(dt.datetime(2026, 11, 20, 10)):
        w = MainWindow(settings)
        qtbot.addWidget(w)
        with qtbot.waitActive(w):
            w.show()
            w.activateWindow()
        assert w.open_database(tmp_path / "office.db", create=False)
        qtbot.keyClick(w, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        _settled(qtbot, _charts(w))
        yield w
    w.close()


@pytest.fixture
def window(qtbot, settings, tmp_path):
    with office_window(qtbot, settings, tmp_path) as w:
        yield w


def _charts(w):
    return w.slots[4].content


def _incoming(w):
    return w.slots[0].content


def _outgoing(w):
    return w.slots[1].content


def _settled(qtbot, tab):
    qtbot.waitUntil(lambda: tab.settled, timeout=15000)


def _october(qtbot, tab):
    qtbot.mouseClick(tab.picker.prev_button, Qt.MouseButton.LeftButton)  # November → October
    assert tab.picker.start.text() == "2026年10月"
    _settled(qtbot, tab)


def _click_artist(qtbot, canvas, artist):
    canvas.draw()
    box = artist.get_window_extent()
    ratio = canvas.device_pixel_ratio
    x, y = (box.x0 + box.x1) / 2 / ratio, canvas.height() - (box.y0 + box.y1) / 2 / ratio
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))


def test_key_figures_of_october_with_their_change(qtbot, window):
    tab = _charts(window)
    assert window.tabs.currentIndex() == 4
    assert tab.picker.label.text() == "2026-11-01 至 2026-11-20（截至今日）"  # November is still running
    _october(qtbot, tab)
    assert tab.picker.label.text() == "2026-10-01 至 2026-10-31"
    texts = [b.text() for b in tab.figures.buttons]
    assert texts == [
        "收文\n6 件\n较上月 +100.0%",
        "发文\n2 件\n较上月 +100.0%",
        "其中未办结\n2 件\n较上月 +1 件",  # a stock: its change in 件 (A4 A5; B2)
        "其中逾期\n1 件\n较上月 +1 件",
        "督办逾期\n2 项\n较上月 +100.0%",
        "督办按期办结率\n25.0%\n较上月 −25.0 个百分点",
    ]


def test_a_key_figure_opens_exactly_its_documents(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    for index, expected, what in ((0, "共 6 条", "收文"), (2, "共 2 条", "收文中未办结"), (3, "共 1 条", "收文中逾期")):
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        tab.figures.buttons[index].setFocus()
        qtbot.keyClick(tab.figures.buttons[index], Qt.Key.Key_Space)
        assert window.tabs.currentIndex() == 0
        bar = _incoming(window).filter_bar
        assert bar.count.text() == expected
        # the bar has no control for 作废: the line above it says the list leaves them out
        assert bar.origin.isVisible()
        assert bar.origin.text() == f"来自图表：2026年10月 {what}（不含作废）；修改筛选条件后恢复普通筛选"


def test_the_drill_down_line_goes_when_the_filter_is_changed(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    qtbot.keyClick(tab.figures.buttons[0], Qt.Key.Key_Space)
    bar = _incoming(window).filter_bar
    assert (bar.count.text(), bar.origin.text()) == ("共 6 条", ORIGIN_OCTOBER)
    qtbot.mouseClick(bar.reset_button, Qt.MouseButton.LeftButton)  # 清除: every document, 作废 too
    assert not bar.origin.isVisible()
    assert bar.count.text() == "共 12 条"


def test_the_sent_figure_and_bar_open_exactly_those_outgoing(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    assert tab.figures.buttons[1].text().startswith("发文\n2 件")
    qtbot.keyClick(tab.figures.buttons[1], Qt.Key.Key_Space)
    assert window.tabs.currentIndex() == 1
    bar = _outgoing(window).filter_bar
    assert bar.count.text() == "共 2 条"  # D1 D2: D3 (作废, its number kept) is left out, as counted
    assert bar.origin.text() == "来自图表：2026年10月 发文（不含作废）；修改筛选条件后恢复普通筛选"
    assert (bar.date_from.value(), bar.date_to.value()) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    panel = next(p for p in tab.panels if p.spec.key == "volume")
    september = next(a for a, (label, _v, _f) in panel.chart.targets.items() if label == "2026年9月 发文")
    _click_artist(qtbot, panel.canvas, september)
    assert window.tabs.currentIndex() == 1
    assert bar.count.text() == "共 1 条"  # D4
    assert bar.origin.text() == "来自图表：2026年9月 发文（不含作废）；修改筛选条件后恢复普通筛选"


def test_clicking_a_sender_bar_lists_that_senders_documents(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    panel = next(p for p in tab.panels if p.spec.key == "senders")
    target = next(a for a, (label, _v, _f) in panel.chart.targets.items() if label == "2026年10月 湖南省卫生健康委员会来文")
    _click_artist(qtbot, panel.canvas, target)
    incoming = _incoming(window)
    assert window.tabs.currentIndex() == 0
    assert incoming.filter_bar.count.text() == "共 4 条"  # A1 A3 A6 A8
    assert incoming.filter_bar.sender.currentText() == "湖南省卫生健康委员会"
    assert incoming.filter_bar.date_from.value() == dt.date(2026, 10, 1)
    assert incoming.filter_bar.origin.text() == (
        "来自图表：2026年10月 湖南省卫生健康委员会来文（不含作废）；修改筛选条件后恢复普通筛选")


def test_a_slice_by_keyboard_arrows_and_enter(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    panel = next(p for p in tab.panels if p.spec.key == "types")
    tab.scroll.ensureWidgetVisible(panel)  # a chart out of view is drawn when it comes into view
    _settled(qtbot, tab)
    assert panel.canvas is not None
    panel.canvas.setFocus()
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    assert panel.status.text() == "已选：2026年10月 文种为“通知”的收文 4 件（回车打开）"
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    assert panel.status.text() == "已选：2026年10月 文种为“函”的收文 1 件（回车打开）"
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 0
    assert _incoming(window).filter_bar.count.text() == "共 1 条"


def test_the_period_kinds_change_every_figure(qtbot, window):
    tab = _charts(window)
    tab.picker.kind.setFocus()
    qtbot.keyClick(tab.picker.kind, Qt.Key.Key_Down)  # 月 → 季度: 2026年第4季度
    _settled(qtbot, tab)
    # Q4: A1 A3 A4 A5 A6 A8; Q3: A2 B1 B2
    assert tab.figures.buttons[0].text() == "收文\n6 件\n较上季度 +100.0%"
    qtbot.keyClick(tab.picker.kind, Qt.Key.Key_Down)  # → 年
    _settled(qtbot, tab)
    # 2026: A1–A6, A8, B1, B2 (A7 作废); 2025: C1 C2
    assert tab.figures.buttons[0].text() == "收文\n9 件\n较上年 +350.0%"


def test_the_duty_load_states_each_roles_spread(qtbot, window):
    """The roster of tests/services/stats/test_duty_load.py, October 2026."""
    tab = _charts(window)
    _october(qtbot, tab)
    panel = next(p for p in tab.panels if p.spec.key == "duty")
    tab.scroll.ensureWidgetVisible(panel)
    _settled(qtbot, tab)
    texts = [t.get_text() for t in panel.chart.figure.texts]
    assert texts[0] == "值班负荷（2026年10月；近一年：2025-11-01 至 2026-10-31）"
    assert texts[1].split("\n") == [
        "带班领导 1 人：本月每人 2 次，近一年 2 次；近一年相差 全部 0、休息日/节假日 0、夜班 0 次",
        "总值班 3 人：本月每人 0～3 次，近一年 1～4 次；近一年相差 全部 3、休息日/节假日 3、夜班 2 次",
    ]
    names = [t.get_text() for t in panel.chart.figure.axes[1].get_xticklabels()]
    assert names == ["甲", "乙", "丙", "丁"]
    assert panel.status.text() == ("单击某人的柱形（或用方向键选中后按回车）在值班表中标出其本期值班。"
                                   "排班按近一年（滚动 365 天）均衡；“相差”为同一值班角色中值班最多者与最少者之差")


def test_quick_steps_show_the_last_period_only(qtbot, window):
    """Three 上一期 in a row: what was counted for the periods passed over is dropped."""
    tab = _charts(window)
    for _ in range(3):
        qtbot.mouseClick(tab.picker.prev_button, Qt.MouseButton.LeftButton)
    assert tab.picker.start.text() == "2026年8月"
    _settled(qtbot, tab)
    # August: nothing received; July has nothing either
    assert tab.figures.buttons[0].text() == "收文\n0 件\n上月无可比数据"
    panel = next(p for p in tab.panels if p.spec.key == "volume")
    received = [label for label, _v, _f in panel.chart.targets.values() if label.endswith("收文")]
    assert (received[0], received[-1]) == ("2025年9月 收文", "2026年8月 收文")


def test_export_a_chart_and_the_whole_tab(qtbot, window, tmp_path, monkeypatch):
    tab = _charts(window)
    _october(qtbot, tab)
    answers = iter([str(tmp_path / "来文单位.svg"), str(tmp_path / "图表.pdf")])
    monkeypatch.setattr(type(tab), "ask_save_path", staticmethod(lambda *a: next(answers)))
    panel = next(p for p in tab.panels if p.spec.key == "senders")
    panel.export_button.menu().actions()[1].trigger()  # 导出为 SVG…
    assert (tmp_path / "来文单位.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    from pypdf import PdfReader

    words = "".join(page.extract_text() for page in PdfReader(tmp_path / "图表.pdf").pages)
    assert "图表（2026年10月）" in words and "督办按期办结率" in words


def test_start_up_does_not_import_matplotlib():
    code = "import sys, desktop.ui.mainwindow, desktop.ui.tabs; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# a fresh process: the main window on a new database, as a user starts it
WINDOW = r"""
import sys, tempfile, time
from pathlib import Path
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from desktop.services.store import open_store
from desktop.ui.app import make_app
from desktop.ui.mainwindow import MainWindow

db = Path(tempfile.mkdtemp()) / "office.db"
open_store(db).close()
app = make_app()
MainWindow.ask_hospital_name = lambda self, **_kw: None
window = MainWindow(QSettings(str(db.with_suffix(".ini")), QSettings.Format.IniFormat))
window.show()
assert window.open_database(db, create=False)


def wait_for_matplotlib():
    deadline = time.monotonic() + 60
    while "matplotlib.figure" not in sys.modules and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
"""

PREWARM = WINDOW + r"""
app.processEvents()
print("at open", "matplotlib" in sys.modules)
wait_for_matplotlib()
print("later", "matplotlib.figure" in sys.modules, window.tabs.currentIndex())
"""

TYPING = WINDOW + r"""
end = time.monotonic() + 3  # three seconds of keys, one every 0.1 s: never idle for 1.5 s
while time.monotonic() < end:
    QTest.keyClick(window.search_box, Qt.Key.Key_A)
    app.processEvents()
    time.sleep(0.1)
print("typing", "matplotlib.figure" in sys.modules)
wait_for_matplotlib()
print("idle", "matplotlib.figure" in sys.modules)
"""


def _lines(script: str, *starts: str) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env,
                         cwd=Path(__file__).resolve().parents[2], timeout=120)
    return [line for line in out.stdout.splitlines() if line.startswith(starts)]


def test_matplotlib_is_loaded_in_the_background_after_the_window_opens():
    # the first click on 图表 should not pay ~0.9 s of imports: they are made on a thread
    # once the user leaves the window alone after the database opens
    assert _lines(PREWARM, "at open", "later") == ["at open False", "later True 0"]


def test_matplotlib_waits_while_the_user_types():
    # the import holds the GIL: made while the user works, it slowed what they did by 0.3 s
    assert _lines(TYPING, "typing", "idle") == ["typing False", "idle True"]
