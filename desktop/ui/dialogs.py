"""The one way every file dialog asks for a path, and the notice after a file is saved.

Dialogs open in the folder the user last saved to or opened from (remembered in
QSettings under files/last_dir), else in the user's Documents folder — never the
program's own folder, which is where a relative name would otherwise land.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

_KEY = "files/last_dir"


def _settings() -> QSettings:
    from desktop.ui.settings import open_settings  # the window's INI file, not the registry

    return open_settings()


def start_folder(settings: QSettings | None = None) -> Path:
    """The last folder used if it still exists, else Documents, else home."""
    remembered = str((settings or _settings()).value(_KEY, "") or "")
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if docs and Path(docs).is_dir():
        return Path(docs)
    return Path.home()


def remember_folder(path: str, settings: QSettings | None = None) -> None:
    if path:
        (settings or _settings()).setValue(_KEY, str(Path(path).parent))


def ask_save_file(parent: QWidget | None, title: str, name: str, pattern: str) -> str:
    """A save dialog proposing ``name`` in the start folder; "" when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / name), pattern)
    remember_folder(path)
    return path


def ask_open_file(parent: QWidget | None, title: str, pattern: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), pattern)
    remember_folder(path)
    return path


def ask_open_files(parent: QWidget | None, title: str, pattern: str = "") -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder()), pattern)
    if paths:
        remember_folder(paths[0])
    return list(paths)


class SavedNotice(QWidget):
    """In the status bar after an export: where the file went, and 打开文件夹."""

    def __init__(self, path: Path, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saved_notice")
        self.path = path
        self.label = QLabel(f"{what}已保存到 {path}")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton("打开文件夹")
        self.button.clicked.connect(self.open_folder)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.button)

    def open_folder(self) -> None:
        if not open_url(QUrl.fromLocalFile(str(self.path.parent))):
            self.label.setText(f"无法打开文件夹，请自行打开：{self.path.parent}")


def open_url(url: QUrl) -> bool:
    """The system's handler for a file or folder; False if none answered (said to the user)."""
    return QDesktopServices.openUrl(url)


def announce_saved(widget: QWidget, path: str | Path, what: str) -> SavedNotice | None:
    """Say in the main window's status bar where ``path`` went; replaces the last notice."""
    window = widget.window()
    if not isinstance(window, QMainWindow):
        return None
    bar = window.statusBar()
    old = bar.findChild(SavedNotice, "saved_notice")
    if old is not None:
        bar.removeWidget(old)
        old.deleteLater()
    notice = SavedNotice(Path(path), what, bar)
    bar.clearMessage()
    bar.addWidget(notice)
    notice.show()
    return notice
