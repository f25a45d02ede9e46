"""The key figures above the charts, each with the previous period's value.

收文 figures count the documents received in the period: all of them, those still
open (未办结) and those overdue today, each with the register filter that lists them.
发文 counts those signed off in the period; 督办 the on-time rate of the items closed
in it and the items overdue at its end (or today).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from desktop.services.incoming.query import IncomingFilter
from desktop.services.incoming.steps import OPEN
from desktop.services.stats import incoming, outgoing, supervision
from desktop.services.stats.periods import Period, change


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: float | None
    previous: float | None
    unit: str  # 件, 项 or %
    drill: IncomingFilter | None = None  # the 收文 behind the value (None: not 收文)

    @property
    def change(self) -> float | None:
        """Per cent against the previous period; for a rate, the difference in points."""
        if self.unit == "%":
            return None if self.value is None or self.previous is None else self.value - self.previous
        return change(self.value, self.previous)


def _incoming(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> list[IncomingFilter]:
    base = incoming.received_filter(period.start, period.end, visible, today)
    return [base, replace(base, step=OPEN), replace(base, overdue=True)]


def key_figures(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> list[KeyFigure]:
    prev = period.previous()
    now_f, prev_f = _incoming(db, period, visible, today), _incoming(db, prev, visible, today)
    now_n = [incoming.count(db, f) for f in now_f]
    prev_n = [incoming.count(db, f) for f in prev_f]
    sup_now, sup_prev = supervision.totals(db, period, today), supervision.totals(db, prev, today)
    return [
        KeyFigure("received", "收文", now_n[0], prev_n[0], "件", now_f[0]),
        KeyFigure("sent", "发文", outgoing.count(db, period, visible), outgoing.count(db, prev, visible), "件"),
        KeyFigure("open", "其中未办结", now_n[1], prev_n[1], "件", now_f[1]),
        KeyFigure("overdue", "其中逾期", now_n[2], prev_n[2], "件", now_f[2]),
        KeyFigure("supervision_overdue", "督办逾期", sup_now.overdue, sup_prev.overdue, "项"),
        KeyFigure("on_time", "督办按期办结率", sup_now.on_time_rate, sup_prev.on_time_rate, "%"),
    ]
