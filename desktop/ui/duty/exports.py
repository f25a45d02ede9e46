"""The 值班 tab's 导出 menu: the shown month's roster as PDF, Excel or a calendar (.ics); a
holiday roster for a date range (春节, 国庆: the month's holiday offered, a day either side);
the duty log of a period as PDF. Paths are asked the way the whole program asks them
(ui.dialogs); a file that could not be written is one Chinese message."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QMenu, QPushButton, QWidget

from desktop.ui.duty.forms import FormDialog

if TYPE_CHECKING:
    from desktop.ui.duty.tab import DutyTab

KINDS = {".pdf": ("PDF 文件 (*.pdf)", "值班表"), ".xlsx": ("Excel 文件 (*.xlsx)", "值班表"),
         ".ics": ("日历文件 (*.ics)", "值班日历")}


def ask_save_path(parent: QWidget, title: str, name: str, pattern: str) -> str:
    """The save dialog (tests replace this); "" when cancelled."""
    from desktop.ui.dialogs import ask_save_file

    return ask_save_file(parent, title, name, pattern)


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("yyyy年M月d日")
    edit.setCalendarPopup(True)
    return edit


class PeriodDialog(FormDialog):
    """From … to …, and for a roster the kind of file."""

    def __init__(self, title: str, start: dt.date, end: dt.date, kinds: bool, parent: QWidget | None = None) -> None:
        super().__init__(title, self._check, parent)
        self.start = self.add("从(&F)：", "start", _date_edit(start))
        self.end = self.add("到(&T)：", "end", _date_edit(end))
        self.kind = QComboBox()
        for suffix, label in ((".pdf", "PDF（张贴、打印）"), (".xlsx", "Excel"), (".ics", "日历 (.ics)")):
            self.kind.addItem(label, suffix)
        if kinds:
            self.add("格式(&K)：", "kind", self.kind)
        self.resize(360, 0)

    def values(self) -> dict:
        return {"start": self.start.date().toPython(), "end": self.end.date().toPython(),
                "kind": self.kind.currentData()}

    @staticmethod
    def _check(values: dict, on_error: Callable) -> SimpleNamespace:
        from desktop.services.duty.export import check_range
        from desktop.services.errors import ServiceError

        try:
            check_range(values["start"], values["end"])
        except ServiceError as exc:
            on_error(exc)
            return SimpleNamespace(ok=False)
        return SimpleNamespace(ok=True)

    @staticmethod
    def ask(parent: QWidget, title: str, start: dt.date, end: dt.date, kinds: bool = False) -> dict | None:
        dialog = PeriodDialog(title, start, end, kinds, parent)
        return dialog.values() if FormDialog.run(dialog) else None


def install(tab: DutyTab, button: QPushButton) -> QMenu:
    menu = QMenu(button)
    menu.addAction("值班表 PDF(&P)…", lambda: export_month(tab, ".pdf"))
    menu.addAction("值班表 Excel(&X)…", lambda: export_month(tab, ".xlsx"))
    menu.addAction("日历 .ics(&C)…", lambda: export_month(tab, ".ics"))
    menu.addSeparator()
    menu.addAction("节假日值班表(&H)…", lambda: export_holiday(tab))
    menu.addAction("值班日志 PDF(&L)…", lambda: export_log(tab))
    button.setMenu(menu)
    return menu


def export_month(tab: DutyTab, kind: str) -> None:
    from desktop.services.duty.period import month_bounds

    year, month = tab.year_month
    name = f"行政总值班表{year}年{month}月{kind}" if kind != ".ics" else f"行政总值班{year}年{month}月.ics"
    _export_roster(tab, *month_bounds(year, month), kind, name)


def export_holiday(tab: DutyTab) -> None:
    from desktop.services.duty.export import holiday_range

    start, end = holiday_range(tab.first)
    picked = PeriodDialog.ask(tab, "节假日值班表", start, end, kinds=True)
    if picked is not None:
        start, end = picked["start"], picked["end"]
        _export_roster(tab, start, end, picked["kind"], f"行政总值班表{start:%Y%m%d}-{end:%Y%m%d}{picked['kind']}")


def _export_roster(tab: DutyTab, start: dt.date, end: dt.date, kind: str, name: str) -> None:
    from desktop.reports.duty_files import write_roster

    pattern, what = KINDS[kind]
    path = ask_save_path(tab, "导出值班表", name, pattern)
    if path:
        _guarded(tab, lambda: tab.ctx.ops.read(lambda s: write_roster(s, start, end, Path(path))), path, what)


def export_log(tab: DutyTab) -> None:
    from desktop.services.duty.period import month_bounds

    start, end = month_bounds(*tab.year_month)
    picked = PeriodDialog.ask(tab, "打印值班日志", start, end)
    if picked is None:
        return
    start, end = picked["start"], picked["end"]
    from desktop.reports.duty_files import write_log

    path = ask_save_path(tab, "导出值班日志", f"行政总值班日志{start:%Y%m%d}-{end:%Y%m%d}.pdf", "PDF 文件 (*.pdf)")
    if path:
        _guarded(tab, lambda: tab.ctx.ops.read(lambda s: write_log(s, start, end, Path(path))), path, "值班日志")


def _guarded(tab: DutyTab, write: Callable[[], object], path: str, what: str) -> None:
    from desktop.services.errors import ServiceError
    from desktop.ui.dialogs import announce_saved
    from desktop.ui.errors import show_error

    try:
        write()
    except ServiceError as exc:  # a full disk, a file open in Excel: one Chinese line
        show_error(tab, exc)
        return
    announce_saved(tab, path, what)
