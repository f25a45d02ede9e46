"""Filter bar and register view shared by every tab."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.register.model import RegisterModel


class OptionalDate(QWidget):
    """A date that can be left empty (a check box turns it on)."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(label)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.check)
        lay.addWidget(self.edit)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(lambda _d: self.check.isChecked() and self.changed.emit())

    def value(self) -> dt.date | None:
        return self.edit.date().toPython() if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))
        self.check.setChecked(value is not None)


class FilterBar(QWidget):
    """Text, date range and per-tab fields; ``changed`` fires 250 ms after the last edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("搜索标题、单位、文号、附件内容（Ctrl+F）")
        self.text.setClearButtonEnabled(True)
        self.date_from = OptionalDate("从")
        self.date_to = OptionalDate("至")
        self.count = QLabel()
        self._row1 = QHBoxLayout()
        self._row1.addWidget(self.text, 3)
        self._row1.addWidget(self.date_from)
        self._row1.addWidget(self.date_to)
        self._row2 = QHBoxLayout()
        self._row2.addStretch(1)
        self._row2.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self._row1)
        lay.addLayout(self._row2)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.changed)
        self.text.textChanged.connect(self.schedule)
        self.date_from.changed.connect(self.schedule)
        self.date_to.changed.connect(self.schedule)

    def add_field(self, label: str, widget: QWidget) -> None:
        """Per-tab fields go on the second row, before the count."""
        if label:
            self._row2.insertWidget(self._row2.count() - 2, QLabel(label))
        self._row2.insertWidget(self._row2.count() - 2, widget)

    def schedule(self) -> None:
        self._timer.start()

    def apply_now(self) -> None:
        self._timer.stop()
        self.changed.emit()

    def set_count(self, shown: int) -> None:
        self.count.setText(f"共 {shown:,} 条")


class RegisterTable(QTableView):
    """The register's table; when it has no rows it says why, and what to do next."""

    def empty_message(self) -> str:
        model = self.model()
        if model is None or model.rowCount() > 0:
            return ""
        return model.empty_text()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.empty_message()
        if text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24), flags, text)
            painter.end()


class RegisterView(QWidget):
    """Filter bar above, table left, detail form right. Keyboard-first."""

    current_changed = Signal(object)  # id or None
    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, model: RegisterModel, filter_bar: FilterBar, detail: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter_bar = filter_bar
        self.table = RegisterTable()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        order = Qt.SortOrder.DescendingOrder if model.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(model.sort_column, order)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.activated.connect(lambda idx: self.open_requested.emit(model.id_at(idx.row())))
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        model.reloaded.connect(self.filter_bar.set_count)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 460])
        self.splitter = splitter
        lay = QVBoxLayout(self)
        lay.addWidget(filter_bar)
        lay.addWidget(splitter, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_filter)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_requested.emit)

    def set_column_widths(self, chars: list[int]) -> None:
        em = self.fontMetrics().horizontalAdvance("汉")
        for col, n in enumerate(chars):
            self.table.setColumnWidth(col, int(n * em * 0.75) + 12)

    def focus_filter(self) -> None:
        self.filter_bar.text.setFocus()
        self.filter_bar.text.selectAll()

    def current_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.id_at(idx.row()) if idx.isValid() else None

    def select_id(self, doc_id: int) -> bool:
        row = self.model.row_of(doc_id)
        if row < 0:
            return False
        idx = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(idx)
        return True

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(self.model.id_at(current.row()) if current.isValid() else None)
