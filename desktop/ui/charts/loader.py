"""The 图表 tab's figures computed off the UI thread, on a read-only connection of their own.

Counting a period is SQL (SQLite lets go of the GIL while it runs) and drawing it is
matplotlib on the UI thread: with the counting in a thread the two overlap, and the
first chart is drawn while the next is still being counted. One thread at a time works
through the newest request only (a period change while counting drops the rest of the
old one); it ends when nothing is asked, so no thread outlives the work. The connection
is the loader's own: its per-connection caches (services.stats.cache) and temporary
working-day table are never touched by the registers' reader on the UI thread.

The thread touches no Qt object: it puts each result in a Mailbox (ui/mailbox.py), which
hands them on on the UI thread, where the signals are emitted.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.ui.mailbox import Mailbox

FIGURES = "figures"  # the key of the key figures among the charts' keys


@dataclass(frozen=True)
class Request:
    generation: int
    period: Any  # services.stats.periods.Period
    visible: tuple[str, ...]
    today: dt.date
    jobs: Sequence[tuple[str, Callable[..., Any]]]  # key, fn(db, period, visible, today) in order


class StatsLoader(QObject):
    """``loaded(generation, key, data)`` on the UI thread for each job; ``failed(generation, error)``."""

    loaded = Signal(int, str, object)
    failed = Signal(int, object)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._conn: Any = None
        self._lock = threading.Lock()
        self._pending: Request | None = None
        self._running = False
        self._results = Mailbox(self._deliver, self._idle, self)  # (generation, key, data, error)

    def request(self, req: Request) -> None:
        """Compute ``req`` (replacing any request not started yet)."""
        self._results.expect()
        with self._lock:
            self._pending = req
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="charts-stats", daemon=True).start()

    def _deliver(self, result: tuple[int, str, Any, BaseException | None]) -> None:
        """On the UI thread: emit what the thread has counted."""
        generation, key, data, error = result
        if error is not None:
            self.failed.emit(generation, error)
        else:
            self.loaded.emit(generation, key, data)

    def _idle(self) -> bool:
        with self._lock:
            return not self._running

    def _superseded(self) -> bool:
        return self._pending is not None

    def _run(self) -> None:
        while True:
            with self._lock:
                req, self._pending = self._pending, None
                if req is None:
                    self._running = False
                    return
            try:
                self._work(req)
            except Exception as exc:  # reported on the UI thread, shown there
                self._results.put((req.generation, "", None, exc))

    def _work(self, req: Request) -> None:
        if self._conn is None:
            from desktop.locations import open_reader

            self._conn = open_reader(self._path)
        conn = self._conn
        for key, fn in req.jobs:
            if self._superseded():
                return
            self._results.put((req.generation, key, fn(conn, req.period, req.visible, req.today), None))

    def close(self) -> None:
        """Forget the connection (the thread, if any, finishes its current job first)."""
        with self._lock:
            self._pending = None
            conn, self._conn = self._conn, None
            running = self._running
        if conn is not None and not running:
            conn.close()
