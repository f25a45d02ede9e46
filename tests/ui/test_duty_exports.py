"""The 值班 tab's 导出 menu driven by keys: Space on 导出 opens it, a menu letter picks the export;
the month's Excel and calendar, the 国庆 roster for the offered range (a wrong range refused
beside the field), and the month's duty log; every file read back."""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.services import clock, workcal
from desktop.services.duty import log, plan
from desktop.services.duty.grid import month_grid
from desktop.ui.duty import exports
from desktop.ui.duty.forms import FormDialog
from desktop.ui.duty.tab import DutyTab
from tests.ui.duty_helpers import fill_office

# an open menu asks the offscreen platform for the keyboard and to be raised: it cannot, and says so
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (grabbing the keyboard|raise)")


@pytest.fixture(autouse=True)
def _calendar_and_clock():
    workcal.set_overrides({})
    with clock.frozen(dt.datetime(2026, 10, 5, 9)):
        yield
    workcal.set_overrides({})


@pytest.fixture
def tab(qtbot, ctx, monkeypatch, tmp_path):
    fill_office(ctx.store)
    with ctx.store.write() as s:
        plan.regenerate(s, dt.date(2026, 9, 1), dt.date(2026, 10, 31))
        log.add_entry(s, dt.date(2026, 10, 3), 4, "门诊楼电梯困人", "联系电梯维保，22:30解困", "钱书记", "吴芳",
                      at=dt.datetime(2026, 10, 3, 22, 5))
    widget = DutyTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    widget.saved = []  # the names the save dialog proposed
    widget.asked = []  # what each save dialog was titled

    def save(parent, title, name, pattern):
        widget.saved.append(name)
        widget.asked.append((title, pattern))
        return str(tmp_path / name)

    monkeypatch.setattr(exports, "ask_save_path", save)
    return widget


def _menu_pick(qtbot, tab, key) -> None:
    """Space on 导出 opens its menu (which runs its own loop); once it shows, the menu letter
    is typed into it."""
    def pick():
        menu = QApplication.activePopupWidget()
        assert menu is tab.export_menu
        qtbot.keyClick(menu, key)

    def shown():
        tab.export_menu.aboutToShow.disconnect(shown)
        QTimer.singleShot(0, pick)

    tab.export_menu.aboutToShow.connect(shown)
    tab.export_button.setFocus()
    qtbot.keyClick(tab.export_button, Qt.Key.Key_Space)
    QApplication.processEvents()  # the button opens its menu from the event loop


def _text(path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(str(path)).pages)


def test_the_menu_offers_the_exports(tab):
    assert tab.export_button.text() == "导出(&E)"
    assert [a.text() for a in tab.export_menu.actions()] == [
        "值班表 PDF(&P)…", "值班表 Excel(&X)…", "日历 .ics(&C)…", "", "节假日值班表(&H)…", "值班日志 PDF(&L)…"]


