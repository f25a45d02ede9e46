"""Long work off the UI thread, with a progress dialog that can cancel."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class _Worker(QObject):
    progress = Signal(int, int)
    finished = Signal(object, object)  # result, exception

    def __init__(self, fn: Callable[[ProgressFn, CancelledFn], Any]) -> None:
        super().__init__()
        self._fn = fn
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(lambda done, total: self.progress.emit(done, total), lambda: self._cancel)
        except Exception as exc:  # reported to the UI thread, shown there
            self.finished.emit(None, exc)
        else:
            self.finished.emit(result, None)


class BackgroundTask(QObject):
    """Run ``fn(progress, cancelled)`` in a thread; ``done(result, error)`` fires on the UI thread."""

    done = Signal(object, object)

    def __init__(self, parent: QWidget | None, label: str, fn: Callable[[ProgressFn, CancelledFn], Any]) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._worker = _Worker(fn)
        self._worker.moveToThread(self._thread)
        self._dialog = QProgressDialog(label, "取消", 0, 0, parent)
        self._dialog.setWindowTitle("请稍候")
        self._dialog.setMinimumDuration(400)
        self._dialog.canceled.connect(self._worker.cancel)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)

    def start(self) -> None:
        self._thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self._dialog.setMaximum(max(total, 1))
        self._dialog.setValue(min(done, total))

    def _on_finished(self, result: object, error: object) -> None:
        self._thread.quit()
        self._thread.wait()
        self._dialog.reset()
        self._dialog.deleteLater()
        self.done.emit(result, error)
        self.deleteLater()
