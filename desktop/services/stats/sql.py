"""The connection under a Session or a plain reader, and the working-day ordinal table.

Handling times in working days stay one SQL aggregate: a temporary table numbers the
working days of the span involved (n = working days from the span's start up to and
including the day, from services.workcal), so the working days in (a, b] are
n(b) - n(a), two index lookups per document. It is a few hundred rows per year, kept
per connection and rebuilt only when a wider span is asked for. ``work`` (1 or 0) marks
the working days themselves: a duty on a day with work = 0 is a rest-day/holiday duty.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from desktop.services import workcal
from desktop.services.sqlconn import driver

WORKDAYS_TABLE = "temp.stats_workdays"


conn_of = driver  # a Session's DBAPI connection, or a sqlite3 one


def ensure_workdays(conn: sqlite3.Connection, first: dt.date, last: dt.date) -> None:
    """Make the ordinal table cover [first, last]."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {WORKDAYS_TABLE} (day TEXT PRIMARY KEY, n INTEGER, work INTEGER)"
                 " WITHOUT ROWID")
    lo, hi = conn.execute(f"SELECT min(day), max(day) FROM {WORKDAYS_TABLE}").fetchone()
    if lo is not None and lo <= first.isoformat() and hi >= last.isoformat():
        return
    if lo is not None:  # widen: renumber the union of both spans
        first, last = min(first, dt.date.fromisoformat(lo)), max(last, dt.date.fromisoformat(hi))
    rows, n, day = [], 0, first
    while day <= last:
        work = workcal.is_workday(day)
        n += work
        rows.append((day.isoformat(), n, int(work)))
        day += dt.timedelta(days=1)
    was_open = conn.in_transaction
    conn.execute(f"DELETE FROM {WORKDAYS_TABLE}")
    conn.executemany(f"INSERT INTO {WORKDAYS_TABLE} VALUES (?, ?, ?)", rows)
    if not was_open:  # a plain reader must not stay inside a transaction (a stale snapshot)
        conn.commit()


def iso(day: dt.date) -> str:
    return day.isoformat()


def placeholders(values: tuple | list) -> str:
    return ", ".join("?" * len(values))
