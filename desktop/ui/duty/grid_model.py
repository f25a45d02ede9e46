"""The month grid as a table model of plain data (services.duty.grid.MonthGrid).

Rows are days; columns are 日期, 星期, 备注, then each shift position of a day (白天: 午班
or 白班; 夜间: 夜班) × each role, as on the posted roster. The day's kind is shown in
colour and in words (the 备注 column), so it reads on a black-and-white screen too.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

if TYPE_CHECKING:
    from desktop.services.duty.grid import GridCell, GridDay, MonthGrid

_ROOT = QModelIndex()
FIXED = ("日期", "星期", "备注")
LOCK = "［锁］"
WARN = "！"
# day kind -> (background, what the 备注 column says when there is no holiday name)
KIND_COLOURS = {"holiday": "#F9D6D5", "rest": "#DCE8F7", "makeup": "#FFF0B8", "workday": "#FFFFFF"}
KIND_WORDS = {"holiday": "节假日", "rest": "休息日", "makeup": "调休上班", "workday": ""}
_CONFLICT = QBrush(QColor("#B00000"))


def day_mark(day: GridDay) -> str:
    if day.kind == "holiday":
        return day.holiday or "节假日"
    return KIND_WORDS.get(day.kind, "")


def positions(grid: MonthGrid) -> list[str]:
    """Column groups: the k-th shift of a day, named by the shifts found there (午班/白班)."""
    names: list[list[str]] = []
    for day in grid.days:
        seen: list[str] = []
        for cell in day.cells:
            if cell.shift not in seen:
                seen.append(cell.shift)
        for k, name in enumerate(seen):
            if k == len(names):
                names.append([])
            if name not in names[k]:
                names[k].append(name)
    return ["/".join(n) for n in names]


def _by_position(day: GridDay) -> dict[tuple[int, int], GridCell]:
    order: list[int] = []
    out: dict[tuple[int, int], GridCell] = {}
    for cell in day.cells:
        if cell.shift_id not in order:
            order.append(cell.shift_id)
        out[(order.index(cell.shift_id), cell.role_id)] = cell
    return out


class MonthGridModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.grid: MonthGrid | None = None
        self._positions: list[str] = []
        self._roles: list[tuple[int, str]] = []
        self._cells: list[dict[tuple[int, int], GridCell]] = []

    def set_grid(self, grid: MonthGrid) -> None:
        self.beginResetModel()
        self.grid = grid
        self._positions = positions(grid)
        self._roles = [(r.id, r.name) for r in grid.roles]
        self._cells = [_by_position(d) for d in grid.days]
        self.endResetModel()

    def cell_at(self, row: int, column: int) -> GridCell | None:
        """The roster cell shown at (row, column); None for the date columns or no shift."""
        if self.grid is None or not 0 <= row < len(self._cells) or column < len(FIXED):
            return None
        k, r = divmod(column - len(FIXED), max(1, len(self._roles)))
        if k >= len(self._positions):
            return None
        return self._cells[row].get((k, self._roles[r][0]))

    def day_at(self, row: int) -> GridDay | None:
        return self.grid.days[row] if self.grid is not None and 0 <= row < len(self.grid.days) else None

    def find(self, day, shift_id: int, role_id: int) -> QModelIndex:
        for row, cells in enumerate(self._cells):
            for (k, rid), cell in cells.items():
                if rid == role_id and cell.shift_id == shift_id and self.grid.days[row].day == day:
                    col = len(FIXED) + k * len(self._roles) + [i for i, _n in self._roles].index(rid)
                    return self.index(row, col)
        return QModelIndex()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.days)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        if parent.isValid() or self.grid is None:
            return 0
        return len(FIXED) + len(self._positions) * len(self._roles)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        day = self.day_at(index.row()) if index.isValid() else None
        if day is None or not 0 <= index.column() < self.columnCount():
            return None
        cell = self.cell_at(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(day, index.column(), cell)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(KIND_COLOURS.get(day.kind, "#FFFFFF")))
        if role == Qt.ItemDataRole.ForegroundRole and cell is not None and cell.conflicts:
            return _CONFLICT
        if role == Qt.ItemDataRole.ToolTipRole and cell is not None:
            return self._tip(day, cell)
        return None

    def _text(self, day: GridDay, column: int, cell: GridCell | None) -> str:
        if column == 0:
            return f"{day.day.month}月{day.day.day}日"
        if column == 1:
            return day.weekday
        if column == 2:
            return day_mark(day)
        if cell is None:
            return ""
        text = cell.name or "—"
        return f"{WARN if cell.conflicts else ''}{text}{LOCK if cell.locked else ''}"

    @staticmethod
    def _tip(day: GridDay, cell: GridCell) -> str:
        lines = [f"{day.day.month}月{day.day.day}日 {cell.shift} {cell.hours} {cell.role}"]
        if cell.name:
            lines.append(f"{cell.name}（{cell.department}）{cell.phone}")
        if cell.locked:
            lines.append("已锁定：重新生成时保留")
        lines += [f"冲突：{c}" for c in cell.conflicts]
        return "\n".join(lines)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if 0 <= section < len(FIXED):
            return FIXED[section]
        k, r = divmod(section - len(FIXED), max(1, len(self._roles)))
        if k < len(self._positions) and r < len(self._roles):
            return f"{self._positions[k]}\n{self._roles[r][1]}"
        return None
