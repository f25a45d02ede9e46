"""Filter bar and register view shared by every tab."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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

from desktop.ui.register.legend import Legend
from desktop.ui.register.model import RegisterModel

LEAD_COLUMNS = 3  # columns kept before the widest one (see set_column_widths)
MIN_TITLE_EM = 18  # the widest column (文件标题) never gets narrower than this many characters


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


ALL = "全部"  # a filter list's first entry: no condition


def filter_combo(items=(), editable: bool = False, width: int = 0) -> QComboBox:
    """A filter bar's list: 全部, then ``items``; ``editable`` lets a name be typed."""
    box = QComboBox()
    box.addItem(ALL, "")
    for item in items:
        box.addItem(item, item)
    box.setEditable(editable)
    if width:
        box.setMinimumContentsLength(width)
    return box


# As global search's (ui/search/dialog.py). 250 ms before the first page came from a LIMIT
# query; now a first page takes 1-40 ms at 1,000,000, and the wait was most of the answer.
FILTER_DELAY_MS = 150


class FilterBar(QWidget):
    """Text, date range and per-tab fields; ``changed`` fires FILTER_DELAY_MS after the last
    edit (a number typed digit by digit is one query, not six), or at once on Enter."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("搜索标题、单位、文号、附件内容（Ctrl+F）")
        self.text.setClearButtonEnabled(True)
        self.date_from = OptionalDate("从")
        self.date_to = OptionalDate("至")
        self.count = QLabel()
        # A fixed width, wide enough for "共 9,999,999 条", beside the stretching search
        # box: nothing moves when the count gets a digit longer.
        self.count.setFixedWidth(self.count.fontMetrics().horizontalAdvance("共 9,999,999 条") + 8)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._row1 = QHBoxLayout()
        self._row1.addWidget(self.text, 3)
        self._row1.addWidget(self.date_from)
        self._row1.addWidget(self.date_to)
        self._row1.addWidget(self.count)
        self._row2 = QHBoxLayout()
        self._row2.addStretch(1)
        # Where the list came from when a chart opened it, and what the bar cannot show
        # (作废 left out): the count the user sees is explained until the filter is changed.
        self.origin = QLabel()
        self.origin.setStyleSheet("color: #7A4A00; background: #FFF4D6; padding: 2px 6px;")
        self.origin.setVisible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.origin)
        lay.addLayout(self._row1)
        lay.addLayout(self._row2)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        self.changed.connect(lambda: self.show_origin(""))
        self.text.textChanged.connect(self.schedule)
        self.text.returnPressed.connect(self.apply_now)
        self.date_from.changed.connect(self.schedule)
        self.date_to.changed.connect(self.schedule)

    def add_field(self, label: str, widget: QWidget) -> None:
        """Per-tab fields go on the second row, left to right."""
        if label:
            self._row2.insertWidget(self._row2.count() - 1, QLabel(label))
        self._row2.insertWidget(self._row2.count() - 1, widget)

    def schedule(self) -> None:
        self._timer.start()

    def apply_now(self) -> None:
        self._timer.stop()
        self.changed.emit()

    def show_origin(self, text: str) -> None:
        """A line above the filter (来自图表：2026年10月 收文（不含作废）); "" hides it."""
        self.origin.setText(text)
        self.origin.setVisible(bool(text))

    @staticmethod
    def refill(box: QComboBox, items: list[str]) -> None:
        """New names for a filter list (the directory's and the register's), keeping what is
        chosen or typed in it, without applying the filter."""
        current = box.currentText()
        box.blockSignals(True)
        box.clear()
        box.addItem(ALL, "")
        for item in dict.fromkeys(items):
            box.addItem(item, item)
        box.setCurrentText(current)
        box.blockSignals(False)

    @staticmethod
    def value(box: QComboBox) -> str:
        """What a filter list asks for ("" for 全部), typed or chosen."""
        text = box.currentText().strip()
        return "" if text == ALL else text

    def set_count(self, shown: int) -> None:
        self.count.setText(f"共 {shown:,} 条")

    def set_counting(self) -> None:
        """The first page is shown and the rest are being listed (a large register)."""
        self.count.setText("正在统计…")


class RegisterTable(QTableView):
    """The register's table; when it has no rows it says why, and what to do next."""

    resized = Signal()
    typed = Signal(str)  # text typed on the table: the view sends it to the filter box

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.resized.emit()

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 (Qt API)
        """Not Qt's type-ahead: it reads every row's text through the model to find a match
        (1,000,000 收文: minutes with the window frozen). Words typed on the register are a
        search, so they go to the filter box."""
        self.typed.emit(search)

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
        # Connected first: turning sorting on below already loads the model (a sort), and
        # that first count must reach the label ("共 N 条" from the first paint).
        model.reloaded.connect(self.filter_bar.set_count)
        model.modelReset.connect(lambda: None if model.complete else self.filter_bar.set_counting())
        self.table = RegisterTable()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        order = Qt.SortOrder.DescendingOrder if model.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(model.sort_column, order)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # No stretch of the last column (环节): the widest column takes the free width.
        self.table.horizontalHeader().setStretchLastSection(False)
        self._stretch_col = -1
        self._beside: tuple[int, ...] = ()
        self._fitting = False
        self.table.resized.connect(self._fit_stretch_column)
        self.table.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.activated.connect(lambda idx: self.open_requested.emit(model.id_at(idx.row())))
        self.table.typed.connect(self._search_typed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.legend = Legend()
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.setSpacing(2)
        left_lay.addWidget(self.table, 1)
        left_lay.addWidget(self.legend)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(detail)
        # a wider window widens the register (its title column), not the detail form
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([820, 460])
        self.splitter = splitter
        lay = QVBoxLayout(self)
        lay.addWidget(filter_bar)
        lay.addWidget(splitter, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_filter)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_requested.emit)

    def set_column_widths(self, chars: list[int], beside_title: tuple[int, ...] = ()) -> None:
        """Widths from hints in characters; the widest hinted column (文件标题) then takes
        whatever the others leave free, and keeps it as the window is resized.

        ``beside_title``: columns shown right after the title (环节), so that when not every
        column fits, the first screen still shows the lead columns, the title and these."""
        em = self.fontMetrics().horizontalAdvance("汉")
        self._fitting = True
        for col, n in enumerate(chars):
            self.table.setColumnWidth(col, int(n * em * 0.75) + 12)
        self._fitting = False
        self._stretch_col = max(range(len(chars)), key=chars.__getitem__) if chars else -1
        header = self.table.horizontalHeader()
        if header.visualIndex(self._stretch_col) > LEAD_COLUMNS:
            # Beside the detail pane only ~780 px of table show at 1280–1366 wide: the
            # column users read comes right after the first few (收文编号, 日期, 来文单位),
            # so it starts on screen. Users may drag it elsewhere.
            header.moveSection(header.visualIndex(self._stretch_col), LEAD_COLUMNS)
        for offset, col in enumerate(beside_title, start=1):
            header.moveSection(header.visualIndex(col), header.visualIndex(self._stretch_col) + offset)
        self._beside = beside_title
        header.setSectionsMovable(True)
        self._fit_stretch_column()

    def _on_section_resized(self, col: int, _old: int, _new: int) -> None:
        if col != self._stretch_col:  # the user widened another column: the title gives way
            self._fit_stretch_column()

    def _fit_stretch_column(self) -> None:
        col = self._stretch_col
        if col < 0 or self._fitting:
            return
        header = self.table.horizontalHeader()
        shown = [c for c in range(header.count()) if c != col and not header.isSectionHidden(c)]
        floor = MIN_TITLE_EM * self.fontMetrics().horizontalAdvance("汉")
        free = self.table.viewport().width() - sum(header.sectionSize(c) for c in shown)
        if free < floor:
            # Not every column fits: fill the first screen with the columns up to the
            # title and those beside it; the rest are a scroll to the right.
            first = header.visualIndex(col) + len(self._beside)
            free = self.table.viewport().width() - sum(
                header.sectionSize(c) for c in shown if header.visualIndex(c) <= first)
        self._fitting = True
        header.resizeSection(col, max(floor, free))
        self._fitting = False

    def _search_typed(self, text: str) -> None:
        """Typing on the register starts a new search in the filter box, which keeps the focus."""
        self.filter_bar.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self.filter_bar.text.setText(text)

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
