"""A table model over ids kept in SQL order, rows fetched page by page on demand.

Like Anki's browser DataModel: the model holds the ordered ids of the current filter
(an int array) and an LRU cache of display rows for the pages in view. Sorting and
filtering are done by the source, in SQL; no live ORM objects are held.

A reload lists the first FIRST_IDS ids with LIMIT and shows them at once; when there are
more, the whole list (linear in the matches: 250 ms for every 收文 of a 1,000,000-document
register) is made on a worker thread (register/lister.py) and the rest of the rows are
appended when it comes. ``reloaded(n)`` is emitted once the list is complete — the count
is known and every id can be found; anything needing an id past the first page before
then (``row_of``) lists the rest at once.
"""
from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.ui.register.lister import BackgroundLister

PAGE_SIZE = 200
CACHED_PAGES = 16
FIRST_IDS = 200  # ids listed at once on a reload; when there are more, the rest in the background
IdRole = Qt.ItemDataRole.UserRole + 1

# The register's colours, one place: the rows and the legend under the table use these.
OVERDUE_FILL = "#fde2e1"  # row background: past its 办理时限 and not done
DUE_SOON_FILL = "#fff4cc"  # row background: due within the chosen working days
URGENT_TEXT = "#c0392b"  # 特急: red bold text
HURRIED_TEXT = "#b35900"  # 加急: brown-orange text and a ▲ before the number
CANCELLED_TEXT = "#999999"  # 作废: grey struck-out text
HURRIED = "加急"
HURRIED_MARK = "▲ "
_URGENCY_HEADER = "紧急程度"

_OVERDUE = QBrush(QColor(OVERDUE_FILL))
_DUE_SOON = QBrush(QColor(DUE_SOON_FILL))
_URGENT = QBrush(QColor(URGENT_TEXT))
_HURRIED = QBrush(QColor(HURRIED_TEXT))
_CANCELLED = QBrush(QColor(CANCELLED_TEXT))
_ROOT = QModelIndex()


class RowLike(Protocol):
    id: int
    values: tuple
    overdue: bool
    due_soon: bool
    urgent: bool
    cancelled: bool


class RegisterSource(Protocol):
    """What a tab supplies: its columns, and SQL-backed id lists and rows.

    ``reader`` is the read-only connection it lists from; ``list_ids(..., db=other)``
    lists from another (a worker thread's), ``limit`` lists the first ids only."""

    reader: Any

    def headers(self) -> Sequence[str]: ...
    def sort_keys(self) -> Sequence[str | None]: ...
    def list_ids(self, filt: Any, sort_key: str, descending: bool, *,
                 limit: int | None = None, db: Any = None) -> array: ...
    def fetch_rows(self, ids: Sequence[int]) -> dict[int, RowLike]: ...
    def empty_text(self, filt: Any) -> str: ...  # shown in an empty table: none yet, or none match


