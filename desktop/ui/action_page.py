"""One page per 办理 action, for any register kind: its fields, its button, the one
service call it makes (moved here from the 收文 tab so 发文 uses the same page).

Which pages are shown, and in what order, is the kind's services.<kind>.actions rule;
a page only collects what was typed for the record on screen and passes it on. Errors
appear beside the field they concern; a name the directory does not hold also offers
新增到目录, which repeats the same call with ``add_to_directory=True``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import clock
from desktop.services.incoming.directory import UnknownNamesError

if TYPE_CHECKING:
    from desktop.services.errors import ServiceError
    from desktop.services.store import Session


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def with_error_note(widget: QWidget, errors: dict[str, QLabel], key: str) -> QWidget:
    """``widget`` with a hidden red line under it for the error a service gives for field
    ``key`` (stored in ``errors``): the message shows beside the field, not in a dialog."""
    label = QLabel()
    label.setStyleSheet("color: #c0392b;")
    label.setWordWrap(True)
    label.hide()
    errors[key] = label
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(1)
    lay.addWidget(widget)
    lay.addWidget(label)
    return box


@dataclass
class Field:
    key: str  # the ServiceError.field it answers to
    label: str
    widget: QWidget


class ActionPage(QWidget):
    """The fields of one action and its button; ``submitted`` asks the panel to run it."""

    submitted = Signal(bool)  # add_to_directory

    def __init__(self, key: str, submit_text: str, fields: list[Field], changes: set[str]) -> None:
        super().__init__()
        self.key, self.fields, self.changes = key, fields, changes
        self._dirty = False
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in fields:
            form.addRow(f.label, self._with_error(f))
        self.error = QLabel()  # errors that belong to no field
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.submit = QPushButton(submit_text)
        self.submit.setAutoDefault(True)  # Enter on it presses it
        self.submit.clicked.connect(lambda: self.submitted.emit(False))
        self.add_button = QPushButton("新增到目录")
        self.add_button.setToolTip("把上面的新名称加入 设置 → 科室与人员，再办理")
        self.add_button.setAutoDefault(True)
        self.add_button.clicked.connect(lambda: self.submitted.emit(True))
        self.add_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self._connect_fields()
        self.reset()

    def _with_error(self, f: Field) -> QWidget:
        return with_error_note(f.widget, self.errors, f.key)

    def _connect_fields(self) -> None:
        edits = [f.widget for f in self.fields]
        lines = [w for w in edits if isinstance(w, QLineEdit)]
        for w in edits:
            if isinstance(w, QLineEdit):
                w.textEdited.connect(self._mark_dirty)
                # Enter moves on to the next text field; on the last one it does the action
                # (dates and choices after it have their defaults: today, 电话).
                i = lines.index(w)
                w.returnPressed.connect(self._advance(lines[i + 1] if i + 1 < len(lines) else None))
            elif isinstance(w, QComboBox):
                w.activated.connect(self._mark_dirty)
            elif isinstance(w, QDateEdit):
                w.editingFinished.connect(self._mark_dirty)

    def _advance(self, nxt: QWidget | None) -> Callable[[], None]:
        def go() -> None:
            if nxt is None:
                self.submitted.emit(False)
            else:
                nxt.setFocus()
        return go

    def _mark_dirty(self, *_args: Any) -> None:
        self._dirty = True

    @property
    def dirty(self) -> bool:
        """Something was typed here and not yet used."""
        return self._dirty

    def first_widget(self) -> QWidget:
        return self.fields[0].widget if self.fields else self.submit

    def reset(self) -> None:
        """Empty fields, dates today: nothing typed for one document survives to another."""
        today = QDate(clock.today())
        for f in self.fields:
            w = f.widget
            if isinstance(w, QLineEdit):
                w.clear()
            elif isinstance(w, QDateEdit):
                w.setDate(today)
            elif isinstance(w, QComboBox) and w.property("fixed_choices"):
                w.setCurrentIndex(0)
        self._dirty = False
        self.clear_errors()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.error.clear()
        self.add_button.hide()

    def show_error(self, exc: ServiceError) -> None:
        label = self.errors.get(exc.field or "")
        if label is None:
            self.error.setText(exc.message)
        else:
            label.setText(exc.message)
            label.show()
        if isinstance(exc, UnknownNamesError):
            self.add_button.show()
            self.add_button.setFocus()

    def set_detail(self, detail: Any) -> None:
        """Pages whose choices come from the document (收文's 承办意见 departments)."""

    def call(self, session: Session, doc_id: int, actor: str, add: bool) -> Any:
        raise NotImplementedError


class CallPage(ActionPage):
    """An ActionPage whose call is a function of (session, doc_id, actor, add, page)."""

    def __init__(self, key: str, submit_text: str, fields: list[Field],
                 fn: Callable[..., Any], changes: set[str]) -> None:
        self._fn = fn
        super().__init__(key, submit_text, fields, changes)

    def value(self, key: str) -> Any:
        w = next(f.widget for f in self.fields if f.key == key)
        if isinstance(w, QLineEdit):
            return w.text().strip()
        if isinstance(w, QDateEdit):
            return w.date().toPython()
        if isinstance(w, QComboBox):
            return w.currentText()
        raise TypeError(key)

    def call(self, session: Session, doc_id: int, actor: str, add: bool) -> Any:
        return self._fn(session, doc_id, actor, add, self)
