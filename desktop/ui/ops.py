"""The one way the UI changes data (after Anki's CollectionOp).

``ctx.ops.run(fn, changes={...})`` runs ``fn(session)`` in one write transaction; a
ServiceError becomes a Chinese message (beside the form field when the caller passes
``on_error``); any other exception is a bug or a broken machine and gets the 程序出错
dialog and a log entry (desktop.ui.errors). Either way nothing typed is lost, because
the form is not cleared on failure; on success the bus announces what changed and each
tab refreshes itself.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from desktop.services.errors import ServiceError
from desktop.ui.messages import Messages

if TYPE_CHECKING:  # the ORM stack loads on first use, after the first rows are painted
    from desktop.locations import Reader
    from desktop.services.roles import Principal
    from desktop.services.store import DatabaseFile, Session, Store

T = TypeVar("T")

# Change kinds announced on the bus.
INCOMING = "incoming"
OUTGOING = "outgoing"
SUPERVISION = "supervision"
DUTY = "duty"
REFERENCE = "reference"
SETTINGS = "settings"


class ChangeBus(QObject):
    changed = Signal(object)  # frozenset[str] of change kinds
    # Seconds a write has waited for another program's lock so far; -1 once it is over.
    waiting = Signal(float)
    # (kind, id): show this record in its tab (a 复文 just drafted from 收文, a link clicked)
    show_record = Signal(str, int)


@dataclass
class OpResult(Generic[T]):
    ok: bool
    value: T | None = None
    error: ServiceError | None = None


class Ops:
    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx

    @property
    def store(self) -> Store:
        return self._ctx.store

    @property
    def bus(self) -> ChangeBus:
        return self._ctx.bus

    def run(
        self,
        fn: Callable[[Session], T],
        changes: set[str],
        *,
        parent: QWidget | None = None,
        on_error: Callable[[ServiceError], None] | None = None,
    ) -> OpResult[T]:
        try:
            with self.store.write(actor=self._ctx.actor) as session:
                value = fn(session)
        except ServiceError as exc:
            self._ctx.end_wait()
            if on_error is not None:
                on_error(exc)
            else:
                Messages.error(parent, exc.message)
            return OpResult(False, error=exc)
        except Exception as exc:  # KeyboardInterrupt / SystemExit still end the program
            from desktop.ui.errors import show_unexpected

            self._ctx.end_wait()
            show_unexpected(parent, exc, _operation_name(fn))
            return OpResult(False)
        self._ctx.end_wait()
        self.bus.changed.emit(frozenset(changes))
        return OpResult(True, value=value)

    def read(self, fn: Callable[[Session], T]) -> T:
        with self.store.read() as session:
            return fn(session)


def _operation_name(fn: Callable[..., object]) -> str:
    """For the log: e.g. ``IncomingTab.save.<locals>.<lambda>`` says which slot ran."""
    module = getattr(fn, "__module__", "") or ""
    return f"{module}.{getattr(fn, '__qualname__', repr(fn))}".lstrip(".")


class AppContext:
    """What every tab gets in its constructor. Tabs never reach into each other.

    ``reader`` is a plain sqlite3 connection for registers; ``store`` (SQLAlchemy, for
    every write and detail view) is opened on first use, so the first rows can be
    painted before the ORM is imported.
    """

    def __init__(self, file: DatabaseFile, settings: QSettings, reader: Reader, *,
                 actor: str = "文书", store: Store | None = None) -> None:
        self.file = file  # as inspected at opening: the store opens from it without a second check
        self.path = file.path
        self.settings = settings
        self.reader = reader
        self.actor = actor
        self.bus = ChangeBus()
        self.ops = Ops(self)
        self._store = store
        self.principal: Principal | None = None  # set by sign_in(); None: not signed in (tests)
        self.visible: tuple[str, ...] = ("公开", "内部")  # the 密级 the register may show
        self._waited = False
        if store is not None:
            store.on_wait(self._waiting)
        self.closed = False

    @property
    def store(self) -> Store:
        if self._store is None:
            from desktop.services.store import open_store

            self._store = open_store(self.file)
            self._store.on_wait(self._waiting)
            self._store.principal = self.principal
        return self._store

    def sign_in(self, principal: Principal) -> None:
        """From now on every read and write acts as ``principal`` (checked in services)."""
        self.principal = principal
        self.actor = principal.name
        self.visible = principal.visible_secrecy
        if self._store is not None:  # otherwise the store takes it when it opens
            self._store.principal = principal

    def _waiting(self, seconds: float) -> None:
        """A write waits for another program's lock: say so, and keep painting meanwhile
        (user input is held back, so nothing else starts while this write waits)."""
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication

        self._waited = True
        self.bus.waiting.emit(seconds)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def end_wait(self) -> None:
        if self._waited:
            self._waited = False
            self.bus.waiting.emit(-1.0)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self.reader.close()
        self.closed = True

    def extra(self, key: str, default: Any = None) -> Any:
        return self.settings.value(key, default)
