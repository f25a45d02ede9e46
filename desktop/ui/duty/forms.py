"""Small forms of the 值班 tab (换班, a log entry): the form runs its change itself, through
a ``submit`` callable that returns an OpResult, so a refused change shows its Chinese
reason beside the field it concerns and nothing typed is lost."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.services.errors import ServiceError
    from desktop.ui.ops import OpResult

Submit = Callable[[dict, Callable[["ServiceError"], None]], "OpResult"]


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #B00000;")
    label.setWordWrap(True)
    label.hide()
    return label


class FormDialog(QDialog):
    """Fields in a form, an error label under each, 确定 runs ``submit``."""

    def __init__(self, title: str, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit = submit
        self.form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.general = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.general)
        lay.addWidget(buttons)

    def add(self, label: str, name: str, widget: QWidget) -> QWidget:
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(widget)
        self.errors[name] = error_label()
        inner.addWidget(self.errors[name])
        self.form.addRow(label, box)
        return widget

    def values(self) -> dict:
        raise NotImplementedError

    @staticmethod
    def run(dialog: QDialog) -> int:
        """Show ``dialog`` modally (tests replace this to fill it with key presses)."""
        return dialog.exec()

    def _ok(self) -> None:
        for label in [*self.errors.values(), self.general]:
            label.hide()
        if self.submit(self.values(), self._show_error).ok:
            self.accept()

    def _show_error(self, exc: ServiceError) -> None:
        label = self.errors.get(exc.field or "", self.general)
        label.setText(exc.message)
        label.show()


class SwapDialog(FormDialog):
    """换班: the two cells, why, and who approved it (the directory's leaders offered)."""

    def __init__(self, first: str, second: str, approvers: Sequence[str], submit: Submit,
                 parent: QWidget | None = None) -> None:
        super().__init__("换班", submit, parent)
        self.form.addRow("班次一：", QLabel(first))
        self.form.addRow("班次二：", QLabel(second))
        self.reason = self.add("换班原因(&R)：", "reason", QLineEdit())
        self.approved_by = self.add("批准人(&A)：", "approved_by", QComboBox())
        self.approved_by.setEditable(True)
        self.approved_by.addItems(list(approvers))
        self.approved_by.setCurrentIndex(-1)
        self.approved_by.lineEdit().setPlaceholderText("选择或输入院领导")
        self.resize(460, 0)

    def values(self) -> dict:
        return {"reason": self.reason.text(), "approved_by": self.approved_by.currentText()}


class LogDialog(FormDialog):
    """One entry of the 值班日志: date and shift, what happened, what was done, to whom reported."""

    def __init__(self, day: dt.date, shifts: Sequence[tuple[int, str]], submit: Submit,
                 parent: QWidget | None = None) -> None:
        super().__init__("添加值班日志", submit, parent)
        self.day = self.add("日期(&D)：", "day", QDateEdit(QDate(day.year, day.month, day.day)))
        self.day.setDisplayFormat("yyyy年M月d日")
        self.day.setCalendarPopup(True)
        self.shift = self.add("班次(&S)：", "shift", QComboBox())
        for shift_id, name in shifts:
            self.shift.addItem(name, shift_id)
        self.event = self.add("值班情况(&E)：", "event", QPlainTextEdit())
        self.event.setTabChangesFocus(True)
        self.event.setFixedHeight(80)
        self.action = self.add("处理结果(&C)：", "action", QLineEdit())
        self.reported_to = self.add("报告(&B)：", "reported_to", QLineEdit())
        self.handed_to = self.add("交接给(&H)：", "handed_to", QLineEdit())
        self.resize(520, 0)

    def values(self) -> dict:
        return {"day": self.day.date().toPython(), "shift_id": self.shift.currentData(),
                "event": self.event.toPlainText(), "action": self.action.text(),
                "reported_to": self.reported_to.text(), "handed_to": self.handed_to.text()}
