"""A register's whole id list made on a worker thread, on a read-only connection of its own.

The register shows its first page from a LIMIT query at once; the full ordered id list
(for the scroll bar and "共 N 条") is linear in the matches — 250 ms for every 收文 of a
1,000,000-document register — so it is listed here while the window stays live. SQLite
lets go of the GIL while it steps. A newer request interrupts the running query
(``Connection.interrupt`` is the one call SQLite allows from another thread); each job
opens and closes its own connection, so no connection outlives the work or is shared
between threads.

Like the 图表 loader (ui/charts/loader.py), the thread touches no Qt object: it puts the
result in a Mailbox (ui/mailbox.py), which hands it on on the UI thread.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.ui.mailbox import Mailbox


class BackgroundLister(QObject):
    """``listed(generation, ids)`` or ``failed(generation, error)`` on the UI thread."""

    listed = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._lock = threading.Lock()
        self._conn: Any = None  # the running job's connection, to interrupt it
        self._generation = 0
        self._busy = 0  # jobs started and not finished
        self._results = Mailbox(self._deliver, lambda: not self.busy(), self)  # (generation, ids, error)

    def request(self, generation: int, job: Callable[[Any], Any]) -> None:
        """Run ``job(connection)`` on a thread; a running older job is interrupted."""
        self.cancel()
        with self._lock:
            self._generation = generation
            self._busy += 1
        self._results.expect()
        threading.Thread(target=self._run, args=(generation, job), name="register-ids", daemon=True).start()

    def cancel(self) -> None:
        """Stop the running job, if any; its result, if it still comes, is dropped."""
        with self._lock:
            self._generation = -1
            conn = self._conn
        if conn is not None:
            try:
                conn.interrupt()
            except Exception:  # noqa: BLE001  (closed meanwhile: the job has ended anyway)
                pass

    def busy(self) -> bool:
        with self._lock:
            return self._busy > 0

    def _run(self, generation: int, job: Callable[[Any], Any]) -> None:
        from desktop.locations import open_reader

        conn = None
        try:
            conn = open_reader(self._path)
            with self._lock:
                stale = generation != self._generation
                if not stale:
                    self._conn = conn
            if not stale:
                self._results.put((generation, job(conn), None))
        except Exception as exc:  # shown on the UI thread (an interrupted job is dropped there)
            self._results.put((generation, None, exc))
        finally:
            with self._lock:
                if self._conn is conn:
                    self._conn = None
                self._busy -= 1
            if conn is not None:
                conn.close()

    def _deliver(self, result: tuple[int, Any, BaseException | None]) -> None:
        """On the UI thread: hand on the newest request's result; an older one is dropped."""
        generation, ids, error = result
        with self._lock:
            current = generation == self._generation
        if not current:
            return
        if error is not None:
            self.failed.emit(generation, error)
        else:
            self.listed.emit(generation, ids)
