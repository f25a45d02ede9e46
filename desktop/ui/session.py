"""Opening a database for the window: the heavy imports happen here, after it shows."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.services.store import open_store
from desktop.ui.ops import AppContext, ChangeBus, Ops


def open_context(path: Path | str | None, settings: QSettings, *, create: bool = True) -> AppContext:
    store = open_store(path, create=create)
    bus = ChangeBus()
    return AppContext(store=store, bus=bus, ops=Ops(store, bus), settings=settings,
                      actor=str(settings.value("user/name", "文书")))
