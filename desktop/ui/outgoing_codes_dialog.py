"""设置 → 机关代字: the office's 代字 (院发, 院办发, 院函 …), each with its 发文机关标志 text
and the 文种 it is used for; add, change, 停用. services.outgoing.numbering.save_code
holds the rules (主任 only; a 代字 already in a 发文字号 keeps its letters) and its
errors appear beside the field they are about."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import ServiceError
from desktop.services.outgoing.numbering import CodeRow, list_codes, save_code
from desktop.ui.ops import OUTGOING, SETTINGS, AppContext

HEADERS = ("机关代字", "名称（发文机关标志）", "用于文种", "状态")


class CodesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("机关代字")
        self.resize(760, 460)
        self.rows: list[CodeRow] = []
        self.editing: CodeRow | None = None
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.code, self.name, self.doc_types = QLineEdit(), QLineEdit(), QLineEdit()
        self.code.setPlaceholderText("如 院发（不含年份和序号）")
        self.name.setPlaceholderText("如 湖南省职业病防治院文件（印在红头上）")
        self.doc_types.setPlaceholderText("如 通知、决定；留空表示任何文种")
        self.active = QCheckBox("启用（停用后不能再用于签发编号，已有编号不变）")
        self.heading = QLabel()
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (("code", "机关代字(&D)", self.code), ("name", "名称(&M)", self.name),
                                   ("doc_types", "用于文种(&W)", self.doc_types)):
            name = QLabel(label)
            name.setBuddy(widget)  # Alt+letter to the field itself, not its error box
            form.addRow(name, self._with_error(key, widget))
        form.addRow("", self.active)
        self.new_button = QPushButton("新增(&N)")
        self.save_button = QPushButton("保存(&S) Ctrl+S")
        self.close_button = QPushButton("关闭")
        buttons = QHBoxLayout()
        for b in (self.new_button, self.save_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.heading)
        lay.addLayout(form)
        lay.addLayout(buttons)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        self.save_button.setDefault(True)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.table.currentCellChanged.connect(lambda row, *_: self._edit_row(row))
        self.reload()
        self.start_new()

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        note = QLabel()
        note.setStyleSheet("color: #c0392b;")
        note.hide()
        self.errors[key] = note
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(widget)
        lay.addWidget(note)
        return box

    def reload(self, select_id: int | None = None) -> None:
        self.rows = self.ctx.ops.read(lambda s: list_codes(s, include_inactive=True))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for j, value in enumerate((r.code, r.name, "、".join(r.doc_types) or "任何文种",
                                       "启用" if r.active else "已停用")):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        if select_id is not None:
            row = next((i for i, r in enumerate(self.rows) if r.id == select_id), -1)
            self.table.selectRow(row)

    def table_rows(self) -> list[tuple[str, ...]]:
        """What the list shows, row by row."""
        return [tuple(self.table.item(i, j).text() for j in range(len(HEADERS))) for i in range(self.table.rowCount())]

    def _clear_errors(self) -> None:
        for note in self.errors.values():
            note.clear()
            note.hide()

    def _fill(self, row: CodeRow | None) -> None:
        self.editing = row
        self.code.setText(row.code if row else "")
        self.name.setText(row.name if row else "")
        self.doc_types.setText("、".join(row.doc_types) if row else "")
        self.active.setChecked(row.active if row else True)
        self.heading.setText(f"修改机关代字“{row.code}”" if row else "新增机关代字")
        self._clear_errors()

    def start_new(self) -> None:
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(False)
        self._fill(None)
        self.code.setFocus()

    def _edit_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self._fill(self.rows[row])

    def save(self) -> bool:
        self._clear_errors()
        types = tuple(t for t in (p.strip() for p in self.doc_types.text().replace("，", "、")
                                  .replace(",", "、").split("、")) if t)
        row = CodeRow(self.code.text().strip(), self.name.text().strip(), types, self.active.isChecked(),
                      self.editing.id if self.editing else None)
        result = self.ctx.ops.run(lambda s: save_code(s, row), {OUTGOING, SETTINGS}, parent=self,
                                  on_error=self._show_error)
        if not result.ok:
            return False
        self.reload(select_id=result.value)
        self._fill(next((r for r in self.rows if r.id == result.value), None))
        self.heading.setText(f"已保存机关代字“{row.code}”。")
        return True

    def _show_error(self, exc: ServiceError) -> None:
        note = self.errors.get(exc.field or "", self.errors["code"])
        note.setText(exc.message)
        note.show()
        {"code": self.code, "name": self.name, "doc_types": self.doc_types}.get(exc.field or "code",
                                                                               self.code).setFocus()


def edit_codes(ctx: AppContext, parent: QWidget | None) -> CodesDialog:
    dialog = CodesDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
