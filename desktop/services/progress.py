"""Progress and cancel for every long job (PDF, xlsx export and import, demo, backup).

Qt-free: the job calls ``progress.report(done, total)`` as it goes; the caller (a
BackgroundTask in the UI, a printer in the CLI) sees the figures through ``on_report``
and asks to stop with ``cancel()``. The next ``report()`` or ``check()`` then raises
Cancelled inside the job, which cleans up (no partial file, nothing imported).
"""
from __future__ import annotations

import threading
from collections.abc import Callable

ReportFn = Callable[[int, int, str], None]


class Cancelled(Exception):
    """The user cancelled; the job left nothing behind."""

    def __init__(self, message: str = "已取消，未作任何修改。") -> None:
        super().__init__(message)
        self.message = message


class Progress:
    def __init__(self, on_report: ReportFn | None = None) -> None:
        self._on_report = on_report
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop (any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if cancel() was called."""
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int, stage: str = "") -> None:
        """Tell the caller how far the job is; raise Cancelled if it should stop."""
        self.check()
        if self._on_report is not None:
            self._on_report(done, total, stage)


def quiet() -> Progress:
    """A Progress nobody watches or cancels (the default of every long job)."""
    return Progress()
