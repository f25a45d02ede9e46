"""Window settings (geometry, last tab): an INI file in the user's config dir.

The path is computed at call time, so tests that point XDG_CONFIG_HOME at a temporary
folder never touch the user's settings.
"""
from __future__ import annotations

from platformdirs import user_config_path
from PySide6.QtCore import QSettings

from desktop import APP_NAME


def open_settings() -> QSettings:
    path = user_config_path(APP_NAME, appauthor=False) / "settings.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)
