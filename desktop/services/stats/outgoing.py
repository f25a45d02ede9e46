"""发文 statistics: documents signed off (签发) per month, 作废 left out.

A 发文 counts in the month of its 签发日期: that is when it takes its 发文字号.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.services.stats.periods import Period, add_months, month_end, months_ending
from desktop.services.stats.sql import conn_of, placeholders

_WHERE = "o.signed_on >= ? AND o.signed_on <= ? AND o.cancelled_at IS NULL AND o.secrecy IN ({})"


def _params(first: dt.date, last: dt.date, visible: tuple[str, ...]) -> list:
    return [first.isoformat(), last.isoformat(), *visible]


def count(db: Any, period: Period, visible: tuple[str, ...]) -> int:
    sql = f"SELECT count(*) FROM outgoing_documents o WHERE {_WHERE.format(placeholders(visible))}"
    return conn_of(db).execute(sql, _params(period.start, period.end, visible)).fetchone()[0]


def month_counts(db: Any, end: dt.date, visible: tuple[str, ...], months: int = 12) -> tuple[list[int], list[int]]:
    """发文 in each of the ``months`` months ending with ``end``'s month, and a year earlier."""
    firsts = months_ending(end, months)
    sql = (f"SELECT substr(o.signed_on, 1, 7) AS m, count(*) FROM outgoing_documents o "
           f"WHERE {_WHERE.format(placeholders(visible))} GROUP BY m")
    counts = dict(conn_of(db).execute(sql, _params(add_months(firsts[0], -12), month_end(firsts[-1]), visible)))
    return ([counts.get(f"{m:%Y-%m}", 0) for m in firsts],
            [counts.get(f"{add_months(m, -12):%Y-%m}", 0) for m in firsts])
