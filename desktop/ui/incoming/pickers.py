"""Small widgets of the 办理 panel: names completed from the directory, the 传阅 list."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from desktop.services.incoming.register import CirculationInfo
from desktop.ui.directory_edit import DirectoryEdit

__all__ = ["CirculationList", "DirectoryEdit"]


def _moment(value: dt.datetime | None) -> str:
    return value.strftime("%m-%d %H:%M") if value else "未退回"


class CirculationList(QWidget):
    """传阅: one row per reader, with 送 and 退 times and its own 收回 button."""

    return_requested = Signal(int)  # circulation id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setVerticalSpacing(2)
        self.buttons: list[QPushButton] = []

    def set_rows(self, rows: Sequence[CirculationInfo], editable: bool) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = []
        self.setVisible(bool(rows))
        if not rows:
            return
        for col, title in enumerate(("传阅人", "送阅", "退回")):
            head = QLabel(title)
            head.setStyleSheet("color: #666;")
            self._grid.addWidget(head, 0, col)
        for i, row in enumerate(rows, start=1):
            self._grid.addWidget(QLabel(row.reader), i, 0)
            self._grid.addWidget(QLabel(_moment(row.handed_at)), i, 1)
            self._grid.addWidget(QLabel(_moment(row.returned_at)), i, 2)
            if row.returned_at is None and editable:
                # Alt+1, Alt+2…: each reader's 收回 is one key away, in the order listed.
                n = len(self.buttons) + 1
                button = QPushButton(f"收回(&{n})" if n < 10 else "收回")
                button.setAccessibleName(f"收回{row.reader}的传阅")
                button.setToolTip(f"{row.reader}已退回，记下退回时间")
                button.setAutoDefault(True)  # Enter presses it, as Space does
                button.clicked.connect(lambda _=False, cid=row.id: self.return_requested.emit(cid))
                self._grid.addWidget(button, i, 3)
                self.buttons.append(button)
        self._grid.setColumnStretch(4, 1)
