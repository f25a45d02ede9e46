"""A reference list page: a table on the left, the selected row's form on the right.

Saving goes through ``ctx.ops.run``; a refused save shows its message in red beside
the form and leaves what was typed in place. Each page reloads itself when the bus
announces a REFERENCE change, without overwriting a form the user is editing.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import reference
from desktop.services.errors import ServiceError
from desktop.ui.messages import Messages
from desktop.ui.ops import REFERENCE, AppContext
from desktop.ui.reference.model import Column, RowsModel

if TYPE_CHECKING:
    from desktop.services.store import Session

DISCARD_QUESTION = "当前修改尚未保存，放弃这些修改吗？"


def status(row: Any) -> str:
    return "在用" if row.active else "停用"


def joined(items: Sequence[str]) -> str:
    return "、".join(items)


class RolesBox(QWidget):
    """One check box per role (院领导, 签发人, …)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes = {role: QCheckBox(role) for role in reference.ROLES}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, box in enumerate(self.boxes.values()):
            grid.addWidget(box, i // 3, i % 3)
        self.setFocusProxy(self.boxes[reference.ROLES[0]])

    def value(self) -> tuple[str, ...]:
        return tuple(role for role, box in self.boxes.items() if box.isChecked())

    def set_value(self, roles: Sequence[str]) -> None:
        for role, box in self.boxes.items():
            box.setChecked(role in roles)


def _value(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, QComboBox):
        return widget.currentText().strip()
    if isinstance(widget, QSpinBox):
        return widget.value()
    assert isinstance(widget, RolesBox)
    return widget.value()


def _set_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(joined(value) if isinstance(value, tuple) else str(value))
    elif isinstance(widget, QComboBox):
        if not widget.isEditable() and value and widget.findText(str(value)) < 0:
            widget.addItem(str(value))  # a value stored elsewhere is shown, not silently replaced
        widget.setCurrentText(str(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    else:
        assert isinstance(widget, RolesBox)
        widget.set_value(value)


class ReferencePage(QWidget):
    kind = ""  # reference.KINDS
    title = ""
    row_type: type = object
    columns: Sequence[Column] = ()
    stretch_column = 0  # the column that takes the table's spare width

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._current: Any = None  # the stored row in the form; None while creating one
        self._quiet = False
        self.fields: dict[str, QWidget] = {}
        self._init_table()
        self._init_form()
        self._init_layout()
        self._snapshot = self.form_values()
        self.reload()
        self._connect()

    # --- what each page supplies -------------------------------------------------------

    def _build_form(self, form: QFormLayout) -> None:
        raise NotImplementedError

    def _list(self, session: Session) -> list:
        raise NotImplementedError

    def _save(self, session: Session, fields: dict[str, Any]) -> int:
        raise NotImplementedError

    def _refresh_choices(self) -> None:
        """Reload lists the form offers (e.g. the departments a person can belong to)."""

    # --- construction ------------------------------------------------------------------

    def _init_table(self) -> None:
        self.model = RowsModel(self.columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(f"筛选{self.title}")
        self.filter_edit.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(56)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.stretch_column, QHeaderView.ResizeMode.Stretch)

    def _init_form(self) -> None:
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_form(self.form)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.notice_label = QLabel()
        self.notice_label.setStyleSheet("color: #2e7d32;")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.new_button = QPushButton("新建")
        self.new_button.setToolTip("新建一条（Ctrl+N）")
        self.save_button = QPushButton("保存")
        self.save_button.setToolTip("保存（Ctrl+S 或回车）")
        self.toggle_button = QPushButton("停用")
        self.toggle_button.setToolTip("停用后不再出现在下拉列表中，已有记录不受影响")
        self.import_button = QPushButton("从 Excel 导入…")
        self.import_button.setToolTip(
            f"从 .xlsx 文件导入{self.title}。表头：{'、'.join(reference.import_headers(self.kind))}。\n"
            "已有的名称会被更新，新的名称会被新建；有一行出错则全部不导入。")

    def _add(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> QWidget:
        self.fields[field] = widget
        form.addRow(label, widget)
        return widget

    def _init_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.filter_edit)
        left.addWidget(self.table)
        box = QGroupBox(f"{self.title}信息")
        inner = QVBoxLayout(box)
        inner.addLayout(self.form)
        inner.addWidget(self.error_label)
        inner.addWidget(self.notice_label)
        buttons = QGridLayout()
        buttons.addWidget(self.save_button, 0, 0)
        buttons.addWidget(self.new_button, 0, 1)
        buttons.addWidget(self.toggle_button, 1, 0)
        buttons.addWidget(self.import_button, 1, 1)
        right = QVBoxLayout()
        right.addWidget(box)
        right.addLayout(buttons)
        right.addStretch(1)
        side = QWidget()
        side.setLayout(right)
        side.setMinimumWidth(340)
        side.setMaximumWidth(440)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 1)
        outer.addWidget(side)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = []
        for widget in self.fields.values():
            chain.extend(widget.boxes.values() if isinstance(widget, RolesBox) else [widget])
        chain += [self.save_button, self.new_button, self.toggle_button, self.import_button,
                  self.filter_edit, self.table]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.import_button.clicked.connect(self.import_xlsx)
        self.ctx.bus.changed.connect(self._on_changed)

    # --- state -------------------------------------------------------------------------

    @property
    def current(self) -> Any:
        return self._current

    def form_values(self) -> dict[str, Any]:
        return {field: _value(widget) for field, widget in self.fields.items()}

    def is_dirty(self) -> bool:
        return self.form_values() != self._snapshot

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Selection changes made by the page itself do not load rows or ask questions."""
        self._quiet, before = True, self._quiet
        try:
            yield
        finally:
            self._quiet = before

    def _load(self, row: Any) -> None:
        self._current = row
        shown = row if row is not None else self.row_type()
        for field, widget in self.fields.items():
            _set_value(widget, getattr(shown, field))
        self._snapshot = self.form_values()
        self.error_label.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self._current
        self.toggle_button.setEnabled(row is not None)
        self.toggle_button.setText("启用" if row is not None and not row.active else "停用")

    def _select(self, row_id: int | None) -> None:
        pos = self.model.find(row_id) if row_id is not None else None
        index = (self.proxy.mapFromSource(self.model.index(pos, 0)) if pos is not None
                 else QModelIndex())
        with self._quietly():
            self.table.setCurrentIndex(index)
            if not index.isValid():
                self.table.clearSelection()
        if index.isValid():
            self.table.scrollTo(index)

    def reload(self) -> None:
        rows = self.ctx.ops.read(self._list)
        self._refresh_choices()
        current_id = self._current.id if self._current is not None else None
        with self._quietly():
            self.model.set_rows(rows)
        self._select(current_id)
        if current_id is not None:
            pos = self.model.find(current_id)
            fresh = self.model.row_at(pos) if pos is not None else None
            if self.is_dirty():
                self._current = fresh  # keep what is being typed
            else:
                self._load(fresh)
        self._update_buttons()

    # --- slots -------------------------------------------------------------------------

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if REFERENCE in kinds:
            self.reload()

    def _on_filter(self, text: str) -> None:
        with self._quietly():
            self.proxy.setFilterFixedString(text)
        self._select(self._current.id if self._current is not None else None)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        row = self.model.row_at(self.proxy.mapToSource(current).row())
        if self._current is not None and row.id == self._current.id:
            return
        if self.is_dirty() and not Messages.confirm(self, DISCARD_QUESTION):
            self._select(self._current.id if self._current is not None else None)
            return
        self._load(row)
        self.notice_label.hide()

    def show_error(self, exc: ServiceError) -> None:
        """The refusal in red beside the form; the typed values stay where they are."""
        self.notice_label.hide()
        self.error_label.setText(exc.message)
        self.error_label.show()
        widget = self.fields.get(exc.field or "")
        if widget is not None:
            widget.setFocus()

    def _notice(self, text: str) -> None:
        self.error_label.hide()
        self.notice_label.setText(text)
        self.notice_label.show()

    # --- actions -----------------------------------------------------------------------

    def new_record(self) -> None:
        if self.is_dirty() and not Messages.confirm(self, DISCARD_QUESTION):
            return
        self._select(None)
        self._load(None)
        self.notice_label.hide()
        self.fields["name"].setFocus()

    def save(self) -> None:
        if self._current is not None and not self.is_dirty():
            return
        fields = {"id": self._current.id if self._current is not None else None,
                  **self.form_values()}
        result = self.ctx.ops.run(lambda s: self._save(s, fields), {REFERENCE}, parent=self,
                                  on_error=self.show_error)
        if result.ok:
            pos = self.model.find(result.value)
            self._load(self.model.row_at(pos) if pos is not None else None)
            self._select(result.value)
            self._notice(f"已保存“{self._current.name if self._current else fields['name']}”。")

    def toggle_active(self) -> None:
        row = self._current
        if row is None:
            return
        result = self.ctx.ops.run(lambda s: reference.set_active(s, self.kind, row.id, not row.active),
                                  {REFERENCE}, parent=self, on_error=self.show_error)
        if result.ok:
            self._notice(f"已{'启用' if not row.active else '停用'}“{row.name}”。")

    @staticmethod
    def ask_file(parent: QWidget | None) -> str:
        """The .xlsx to import, or '' if the user cancelled (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(parent, "从 Excel 导入", "",
                                              "Excel 工作簿 (*.xlsx);;所有文件 (*)")
        return path

    def import_xlsx(self) -> None:
        path = self.ask_file(self)
        if not path:
            return
        result = self.ctx.ops.run(
            lambda s: reference.import_reference_xlsx(s, path, self.kind), {REFERENCE}, parent=self,
            on_error=lambda exc: Messages.error(self, exc.message, "导入失败"))
        if result.ok and result.value is not None:
            created, updated = result.value
            Messages.info(self, f"已从“{Path(path).name}”导入{self.title}：新增 {created} 条，"
                                f"更新 {updated} 条。", "导入完成")
