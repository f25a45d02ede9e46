"""Long work off the UI thread, with a progress dialog that can cancel.

The job is any function taking a services.progress.Progress (the one protocol of every
long job): its reports move the dialog's bar, and 取消 calls its cancel(), so the job
raises Cancelled at its next report and cleans up.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.services.progress import Progress

Job = Callable[[Progress], Any]


class _Worker(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object, object)  # result, exception

    def __init__(self, fn: Job) -> None:
        super().__init__()
        self._fn = fn
        # emitted from the worker thread; Qt queues it to the dialog on the UI thread
        self.job_progress = Progress(on_report=lambda done, total, stage: self.progress.emit(done, total, stage))

    def cancel(self) -> None:
        self.job_progress.cancel()  # thread-safe: an Event the job polls

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self.job_progress)
        except Exception as exc:  # reported to the UI thread, shown there
            self.finished.emit(None, exc)
        else:
            self.finished.emit(result, None)


class BackgroundTask(QObject):
    """Run ``fn(progress)`` in a thread; ``done(result, error)`` fires on the UI thread.

    ``error`` is the exception the job raised (Cancelled after 取消), else None.
    """

    done = Signal(object, object)

    def __init__(self, parent: QWidget | None, label: str, fn: Job, *, dialog: bool = True) -> None:
        """``dialog=False`` for quiet housekeeping (the daily backup): no progress window."""
        super().__init__(parent)
        self._thread = QThread()
        self._worker = _Worker(fn)
        self._worker.moveToThread(self._thread)
        self._dialog: QProgressDialog | None = None
        if dialog:
            self._dialog = QProgressDialog(label, "取消", 0, 0, parent)
            self._dialog.setWindowTitle("请稍候")
            self._dialog.setMinimumDuration(400)
            # to this object (UI thread), not to the worker: a queued call into the worker's
            # thread would wait behind the job it is meant to stop
            self._dialog.canceled.connect(self.cancel)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)

    def start(self) -> None:
        self._thread.start()

    @Slot()
    def cancel(self) -> None:
        """What 取消 does (also for callers that close their own window)."""
        self._worker.cancel()

    def _on_progress(self, done: int, total: int, stage: str = "") -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 1))
            self._dialog.setValue(min(done, total))

    def _on_finished(self, result: object, error: object) -> None:
        self._thread.quit()
        self._thread.wait()
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
        self.done.emit(result, error)
        self.deleteLater()