class RegisterModel(QAbstractTableModel):
    reloaded = Signal(int)  # every matching id listed after a reload: the row count

    def __init__(self, source: RegisterSource, filt: Any, parent=None, *,
                 sort_column: int = 1, descending: bool = True) -> None:
        super().__init__(parent)
        self._source = source
        self._headers = list(source.headers())
        self._sort_keys = list(source.sort_keys())
        self._filter = filt
        self.sort_column = sort_column
        self._sort_key = self._sort_keys[sort_column] or next(k for k in self._sort_keys if k)
        self._descending = descending
        # 加急 is read from the 紧急程度 column (rows flag only 特急 as ``urgent``)
        self._urgency_col = self._headers.index(_URGENCY_HEADER) if _URGENCY_HEADER in self._headers else -1
        self._loaded = False
        self._ids: array = array("q")
        self._pages: OrderedDict[int, dict[int, RowLike]] = OrderedDict()
        self._complete = True  # False while the rest of the ids are listed in the background
        self._generation = 0  # reloads so far: a late list for an older one is dropped
        self._lister: BackgroundLister | None = None  # made on the first long listing

    # --- loading ---------------------------------------------------------------

    def set_filter(self, filt: Any) -> None:
        self._filter = filt
        self.reload()

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def filter(self) -> Any:
        return self._filter

    def empty_text(self) -> str:
        return self._source.empty_text(self._filter)

    @property
    def complete(self) -> bool:
        """Whether every matching id is listed (False while the rest are listed)."""
        return self._complete

    def reload(self) -> None:
        self._generation += 1
        filt, key, descending, source = self._filter, self._sort_key, self._descending, self._source
        ids = source.list_ids(filt, key, descending, limit=FIRST_IDS)
        lister = self._background() if len(ids) >= FIRST_IDS else None
        if lister is None:
            if self._lister is not None:
                self._lister.cancel()
            if len(ids) >= FIRST_IDS:  # no second connection: list them all now
                ids = source.list_ids(filt, key, descending)
        self.beginResetModel()
        self._ids = ids
        self._complete = lister is None
        self._pages.clear()
        self.read_error = None
        self._loaded = True
        self.endResetModel()
        if lister is None:
            self.reloaded.emit(len(self._ids))
        else:
            lister.request(self._generation, lambda conn: source.list_ids(filt, key, descending, db=conn))

    def _background(self) -> BackgroundLister | None:
        """The worker thread's lister; None when the reader has no file to open again (a
        database in memory): then the whole list is made at once."""
        if self._lister is None:
            from desktop.locations import reader_path

            path = reader_path(self._source.reader)
            if path is None:
                return None
            self._lister = BackgroundLister(path, self)
            self._lister.listed.connect(self._on_listed)
            self._lister.failed.connect(self._on_list_failed)
        return self._lister

    def _on_listed(self, generation: int, ids: array) -> None:
        if generation != self._generation or self._complete:
            return
        shown = len(self._ids)
        self._complete = True
        if ids[:shown] == self._ids:  # the usual case: the first page, then the rest
            if len(ids) > shown:
                self._pages.pop(shown // PAGE_SIZE, None)  # a page cut short at the first listing's end
                self.beginInsertRows(_ROOT, shown, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
        else:  # written to between the two listings: show the newer list whole
            self.beginResetModel()
            self._ids = ids
            self._pages.clear()
            self.endResetModel()
        self.reloaded.emit(len(self._ids))

    def _on_list_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation and not self._complete:
            self.complete_now()  # on the window's own reader, reporting what fails there

    def complete_now(self) -> None:
        """List the rest of the ids now (an id past the first page is needed at once)."""
        if self._complete:
            return
        if self._lister is not None:
            self._lister.cancel()
        try:
            ids = self._source.list_ids(self._filter, self._sort_key, self._descending)
        except Exception as exc:  # noqa: BLE001  (the first page stays; the error is shown)
            self._complete = True
            self.reloaded.emit(len(self._ids))
            QTimer.singleShot(0, lambda error=exc: self._report(error))
            return
        self._on_listed(self._generation, ids)

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def refresh_rows(self) -> None:
        """Data changed but not membership: drop the cache and repaint."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self._headers) - 1))

    read_error: BaseException | None = None

    def _report(self, exc: BaseException) -> None:
        from desktop.ui.errors import show_error

        show_error(None, exc, "读取登记簿")

    def _row(self, row: int) -> RowLike | None:
        page = row // PAGE_SIZE
        cached = self._pages.get(page)
        if cached is None:
            if self.read_error is not None:
                return None  # reported once; the next reload tries again
            ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
            try:
                cached = self._source.fetch_rows(ids)
            except Exception as exc:  # noqa: BLE001  (a paint must never raise: PySide6 crashes)
                self.read_error = exc
                QTimer.singleShot(0, lambda error=exc: self._report(error))
                return None
            self._pages[page] = cached
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return cached.get(self._ids[row])

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, doc_id: int) -> int:
        try:
            return self._ids.index(doc_id)
        except ValueError:
            if self._complete:
                return -1
        self.complete_now()
        return self.row_of(doc_id)

    # --- Qt model API -------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return section + 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == IdRole:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
        ):
            return None
        row = self._row(index.row())
        if row is None:  # deleted since the ids were listed
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = str(row.values[index.column()])
            if index.column() == 0 and role == Qt.ItemDataRole.DisplayRole and self._hurried(row):
                return HURRIED_MARK + text
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.overdue:
                return _OVERDUE
            if row.due_soon:
                return _DUE_SOON
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.cancelled:
                return _CANCELLED
            if row.urgent:
                return _URGENT
            return _HURRIED if self._hurried(row) else None
        if role == Qt.ItemDataRole.FontRole and (row.cancelled or row.urgent):
            font = QFont()
            font.setStrikeOut(row.cancelled)
            font.setBold(row.urgent and not row.cancelled)
            return font
        return None

    def _hurried(self, row: RowLike) -> bool:
        return self._urgency_col >= 0 and not row.cancelled and row.values[self._urgency_col] == HURRIED

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self._sort_keys)) or not self._sort_keys[column]:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded and (self._sort_keys[column], descending) == (self._sort_key, self._descending):
            return  # the view re-announces its indicator; nothing to redo
        self.sort_column = column
        self._sort_key = self._sort_keys[column]
        self._descending = descending
        self.reload()
