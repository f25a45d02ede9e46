"""历史: the changes of one record, read-only (time, who, action, field, old → new).

Reads services.history through ctx.ops.read and reloads whenever the bus announces a
change of the record's kind. The lead wires it into the 收文 detail tabs.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from desktop.services.history import HistoryRow
    from desktop.ui.ops import AppContext

Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    """Plain rows (services.history.HistoryRow), columns chosen by attribute name."""

    def __init__(self, columns: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)  # (header, HistoryRow attribute)
        self._rows: list[HistoryRow] = []

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> HistoryRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return str(getattr(self._rows[index.row()], self._columns[index.column()][1]))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0]
        return None


def history_table(model: HistoryModel, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


RECORD_COLUMNS = (("时间", "at"), ("操作人", "actor"), ("操作", "action"), ("字段", "field"),
                  ("原值", "old"), ("新值", "new"))


class RecordHistory(QWidget):
    """The 历史 of one record (kind as in services.records: "incoming", …; None: nothing shown)."""

    def __init__(self, ctx: AppContext, kind: str, record_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._kind, self._record_id = ctx, kind, record_id
        self.model = HistoryModel(RECORD_COLUMNS, self)
        self.table = history_table(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        ctx.bus.changed.connect(self._on_changed)
        self.reload()

    def show_record(self, record_id: int | None) -> None:
        self._record_id = record_id
        self.reload()

    def reload(self) -> None:
        from desktop.services.history import record_history

        if self._record_id is None:
            self.model.set_rows([])
            return
        kind, record_id = self._kind, self._record_id
        self.model.set_rows(self._ctx.ops.read(lambda s: record_history(s, kind, record_id)))
        self.table.resizeColumnsToContents()

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if self._kind in kinds and not self._ctx.closed:
            self.reload()
