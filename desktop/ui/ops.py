"""The one way the UI changes data (after Anki's CollectionOp).

``ctx.ops.run(fn, changes={...})`` runs ``fn(session)`` in one write transaction; a
ServiceError becomes a Chinese message (beside the form field when the caller passes
``on_error``) and nothing typed is lost, because the form is not cleared on failure;
on success the bus announces what changed and each tab refreshes itself.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desktop.services.errors import ServiceError
from desktop.services.store import Store
from desktop.ui.messages import Messages

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


@dataclass
class OpResult(Generic[T]):
    ok: bool
    value: T | None = None
    error: ServiceError | None = None


class Ops:
    def __init__(self, store: Store, bus: ChangeBus) -> None:
        self.store = store
        self.bus = bus

    def run(
        self,
        fn: Callable[[Session], T],
        changes: set[str],
        *,
        parent: QWidget | None = None,
        on_error: Callable[[ServiceError], None] | None = None,
    ) -> OpResult[T]:
        try:
            with self.store.write() as session:
                value = fn(session)
        except ServiceError as exc:
            if on_error is not None:
                on_error(exc)
            else:
                Messages.error(parent, exc.message)
            return OpResult(False, error=exc)
        self.bus.changed.emit(frozenset(changes))
        return OpResult(True, value=value)

    def read(self, fn: Callable[[Session], T]) -> T:
        with self.store.read() as session:
            return fn(session)


@dataclass
class AppContext:
    """What every tab gets in its constructor. Tabs never reach into each other."""

    store: Store
    bus: ChangeBus
    ops: Ops
    settings: QSettings
    actor: str = "文书"

    def extra(self, key: str, default: Any = None) -> Any:
        return self.settings.value(key, default)
