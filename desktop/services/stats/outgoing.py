"""发文 statistics: documents signed off (签发) per month, 作废 left out.

A 发文 counts in the month of its 签发日期: that is when it takes its 发文字号.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from db.stats_rollup import SENT
from desktop.services.outgoing.query import OutgoingFilter, where_clause
from desktop.services.sqlconn import cleared_where
from desktop.services.stats.cache import remembered
from desktop.services.stats.periods import Period, add_months, month_end, months_ending
from desktop.services.stats.sql import conn_of


def signed_filter(start: dt.date, end: dt.date, visible: tuple[str, ...]) -> OutgoingFilter:
    """The 发文 signed off from ``start`` to ``end`` (作废 left out), as the register filters them."""
    return OutgoingFilter(date_from=start, date_to=end, include_cancelled=False, visible=visible)


def _count_sql(f: OutgoingFilter) -> tuple[str, list]:
    where, params = where_clause(f, f.visible or ())
    return f"SELECT count(*) FROM outgoing_documents d WHERE {where}", params


def count(db: Any, period: Period, visible: tuple[str, ...]) -> int:
    sql, params = _count_sql(signed_filter(period.start, period.end, visible))
    return conn_of(db).execute(sql, params).fetchone()[0]


def per_month(db: Any, visible: tuple[str, ...]) -> dict[str, int]:
    """发文 per month of 签发 ('YYYY-MM' → count) over the whole register, kept until a
    change. Read from the rollup db.stats_rollup keeps per month and 密级 (a few hundred
    rows, whatever the register's size); signed_filter for one month lists the same 发文."""
    where, params = cleared_where(visible)
    sql = f"SELECT month, sum(n) FROM {SENT} d WHERE {where} GROUP BY month"
    return remembered(db, ("outgoing.per_month", visible),
                      lambda: {m: n for m, n in conn_of(db).execute(sql, params) if n})


def month_counts(db: Any, end: dt.date, visible: tuple[str, ...], months: int = 12) -> tuple[list[int], list[int]]:
    """发文 in each of the ``months`` months ending with ``end``'s month, and a year earlier."""
    firsts = months_ending(end, months)
    counts = per_month(db, visible)
    return ([counts.get(f"{m:%Y-%m}", 0) for m in firsts],
            [counts.get(f"{add_months(m, -12):%Y-%m}", 0) for m in firsts])


def month_filters(end: dt.date, visible: tuple[str, ...], months: int = 12) -> list[OutgoingFilter]:
    """The register filter behind each month's 发文 bar."""
    return [signed_filter(m, month_end(m), visible) for m in months_ending(end, months)]
