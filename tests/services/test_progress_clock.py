"""The shared clock and the progress/cancel protocol."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import clock
from desktop.services.progress import Cancelled, Progress


def test_now_has_whole_seconds() -> None:
    assert clock.now().microsecond == 0


def test_frozen_pins_now_and_today_and_restores() -> None:
    with clock.frozen(dt.datetime(2026, 10, 8, 9, 30, 15, 999)):
        assert clock.now() == dt.datetime(2026, 10, 8, 9, 30, 15)
        assert clock.today() == dt.date(2026, 10, 8)
        with clock.frozen(dt.date(2027, 1, 4)):
            assert clock.now() == dt.datetime(2027, 1, 4, 9, 0)
        assert clock.today() == dt.date(2026, 10, 8)
    assert clock.today() == dt.date.today()


def test_report_reaches_the_watcher_until_cancelled() -> None:
    seen: list[tuple[int, int, str]] = []
    p = Progress(lambda done, total, stage: seen.append((done, total, stage)))
    p.report(1, 10, "收文")
    p.cancel()
    with pytest.raises(Cancelled):
        p.report(2, 10)
    with pytest.raises(Cancelled):
        p.check()
    assert seen == [(1, 10, "收文")]
    assert p.cancelled
