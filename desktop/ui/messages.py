"""Modal messages in one place, so tests can replace them (monkeypatch ``Messages``)."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class Messages:
    @staticmethod
    def error(parent: QWidget | None, message: str, title: str = "出错了") -> None:
        QMessageBox.critical(parent, title, message)

    @staticmethod
    def info(parent: QWidget | None, message: str, title: str = "院办通") -> None:
        QMessageBox.information(parent, title, message)

    @staticmethod
    def confirm(parent: QWidget | None, message: str, title: str = "请确认") -> bool:
        answer = QMessageBox.question(parent, title, message)
        return answer == QMessageBox.StandardButton.Yes
