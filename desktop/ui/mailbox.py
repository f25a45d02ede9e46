"""Results from worker threads, handed on on the UI thread.

A worker thread may touch no Qt object, so it puts what it made in a queue; a timer on the
UI thread, running only while work is out, takes each item out and hands it on. Used by the
图表 loader (ui/charts/loader.py) and the registers' background listing (ui/register/lister.py).
"""
from __future__ import annotations

import queue
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

POLL_MS = 5  # how often the UI thread looks for results while a thread works


class Mailbox(QObject):
    """``put`` from any thread; ``hand_on(item)`` is called on the UI thread for each item, in
    order. The timer stops once ``idle()`` says no thread works and the queue is empty."""

    def __init__(self, hand_on: Callable[[Any], None], idle: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)
        self._items: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._hand_on = hand_on
        self._idle = idle
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def expect(self) -> None:
        """On the UI thread, when work is sent out: look for its results until it is done."""
        self._timer.start()

    def put(self, item: Any) -> None:
        self._items.put(item)

    def _poll(self) -> None:
        while True:
            try:
                item = self._items.get_nowait()
            except queue.Empty:
                break
            self._hand_on(item)
        if self._idle() and self._items.empty():
            self._timer.stop()
