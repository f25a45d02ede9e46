"""收文 statistics: per month, by sender, by 文种, handling time in working days.

Each count is the register's own filter (incoming.query.where_clause) with a GROUP BY:
what a bar counts is what the register lists for the bar's drill filter.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from db.stats_rollup import DONE, MONTHS
from desktop.services.incoming.query import IncomingFilter, visible_levels, where_clause
from desktop.services.sqlconn import cleared_where
from desktop.services.stats.cache import remembered
from desktop.services.stats.periods import Period, add_months, month_end, months_ending
from desktop.services.stats.sql import WORKDAYS_TABLE, conn_of, ensure_workdays

TOP_SENDERS = 10


@dataclass(frozen=True)
class Bar:
    """One bar (or slice): its label, its value and the register filter listing what it
    counts (an IncomingFilter or an OutgoingFilter; None: nothing to open)."""

    label: str
    value: float
    drill: Any = None


def received_filter(start: dt.date, end: dt.date, visible: tuple[str, ...], today: dt.date,
                    **more: Any) -> IncomingFilter:
    """The 收文 received from ``start`` to ``end`` (作废 left out), as the register filters them."""
    return IncomingFilter(date_from=start, date_to=end, include_cancelled=False, visible=visible,
                          today=today, **more)


def visible_of(db: Any, visible: tuple[str, ...] | None) -> tuple[str, ...]:
    """The 密级 counted: the caller's, or the signed-in user's (as the register shows them)."""
    return visible if visible is not None else visible_levels(db, IncomingFilter())


def count(db: Any, f: IncomingFilter) -> int:
    where, params = where_clause(f, visible_of(db, f.visible))
    return conn_of(db).execute(f"SELECT count(*) FROM incoming_documents d WHERE {where}", params).fetchone()[0]


def _grouped(db: Any, f: IncomingFilter, key: str, tail: str = "") -> list[tuple[Any, int]]:
    where, params = where_clause(f, visible_of(db, f.visible))
    sql = f"SELECT {key} AS k, count(*) AS n FROM incoming_documents d WHERE {where} GROUP BY k {tail}"
    return list(conn_of(db).execute(sql, params))


def per_month(db: Any, visible: tuple[str, ...], today: dt.date) -> dict[str, int]:
    """收文 per month ('YYYY-MM' → count), every month of the register (作废 left out),
    kept until the database changes. Read from the rollup db.stats_rollup keeps per
    month and 密级 (a few hundred rows, whatever the register's size): the register's
    own filter for one month (received_filter) counts the same documents."""
    where, params = cleared_where(visible_of(db, visible))
    sql = f"SELECT month, sum(n) FROM {MONTHS} d WHERE {where} GROUP BY month"
    return remembered(db, ("incoming.per_month", visible),
                      lambda: {m: n for m, n in conn_of(db).execute(sql, params) if n})


def month_bars(db: Any, end: dt.date, visible: tuple[str, ...], today: dt.date,
               months: int = 12) -> tuple[list[Bar], list[int]]:
    """收文 in each of the ``months`` months ending with ``end``'s month, and a year earlier."""
    firsts = months_ending(end, months)
    counts = per_month(db, visible, today)
    bars = [Bar(f"{m.year}年{m.month}月", counts.get(f"{m:%Y-%m}", 0),
                received_filter(m, month_end(m), visible, today)) for m in firsts]
    last_year = [counts.get(f"{add_months(m, -12):%Y-%m}", 0) for m in firsts]
    return bars, last_year


def by_sender(db: Any, period: Period, visible: tuple[str, ...], today: dt.date,
              top: int = TOP_SENDERS) -> tuple[list[Bar], int]:
    """The ``top`` senders of the period, most documents first, and the period's total."""
    f = received_filter(period.start, period.end, visible, today)
    rows = remembered(db, ("incoming.by_sender", period, visible, today),
                      lambda: _grouped(db, f, "d.sender", "ORDER BY n DESC, k"))
    bars = [Bar(sender, n, replace(f, sender=sender)) for sender, n in rows[:top]]
    return bars, sum(n for _s, n in rows)


def by_type(db: Any, period: Period, visible: tuple[str, ...], today: dt.date) -> list[Bar]:
    """收文 of the period per 文种, most first."""
    f = received_filter(period.start, period.end, visible, today)
    rows = remembered(db, ("incoming.by_type", period, visible, today),
                      lambda: _grouped(db, f, "d.doc_type", "ORDER BY n DESC, k"))
    return [Bar(doc_type, n, replace(f, doc_type=doc_type)) for doc_type, n in rows]


@dataclass(frozen=True)
class HandlingMonth:
    """收文 办结 in one month: how many, working days taken, share done within its 时限."""

    month: dt.date
    done: int
    median: float | None  # working days from receipt to 办结
    p90: float | None  # nearest rank: 90% took this many or fewer
    with_deadline: int
    within_deadline: int

    @property
    def within_share(self) -> float | None:
        return self.within_deadline / self.with_deadline * 100 if self.with_deadline else None


# The rollup (db.stats_rollup) holds the 办结 per (办结 day, received day, 密级): a few
# thousand pairs instead of every document. Each pair's working days are
# n(办结) - n(received), a histogram per month, and the median (mean of the two middle
# ranks) and the 90th percentile (nearest rank) read off its running total, all inside
# SQLite. One row per month comes back.
_HANDLING_SQL = f"""
WITH p AS (
  SELECT substr(d.completed_on, 1, 7) AS m, d.received_on AS rd, d.completed_on AS cd, sum(d.n) AS c,
         sum(d.with_deadline) AS hd, sum(d.within_deadline) AS wd
  FROM {DONE} d
  WHERE d.completed_on >= ? AND d.completed_on <= ? AND {{secrecy}}
  GROUP BY cd, rd
), h AS (
  SELECT p.m, e.n - s.n AS w, sum(p.c) AS c, sum(p.hd) AS hd, sum(p.wd) AS wd
  FROM p JOIN {WORKDAYS_TABLE} s ON s.day = p.rd JOIN {WORKDAYS_TABLE} e ON e.day = p.cd
  WHERE p.c > 0
  GROUP BY p.m, w
), r AS (
  SELECT m, w, hd, wd, sum(c) OVER (PARTITION BY m ORDER BY w ROWS UNBOUNDED PRECEDING) AS cum,
         sum(c) OVER (PARTITION BY m) AS total
  FROM h
)
SELECT m, max(total),
       (min(CASE WHEN cum >= (total + 1) / 2 THEN w END) + min(CASE WHEN cum >= total / 2 + 1 THEN w END)) / 2.0,
       min(CASE WHEN cum >= (9 * total + 9) / 10 THEN w END),
       sum(hd), sum(wd)
FROM r GROUP BY m ORDER BY m
"""


def _handling_span(db: Any, first: dt.date, last: dt.date, visible: tuple[str, ...]) -> dict[str, tuple]:
    """'YYYY-MM' → (办结, median, p90, with 时限, within 时限) for the months from ``first`` to ``last``."""
    conn = conn_of(db)
    secrecy, secrecy_params = cleared_where(visible)
    params = [first.isoformat(), last.isoformat(), *secrecy_params]
    # the ordinal table from the register's first receipt: built once, not widened at each step
    received = conn.execute("SELECT min(received_at) FROM incoming_documents").fetchone()[0]
    rows: dict[str, tuple] = {}
    if received is not None:
        ensure_workdays(conn, min(first, dt.date.fromisoformat(str(received)[:10])), last)
        for m, c, med, p90, with_d, within in conn.execute(_HANDLING_SQL.format(secrecy=secrecy), params):
            rows[m] = (c, med, p90, with_d or 0, within or 0)
    return rows


def handling_months(db: Any, end: dt.date, visible: tuple[str, ...], months: int = 12) -> list[HandlingMonth]:
    """收文 办结 in each of the ``months`` months ending with ``end``'s month (作废 left out)."""
    firsts = months_ending(end, months)
    # months counted so far on this connection (until the database changes): a period
    # step counts the one month it adds, not twelve
    rows, done = remembered(db, ("incoming.handling", visible), lambda: ({}, set()))
    missing = [m for m in firsts if m not in done]
    if missing:
        a, b = missing[0], missing[-1]
        rows.update(_handling_span(db, a, month_end(b), visible))
        done.update(months_ending(b, (b.year - a.year) * 12 + b.month - a.month + 1))
    out = []
    for m in firsts:
        c, med, p90, with_d, within = rows.get(f"{m:%Y-%m}", (0, None, None, 0, 0))
        out.append(HandlingMonth(m, c, None if med is None else float(med),
                                 None if p90 is None else float(p90), with_d, within))
    return out
