"""The 时间线 of one 督办事项: every step, report, reminder and extension at the date it
happened (services.supervision.detail.timeline_of), read-only, oldest first."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.services.supervision.detail import TimelineEntry
from desktop.ui.history import HistoryModel, history_table

COLUMNS = (("日期", "on"), ("环节", "kind"), ("内容", "text"), ("经办人", "actor"))


class Timeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HistoryModel(COLUMNS, self)
        self.table = history_table(self.model, self)
        self.table.setWordWrap(True)
        self.caption = QLabel()
        self.caption.setStyleSheet("color: #555;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.caption)
        lay.addWidget(self.table, 1)

    def set_entries(self, entries: list[TimelineEntry], number: str = "") -> None:
        self.model.set_rows(entries)  # type: ignore[arg-type]  (any rows with those attributes)
        self.caption.setText(f"{number} 的办理经过（共 {len(entries)} 条）" if number else "")
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
