"""Window settings (geometry, last tab): an INI file in the user's config dir.

The path is computed at call time, so tests that point XDG_CONFIG_HOME at a temporary
folder never touch the user's settings. Qt's own QStandardPaths (not platformdirs):
this runs before the window shows.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from desktop import APP_NAME


def open_settings() -> QSettings:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    path = Path(base) / APP_NAME / "settings.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)
