"""matplotlib imported on a background thread while the user is not working.

A module of its own, imported when a database opens: a QObject subclass costs PySide about
a millisecond to make, and the main window's module is on the path to the first frame.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

# Once the user has left the window alone for a moment after a database opens, matplotlib
# and the Qt-free chart module are imported on a background thread (~0.9 s of imports the
# 图表 tab would otherwise pay on its first open). Not on a fixed timer: the import holds
# the GIL, and a tab opened meanwhile took 0.3 s longer (tests/benchmarks, tabs at
# 1,000,000). Nothing of Qt is touched off the GUI thread.
CHARTS_PREWARM_IDLE_MS = 1500


class ChartsPrewarm(QObject):
    """Starts the import after CHARTS_PREWARM_IDLE_MS without a key, click or wheel."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._input = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHARTS_PREWARM_IDLE_MS)
        self._timer.timeout.connect(self._start)

    def arm(self) -> None:
        import sys

        if "desktop.reports.charts" in sys.modules or self._timer.isActive():
            return
        QApplication.instance().installEventFilter(self)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in self._input:
            self._timer.start()  # the user is working: later
        return False

    def _start(self) -> None:
        import threading

        QApplication.instance().removeEventFilter(self)

        def load() -> None:
            try:
                import desktop.reports.charts  # noqa: F401
            except Exception:  # the tab imports it again, and reports a real failure then
                pass

        threading.Thread(target=load, name="charts-prewarm", daemon=True).start()
