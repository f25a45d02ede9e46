"""The key figures above the charts, each with the previous period's value.

收文 figures count the documents received in the period: all of them, those still
open (未办结) and those overdue today, each with the register filter that lists them.
未办结 and 逾期 are stocks at a moment, not flows: their change is told in 件.
发文 counts those signed off in the period (with its register filter); 督办 the 督办通报's
on-time rate and the items overdue at its end (or today), each with the 督办 register
filter listing the items behind it (for the rate: those due or done, its base).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from desktop.services.incoming.query import IncomingFilter
from desktop.services.incoming.steps import OPEN
from desktop.services.stats import incoming, outgoing, supervision
from desktop.services.stats.cache import remembered
from desktop.services.stats.periods import Period, change


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: float | None
    previous: float | None
    unit: str  # 件, 项 or %
    drill: Any = None  # the register filter listing the records behind the value (None: nothing to open)
    by_difference: bool = False  # the change as a difference in ``unit`` (较上月 +12 件), not per cent
    what: str = ""  # what the drill-down lists, in words (收文中未办结); the label if empty

    def __post_init__(self) -> None:
        if not self.what:
            object.__setattr__(self, "what", self.label)

    @property
    def change(self) -> float | None:
        """Per cent against the previous period; for a rate (points) or a figure kept
        ``by_difference`` (件), the plain difference."""
        if self.unit == "%" or self.by_difference:
            return None if self.value is None or self.previous is None else self.value - self.previous
        return change(self.value, self.previous)


def _incoming(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> list[IncomingFilter]:
    base = incoming.received_filter(period.start, period.end, visible, today)
    return [base, replace(base, step=OPEN), replace(base, overdue=True)]


def _day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def key_figures(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> list[KeyFigure]:
    """The figures of ``period`` (kept until the database changes: going back and forth
    between periods asks for the same ones again)."""
    return remembered(db, ("key_figures", period, visible, today), lambda: _key_figures(db, period, visible, today))


def _counts(db: Any, period: Period, visible: tuple[str, ...], today: dt.date,
            ) -> tuple[list[int], int, supervision.Totals]:
    """The period's 收文 (all, 未办结, 逾期), 发文 and 督办 figures, kept until the database
    changes: the previous period's are the current ones one step back."""
    def compute() -> tuple[list[int], int, supervision.Totals]:
        return ([incoming.count(db, f) for f in _incoming(db, period, visible, today)],
                outgoing.count(db, period, visible), supervision.totals(db, period, today))

    return remembered(db, ("figures.counts", period, visible, today), compute)


def _key_figures(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> list[KeyFigure]:
    prev = period.previous()
    now_f = _incoming(db, period, visible, today)
    now_n, sent_now, sup_now = _counts(db, period, visible, today)
    prev_n, sent_prev, sup_prev = _counts(db, prev, visible, today)
    as_of = period.as_of(today)
    return [
        KeyFigure("received", "收文", now_n[0], prev_n[0], "件", now_f[0]),
        KeyFigure("sent", "发文", sent_now, sent_prev, "件",
                  outgoing.signed_filter(period.start, period.end, visible)),
        KeyFigure("open", "其中未办结", now_n[1], prev_n[1], "件", now_f[1], by_difference=True,
                  what="收文中未办结"),
        KeyFigure("overdue", "其中逾期", now_n[2], prev_n[2], "件", now_f[2], by_difference=True,
                  what="收文中逾期"),
        KeyFigure("supervision_overdue", "督办逾期", sup_now.overdue, sup_prev.overdue, "项",
                  supervision.drill(period, today, "overdue"), what=f"督办逾期未办结（截至{_day(as_of)}）"),
        KeyFigure("on_time", "督办按期办结率", sup_now.on_time_rate, sup_prev.on_time_rate, "%",
                  supervision.drill(period, today, "due"),
                  what=f"督办已到期或已办结的事项（按期办结 {sup_now.on_time} 项、逾期办结 {sup_now.late} 项、"
                       f"逾期未办结 {sup_now.overdue} 项；截至{_day(as_of)}）"),
    ]
