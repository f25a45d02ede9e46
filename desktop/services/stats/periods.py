"""The periods a chart covers: a month, a quarter, a year or any span of days."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
KIND_LABELS = {MONTH: "月", QUARTER: "季度", YEAR: "年", CUSTOM: "自定义"}


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return add_months(day, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        s = self.start
        if self.kind == MONTH:
            return f"{s.year}年{s.month}月"
        if self.kind == QUARTER:
            return f"{s.year}年第{(s.month - 1) // 3 + 1}季度"
        if self.kind == YEAR:
            return f"{s.year}年"
        return f"{s.isoformat()} 至 {self.end.isoformat()}"

    @property
    def noun(self) -> str:
        """How the report names it: 本月, 本季度, 本年, 本期."""
        return {MONTH: "本月", QUARTER: "本季度", YEAR: "本年"}.get(self.kind, "本期")

    @property
    def previous_noun(self) -> str:
        return {MONTH: "上月", QUARTER: "上季度", YEAR: "上年"}.get(self.kind, "上期")

    def previous(self) -> Period:
        """The period just before, of the same kind and length (for the change figures)."""
        if self.kind == MONTH:
            return month(add_months(self.start, -1))
        if self.kind == QUARTER:
            return quarter(add_months(self.start, -3))
        if self.kind == YEAR:
            return year(self.start.year - 1)
        return Period(CUSTOM, self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def as_of(self, today: dt.date) -> dt.date:
        """The day whose end the snapshot figures (overdue) describe: the period's last day, or today."""
        return min(self.end, today)


def month(day: dt.date) -> Period:
    start = day.replace(day=1)
    return Period(MONTH, start, month_end(start))


def quarter(day: dt.date) -> Period:
    start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period(QUARTER, start, month_end(add_months(start, 2)))


def year(number: int) -> Period:
    return Period(YEAR, dt.date(number, 1, 1), dt.date(number, 12, 31))


def custom(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise ValueError("结束日期不能早于开始日期。")
    return Period(CUSTOM, start, end)


def of_kind(kind: str, day: dt.date) -> Period:
    """The month, quarter or year containing ``day``."""
    if kind == MONTH:
        return month(day)
    if kind == QUARTER:
        return quarter(day)
    if kind == YEAR:
        return year(day.year)
    raise ValueError(kind)


def parse_month(text: str) -> Period:
    """"2026-10" → October 2026 (the CLI's --month)."""
    try:
        y, m = text.strip().split("-")
        return month(dt.date(int(y), int(m), 1))
    except ValueError:
        raise ValueError(f"月份应写作 YYYY-MM，例如 2026-10：{text}") from None


def months_ending(end: dt.date, count: int = 12) -> list[dt.date]:
    """The first days of the ``count`` months ending with ``end``'s month, oldest first."""
    last = end.replace(day=1)
    return [add_months(last, k - count + 1) for k in range(count)]


def change(current: float | None, previous: float | None) -> float | None:
    """Relative change in per cent; None when there is nothing to compare with."""
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / previous * 100
