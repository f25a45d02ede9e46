"""One data function per chart, all of one signature: (db, period, visible, today).

reports.charts.CHARTS pairs each with its figure; the 图表 tab and the monthly report
walk that list, so a new chart is one function here, one figure there and one line in
CHARTS.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.services.stats import incoming, outgoing, supervision
from desktop.services.stats.duty import DutyLoads, duty_loads
from desktop.services.stats.incoming import Bar, HandlingMonth
from desktop.services.stats.periods import Period, months_ending


@dataclass(frozen=True)
class Volume:
    """收文 and 发文 in the 12 months ending with the period, and the same months a year earlier."""

    months: list[dt.date]
    incoming: list[Bar]  # each with its drill filter (收文 register)
    incoming_last_year: list[int]
    outgoing: list[Bar]  # each with its drill filter (发文 register)
    outgoing_last_year: list[int]


def volume(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> Volume:
    bars, last_year = incoming.month_bars(db, period.end, visible, today)
    sent, sent_last_year = outgoing.month_counts(db, period.end, visible)
    months = months_ending(period.end)
    sent_bars = [Bar(f"{m.year}年{m.month}月", n, f)
                 for m, n, f in zip(months, sent, outgoing.month_filters(period.end, visible), strict=True)]
    return Volume(months, bars, last_year, sent_bars, sent_last_year)


@dataclass(frozen=True)
class Senders:
    top: list[Bar]
    total: int

    @property
    def others(self) -> int:
        return self.total - sum(int(b.value) for b in self.top)


def senders(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> Senders:
    top, total = incoming.by_sender(db, period, visible, today)
    return Senders(top, total)


def doc_types(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> list[Bar]:
    return incoming.by_type(db, period, visible, today)


def handling(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> list[HandlingMonth]:
    return incoming.handling_months(db, period.end, visible)


def departments(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> list[supervision.DepartmentRow]:
    return supervision.by_department(db, period, today)


def duty(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> DutyLoads:
    return duty_loads(db, period)
