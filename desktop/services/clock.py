"""The one clock of the program: whole seconds, and a way for tests to pin "now".

Every stored time goes through now(); every "today" through today(). Tests pin both
with ``frozen(...)`` instead of reading the wall clock.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

_pinned: dt.datetime | None = None


def now() -> dt.datetime:
    """The current local time to the second (stored times never carry microseconds)."""
    if _pinned is not None:
        return _pinned
    return dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def to_second(value: dt.datetime) -> dt.datetime:
    """A time as it is stored: whole seconds."""
    return value.replace(microsecond=0)


@contextmanager
def frozen(at: dt.datetime | dt.date) -> Iterator[dt.datetime]:
    """Pin now() and today() (tests): ``with clock.frozen(dt.datetime(2026, 10, 8, 9)):``."""
    global _pinned
    if not isinstance(at, dt.datetime):
        at = dt.datetime.combine(at, dt.time(9, 0))
    previous, _pinned = _pinned, to_second(at)
    try:
        yield _pinned
    finally:
        _pinned = previous