def test_month_excel_and_calendar(qtbot, tab, ctx, tmp_path):
    _menu_pick(qtbot, tab, Qt.Key.Key_X)
    assert tab.saved == ["行政总值班表2026年10月.xlsx"]
    assert tab.asked == [("导出值班表", "Excel 文件 (*.xlsx)")]
    ws = load_workbook(tmp_path / "行政总值班表2026年10月.xlsx").active
    with ctx.store.read() as s:
        grid = month_grid(s, 2026, 10)
    assert ws["A1"].value == "行政总值班表 2026年10月"
    assert [c.value for c in ws[3]][:3] == [dt.datetime(2026, 10, 1), "四", "国庆节"]
    assert [[c.value for c in row][3:] for row in ws.iter_rows(min_row=3, max_row=33)] == [
        [v for c in d.cells for v in (c.name, c.phone)] for d in grid.days]

    _menu_pick(qtbot, tab, Qt.Key.Key_C)
    assert tab.saved[-1] == "行政总值班2026年10月.ics"
    cal = icalendar.Calendar.from_ical((tmp_path / "行政总值班2026年10月.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 124
    first = next(e for e in events if str(e["UID"]) == "20261001-s3-r1@duty.yuanbantong")  # 10-01 白班 带班领导
    assert str(first["SUMMARY"]) == f"行政总值班·带班领导 {grid.days[0].cells[0].name}"
    assert first.decoded("DTSTART").isoformat() == "2026-10-01T08:00:00+08:00"


def _fill_period(qtbot, dialog, seen: list, wrong_first: bool = False, kind_down: int = 0) -> int:
    qtbot.addWidget(dialog)
    dialog.show()
    seen.append((dialog.windowTitle(), dialog.start.text(), dialog.end.text()))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    if wrong_first:  # the end a month back, before the start: refused beside 到
        dialog.end.setFocus()
        qtbot.keyClick(dialog.end, Qt.Key.Key_End)
        for _ in range(3):  # past 日 and the day: into the month
            qtbot.keyClick(dialog.end, Qt.Key.Key_Left)
        qtbot.keyClick(dialog.end, Qt.Key.Key_Down)
        seen.append(dialog.end.text())
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen.append(dialog.errors["end"].text())
        qtbot.keyClick(dialog.end, Qt.Key.Key_Up)
    for _ in range(kind_down):
        dialog.kind.setFocus()
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return dialog.result()


def test_national_day_roster_for_the_offered_range(qtbot, tab, monkeypatch, tmp_path):
    seen: list = []
    monkeypatch.setattr(FormDialog, "run", staticmethod(lambda d: _fill_period(qtbot, d, seen, wrong_first=True)))
    _menu_pick(qtbot, tab, Qt.Key.Key_H)
    assert seen == [("节假日值班表", "2026年9月30日", "2026年10月8日"), "2026年9月8日",
                    "结束日期 2026-09-08 早于开始日期 2026-09-30。"]
    assert tab.saved == ["行政总值班表20260930-20261008.pdf"]
    text = _text(tmp_path / "行政总值班表20260930-20261008.pdf")
    assert text.startswith("2026年国庆节假期行政总值班表（2026年9月30日至10月8日）")
    assert "9月30日三" in text and "10月8日四" in text and "10月9日" not in text

    seen.clear()
    monkeypatch.setattr(FormDialog, "run", staticmethod(lambda d: _fill_period(qtbot, d, seen, kind_down=2)))
    _menu_pick(qtbot, tab, Qt.Key.Key_H)
    assert tab.saved[-1] == "行政总值班表20260930-20261008.ics"
    cal = icalendar.Calendar.from_ical((tmp_path / "行政总值班表20260930-20261008.ics").read_bytes())
    days = {e.decoded("DTSTART").date() for e in cal.walk("VEVENT")}
    assert min(days) == dt.date(2026, 9, 30) and max(days) == dt.date(2026, 10, 8) and len(days) == 9


def test_duty_log_of_the_month(qtbot, tab, monkeypatch, tmp_path):
    seen: list = []
    monkeypatch.setattr(FormDialog, "run", staticmethod(lambda d: _fill_period(qtbot, d, seen)))
    _menu_pick(qtbot, tab, Qt.Key.Key_L)
    assert seen == [("打印值班日志", "2026年10月1日", "2026年10月31日")]
    assert tab.saved == ["行政总值班日志20261001-20261031.pdf"]
    text = _text(tmp_path / "行政总值班日志20261001-20261031.pdf")
    assert text.startswith("行政总值班日志期间：2026年10月共1条")
    assert "10月3日夜班" in text and "22:05门诊楼电梯困人联系电梯维保，22:30解困钱书记吴芳" in text


def test_a_cancelled_period_writes_nothing(qtbot, tab, monkeypatch):
    monkeypatch.setattr(FormDialog, "run", staticmethod(lambda d: 0))
    _menu_pick(qtbot, tab, Qt.Key.Key_L)
    assert tab.saved == []
