"""发文 statistics: documents signed off (签发) per month, 作废 left out.

A 发文 counts in the month of its 签发日期: that is when it takes its 发文字号.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.services.outgoing.query import OutgoingFilter, where_clause
from desktop.services.stats.cache import remembered
from desktop.services.stats.periods import Period, add_months, month_end, months_ending
from desktop.services.stats.sql import conn_of


def signed_filter(start: dt.date, end: dt.date, visible: tuple[str, ...]) -> OutgoingFilter:
    """The 发文 signed off from ``start`` to ``end`` (作废 left out), as the register filters them."""
    return OutgoingFilter(date_from=start, date_to=end, include_cancelled=False, visible=visible)


def _count_sql(f: OutgoingFilter, group: str = "") -> tuple[str, list]:
    where, params = where_clause(f, f.visible or ())
    key = f"{group} AS m, " if group else ""
    return (f"SELECT {key}count(*) FROM outgoing_documents d WHERE {where}"
            f"{' GROUP BY m' if group else ''}"), params


def count(db: Any, period: Period, visible: tuple[str, ...]) -> int:
    sql, params = _count_sql(signed_filter(period.start, period.end, visible))
    return conn_of(db).execute(sql, params).fetchone()[0]


def per_month(db: Any, visible: tuple[str, ...]) -> dict[str, int]:
    """发文 per month of 签发 ('YYYY-MM' → count) over the whole register, kept until a change."""
    f = OutgoingFilter(date_from=dt.date(1, 1, 1), include_cancelled=False, visible=visible)
    sql, params = _count_sql(f, "substr(d.signed_on, 1, 7)")
    return remembered(db, ("outgoing.per_month", visible), lambda: dict(conn_of(db).execute(sql, params)))


def month_counts(db: Any, end: dt.date, visible: tuple[str, ...], months: int = 12) -> tuple[list[int], list[int]]:
    """发文 in each of the ``months`` months ending with ``end``'s month, and a year earlier."""
    firsts = months_ending(end, months)
    counts = per_month(db, visible)
    return ([counts.get(f"{m:%Y-%m}", 0) for m in firsts],
            [counts.get(f"{add_months(m, -12):%Y-%m}", 0) for m in firsts])


def month_filters(end: dt.date, visible: tuple[str, ...], months: int = 12) -> list[OutgoingFilter]:
    """The register filter behind each month's 发文 bar."""
    return [signed_filter(m, month_end(m), visible) for m in months_ending(end, months)]
