"""A name from 设置 → 科室与人员 (or 单位), completed as it is typed; typing anything else
stays possible (the services say whether an unknown name is accepted)."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class _LastNameCompleter(QCompleter):
    """Completes the name after the last 、 so several departments can be typed on one line."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt's name)
        return [path.replace("，", "、").replace(",", "、").split("、")[-1].strip()]

    def pathFromIndex(self, index) -> str:  # noqa: N802 (Qt's name)
        chosen = super().pathFromIndex(index)
        edit = self.widget()
        text = edit.text() if isinstance(edit, QLineEdit) else ""
        head, sep, _tail = text.replace("，", "、").replace(",", "、").rpartition("、")
        return f"{head}{sep}{chosen}" if sep else chosen


class DirectoryEdit(QLineEdit):
    """A name from 设置 → 科室与人员, completed as it is typed (``several``: 、-separated)."""

    def __init__(self, several: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = QStringListModel(self)
        completer = _LastNameCompleter(self) if several else QCompleter(self)
        completer.setModel(self._names)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)

    def set_names(self, names: Sequence[str]) -> None:
        self._names.setStringList(list(names))
