"""Every error reaches the user: known ones as a Chinese line, the rest in one dialog + a log.

A ServiceError is an expected, explained refusal and is shown as its message. Anything
else is a bug or a broken machine: ``show_unexpected`` writes it to the log file in the
user's data folder and shows the 程序出错 dialog (desktop.ui.error_dialog) with the
details to copy. ``install_excepthook`` makes that the backstop for exceptions escaping a
Qt slot or a thread, which Python would otherwise print to a console nobody sees.

app.run() imports this module before the first frame, so it stays light: logging,
traceback, platformdirs and the dialog are imported on the first error only.
"""
from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

APP_DIR = "yuanbantong"
LOG_NAME = "yuanbantong.log"
_LOG_MAX_BYTES = 1_000_000  # a few hundred tracebacks; three old files are kept beside it
_LOG_BACKUPS = 3


class ErrorReport(NamedTuple):  # not a dataclass: importing dataclasses costs ~10 ms at start-up
    """What the dialog shows. details: operation, exception type, message and traceback."""

    operation: str
    summary: str
    details: str
    log: Path | None  # None when the log could not be written (shown as such)


def log_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_DIR, appauthor=False) / "logs" / LOG_NAME


def show_error(parent: QWidget | None, exc: BaseException, operation: str = "") -> None:
    """For BackgroundTask ``done(result, error)`` and other callers holding an exception:
    a ServiceError is shown as its Chinese message, Cancelled as nothing (the user asked
    for it), anything else as the unexpected-error dialog, logged."""
    from desktop.services.errors import ServiceError
    from desktop.services.progress import Cancelled

    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, ServiceError):
        from desktop.ui.messages import Messages

        Messages.error(parent, exc.message)
        return
    show_unexpected(parent, exc, operation)


_showing = False  # an error raised while the dialog is up is logged, not shown again


def show_unexpected(parent: QWidget | None, exc: BaseException, operation: str = "") -> ErrorReport:
    global _showing
    report = make_report(exc, operation)
    if _showing:
        print(report.details, file=sys.stderr)
        return report
    from desktop.ui.error_dialog import ErrorDialog

    _showing = True
    try:
        ErrorDialog.present(parent, report)
    finally:
        _showing = False
    return report


def make_report(exc: BaseException, operation: str = "") -> ErrorReport:
    """Formats the exception and writes it to the log."""
    import traceback

    summary = f"{type(exc).__name__}: {exc}"
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    details = f"操作：{operation or '（未知）'}\n{trace}"
    return ErrorReport(operation, summary, details, write_log(details))


def write_log(details: str) -> Path | None:
    """Appends one entry (time, operation, traceback) to the rotating log; the file and its
    folder are created here, on the first error, never at start-up."""
    import logging
    from logging.handlers import RotatingFileHandler

    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=_LOG_MAX_BYTES, backupCount=_LOG_BACKUPS,
                                      encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("yuanbantong.errors")
    logger.addHandler(handler)
    try:
        logger.error("%s", details)
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path


class _Relay(QObject):
    """Lives in the UI thread: an error raised in another thread is shown from there."""

    raised = Signal(object, str)

    def __init__(self) -> None:
        super().__init__()
        self.raised.connect(self._show)

    def _show(self, exc: BaseException, operation: str) -> None:
        from PySide6.QtWidgets import QApplication

        show_unexpected(QApplication.activeWindow(), exc, operation)


_relay: _Relay | None = None


def install_excepthook() -> None:
    """Call from the UI thread once the QApplication exists. KeyboardInterrupt and
    other non-Exception exits still go to Python's own hooks."""
    global _relay
    _relay = relay = _Relay()
    previous = sys.excepthook
    previous_thread = threading.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not isinstance(exc, Exception):
            previous(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        relay.raised.emit(exc, "界面操作")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if not isinstance(args.exc_value, Exception):
            previous_thread(args)
            return
        name = args.thread.name if args.thread is not None else "?"
        relay.raised.emit(args.exc_value, f"后台线程 {name}")

    sys.excepthook = hook
    threading.excepthook = thread_hook
