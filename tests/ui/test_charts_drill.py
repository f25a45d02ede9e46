"""Drill-down from the 督办 and 值班 charts (the office of tests/services/stats/conftest.py,
today 2026-11-20, October judged as of 10-31): a bar or a key figure opens the 督办
register with exactly the items counted, or the 值班 grid with exactly the person's
duties selected — by mouse and by arrow keys + Enter.

October by hand: 医务部 S1 on time, S2 late, S3 overdue (due or done 3, overdue 1);
护理部 S4 not due, S5 overdue (due or done 1, overdue 1). 值班: 甲 (带班领导) 10-01, 10-09;
乙 (总值班) 10-01, 10-09, 10-31."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_charts_tab import _charts, _click_artist, _october, _settled, office_window

RESTORE = "；修改筛选条件后恢复普通筛选"


@pytest.fixture
def window(qtbot, settings, tmp_path):
    with office_window(qtbot, settings, tmp_path) as w:
        yield w


def _supervision(qtbot, w):
    qtbot.waitUntil(lambda: w.slots[3].content.isVisible())  # a tab built on the way is shown after
    return w.slots[3].content


def _duty(qtbot, w):
    qtbot.waitUntil(lambda: w.slots[2].content.isVisible())
    return w.slots[2].content


def _panel(qtbot, tab, key):
    panel = next(p for p in tab.panels if p.spec.key == key)
    tab.scroll.ensureWidgetVisible(panel)  # a chart out of view is drawn when it comes into view
    _settled(qtbot, tab)
    assert panel.canvas is not None
    return panel


def _target(panel, label):
    return next(a for a, (text, _v, _f) in panel.chart.targets.items() if text == label)


def _numbers(sup):
    return [sup.model.index(r, 0).data() for r in range(sup.model.rowCount())]


def test_a_departments_overdue_bar_lists_its_overdue_items(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    panel = _panel(qtbot, tab, "supervision")
    _click_artist(qtbot, panel.canvas, _target(panel, "2026年10月 医务部 逾期未办结（截至10月31日）"))
    assert window.tabs.currentIndex() == 3
    sup = _supervision(qtbot, window)
    bar = sup.filter_bar
    assert bar.count.text() == "共 1 条"
    assert _numbers(sup) == ["督〔2026〕3号"]
    assert bar.department.currentText() == "医务部" and bar.leaves_only.isChecked()
    assert bar.origin.isVisible()
    assert bar.origin.text() == "来自图表：2026年10月 医务部 逾期未办结（截至10月31日）" + RESTORE


def test_the_supervision_bars_by_arrow_keys_and_enter(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    panel = _panel(qtbot, tab, "supervision")
    panel.canvas.setFocus()
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)  # the top row (worst first): 护理部, its rate
    assert panel.status.text() == (
        "已选：2026年10月 护理部 已到期或已办结（按期办结率 0.0%：按期 0 项，截至10月31日） 1 项（回车打开）")
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    assert panel.status.text() == "已选：2026年10月 护理部 逾期未办结（截至10月31日） 1 项（回车打开）"
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    assert panel.status.text() == (
        "已选：2026年10月 医务部 已到期或已办结（按期办结率 33.3%：按期 1 项，截至10月31日） 3 项（回车打开）")
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 3
    sup = _supervision(qtbot, window)
    assert sup.filter_bar.count.text() == "共 3 条"
    assert sorted(_numbers(sup)) == ["督〔2026〕1号", "督〔2026〕2号", "督〔2026〕3号"]


def test_the_supervision_key_figures_open_their_items(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    for index, expected, what in (
            (4, "共 2 条", "督办逾期未办结（截至10月31日）"),
            (5, "共 4 条", "督办已到期或已办结的事项（按期办结 1 项、逾期办结 1 项、逾期未办结 2 项；截至10月31日）")):
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        button = tab.figures.buttons[index]
        assert button.toolTip() == "打开督办登记簿，列出这些事项（回车）"
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
        assert window.tabs.currentIndex() == 3
        bar = _supervision(qtbot, window).filter_bar
        assert bar.count.text() == expected
        assert bar.origin.text() == f"来自图表：2026年10月 {what}" + RESTORE


def test_the_supervision_line_goes_when_the_filter_is_changed(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    qtbot.keyClick(tab.figures.buttons[4], Qt.Key.Key_Space)
    bar = _supervision(qtbot, window).filter_bar
    assert bar.count.text() == "共 2 条"
    qtbot.mouseClick(bar.reset_button, Qt.MouseButton.LeftButton)  # 清除: every item
    assert not bar.origin.isVisible()
    assert bar.count.text() == "共 6 条"


def _marked(duty):
    """The selected grid cells as (日期, the name shown)."""
    cells = sorted(duty.view.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
    return [(duty.model.index(i.row(), 0).data(), i.data()) for i in cells]


def _counts_row(duty):
    rows = duty.counts.view.selectionModel().selectedRows()
    return [(duty.counts.model.index(r.row(), 0).data(), duty.counts.model.index(r.row(), 1).data()) for r in rows]


def test_a_persons_duty_bar_marks_their_duties_of_the_month(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    panel = _panel(qtbot, tab, "duty")
    _click_artist(qtbot, panel.canvas, _target(panel, "2026年10月 总值班 乙 值班"))
    assert window.tabs.currentIndex() == 2
    duty = _duty(qtbot, window)
    assert duty.month_edit.text() == "2026年10月"
    assert _marked(duty) == [("10月1日", "乙"), ("10月9日", "乙"), ("10月31日", "乙")]  # the bar's 3
    assert duty.side.currentWidget() is duty.counts
    assert _counts_row(duty) == [("总值班", "乙")]
    assert duty.drill_note.isVisible()
    assert duty.drill_note.text() == "来自图表：2026年10月 总值班 乙 值班；已在值班表中选中 3 个班次"
    qtbot.keyClick(duty.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # another month
    assert duty.month_edit.text() == "2026年11月"
    assert not duty.drill_note.isVisible()


def test_a_duty_bar_by_keyboard_for_a_quarter(qtbot, window):
    tab = _charts(window)
    _october(qtbot, tab)
    tab.picker.kind.setFocus()
    qtbot.keyClick(tab.picker.kind, Qt.Key.Key_Down)  # 月 → 季度: 2026年第4季度
    _settled(qtbot, tab)
    panel = _panel(qtbot, tab, "duty")
    panel.canvas.setFocus()
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    assert panel.status.text() == "已选：2026年第4季度 带班领导 甲 值班 2 次（回车打开）"
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Return)
    duty = _duty(qtbot, window)
    assert window.tabs.currentIndex() == 2
    assert _marked(duty) == [("10月1日", "甲"), ("10月9日", "甲")]
    assert duty.drill_note.text() == ("来自图表：2026年第4季度 带班领导 甲 值班；已在值班表中选中 2 个班次；"
                                      "期间共 3 个月，这里只标出第一个月（2026年10月）")
