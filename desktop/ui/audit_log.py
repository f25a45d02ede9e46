"""设置 → 操作日志: the whole history, filtered by date, operator, kind and words; exportable.

A QDialog over services.history.search_log; the export is reports.audit_xlsx of the rows
shown. The lead wires it into the 设置 menu.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.history import HistoryModel, history_table
from desktop.ui.messages import Messages

if TYPE_CHECKING:
    from desktop.services.history import HistoryRow, LogFilter
    from desktop.ui.ops import AppContext

LOG_COLUMNS = (("序号", "entry"), ("时间", "at"), ("操作人", "actor"), ("编号", "number"), ("操作", "action"),
               ("字段", "field"), ("原值", "old"), ("新值", "new"))
ALL = "全部"
DEFAULT_DAYS = 30


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AuditLogDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from desktop.services import clock
        from desktop.services.history import KIND_NAMES

        super().__init__(parent)
        self._ctx = ctx
        self._rows: list[HistoryRow] = []
        self.setWindowTitle("操作日志")
        self.resize(1100, 640)
        today = clock.today()
        self.date_from = QDateEdit(_qdate(today - dt.timedelta(days=DEFAULT_DAYS)), self)
        self.date_to = QDateEdit(_qdate(today), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.actor = QComboBox(self)
        self.actor.setEditable(True)
        self.kind = QComboBox(self)
        self.kind.addItem(ALL, "")
        for key, name in KIND_NAMES.items():
            self.kind.addItem(name, key)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("编号、操作或内容中的字词")
        self.search_button = QPushButton("查询", self)
        self.export_button = QPushButton("导出 Excel…", self)
        self.count = QLabel(self)
        self.model = HistoryModel(LOG_COLUMNS, self)
        self.table = history_table(self.model, self)
        self._layout()
        self.search_button.clicked.connect(self.search)
        self.text.returnPressed.connect(self.search)
        self.export_button.clicked.connect(self.export)
        self._fill_actors()
        self.search()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for label, widget in (("从", self.date_from), ("到", self.date_to), ("操作人", self.actor),
                              ("类别", self.kind), ("内容", self.text)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(widget)
        bar.addWidget(self.search_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addLayout(bottom)

    def _fill_actors(self) -> None:
        from desktop.services.history import log_actors

        self.actor.addItem(ALL)
        self.actor.addItems(self._ctx.ops.read(log_actors))

    def current_filter(self) -> LogFilter:
        from desktop.services.history import LogFilter

        actor = self.actor.currentText().strip()
        return LogFilter(date_from=self.date_from.date().toPython(), date_to=self.date_to.date().toPython(),
                         actor="" if actor == ALL else actor, kind=self.kind.currentData() or "",
                         text=self.text.text())

    def search(self) -> None:
        from desktop.services.history import LOG_LIMIT, search_log

        f = self.current_filter()
        self._rows = self._ctx.ops.read(lambda s: search_log(s, f))
        self.model.set_rows(self._rows)
        self.table.resizeColumnsToContents()
        entries = len({r.entry for r in self._rows})
        more = f"（只显示最近的 {LOG_LIMIT} 条，请缩小范围）" if entries >= LOG_LIMIT else ""
        self.count.setText(f"共 {entries} 条操作，{len(self._rows)} 行{more}")
        self.export_button.setEnabled(bool(self._rows))

    @staticmethod
    def ask_path(parent: QWidget | None, suggested: str) -> Path | None:
        """Where to save the export (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(parent, "导出操作日志", suggested, "Excel 工作簿 (*.xlsx)")
        if not name:
            return None
        return Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")

    def export(self) -> None:
        from desktop.reports.audit_xlsx import export_audit_xlsx
        from desktop.services.errors import ServiceError

        path = AuditLogDialog.ask_path(self, str(self._ctx.path.with_name("操作日志.xlsx")))
        if path is None:
            return
        try:
            export_audit_xlsx(self._rows, path)
        except ServiceError as exc:
            Messages.error(self, exc.message)
            return
        Messages.info(self, f"已导出 {path}")
