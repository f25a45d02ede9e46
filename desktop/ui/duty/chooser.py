"""Choosing who takes a cell: the role's pool with their counts, typing filters by name or
department, and the conflicts of the highlighted person shown at once in Chinese."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.duty.rows_model import PlainRowsModel

if TYPE_CHECKING:
    from desktop.services.duty.choose import Candidate

COLUMNS = (
    ("姓名", lambda c: c.name),
    ("科室", lambda c: c.department),
    ("本月", lambda c: c.month.total),
    ("本月夜班", lambda c: c.month.night),
    ("本月休息日", lambda c: c.month.rest),
    ("一年内", lambda c: c.rolling.total),
    ("一年内休息日", lambda c: c.rolling.rest),
    ("冲突", lambda c: "；".join(c.conflicts)),
)


class PersonChooser(QDialog):
    def __init__(self, title: str, candidates: Sequence[Candidate], current: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 460)
        self.model = PlainRowsModel(COLUMNS, self)
        self.model.set_rows(candidates)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setFilterKeyColumn(-1)  # 姓名 or 科室 (or any column) contains the text
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("输入姓名或科室筛选，↓ 选择，回车确定")
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.conflict = QLabel()
        self.conflict.setWordWrap(True)
        self.conflict.setStyleSheet("color: #B00000;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("值班人员（本月次数少的在前；有冲突的在后，仍可选择）："))
        lay.addWidget(self.filter)
        lay.addWidget(self.table)
        lay.addWidget(self.conflict)
        lay.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_conflict())
        self.table.doubleClicked.connect(lambda *_: self.accept())
        self.filter.installEventFilter(self)
        self._select(current)

    def _select(self, staff_id: int | None) -> None:
        row = next((i for i, c in enumerate(self.model.rows) if c.staff_id == staff_id), 0)
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        self._show_conflict()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._show_conflict()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):  # arrows move in the list
                self.table.setFocus()
                self.table.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

    def chosen(self) -> Candidate | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def _show_conflict(self) -> None:
        c = self.chosen()
        if c is None:
            self.conflict.setText("没有符合的人员。")
        elif c.conflicts:
            self.conflict.setText(f"{c.name}：{'；'.join(c.conflicts)}。")
        else:
            self.conflict.setText("")

    @staticmethod
    def ask(parent: QWidget | None, title: str, candidates: Sequence[Candidate],
            current: int | None = None) -> Candidate | None:
        dialog = PersonChooser(title, candidates, current, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
