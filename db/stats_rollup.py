"""Per-month rollups of 收文 and 发文 for the 图表 tab, kept in step by triggers (migration 0017).

On 1,000,000 documents the two charts over 12 months (and the same months a year
earlier) read every row's index entry: 收文 per month 250 ms, 办结 per month with its
handling time 270 ms, 发文 per month of 签发 242 ms, all growing with the registers.
Three small tables hold the same counts, so each chart reads a few thousand rows
whatever the registers' size:

- ``stats_incoming_months``: 收文 not 作废, per month of receipt (``YYYY-MM`` of
  received_at) and 密级;
- ``stats_incoming_done``: 收文 not 作废 and 办结, per 办结 day, day of receipt and 密级,
  with how many had a 办理时限 and how many were 办结 within it. Working days are not
  stored: the office's calendar can change, and two days' working-day distance is read
  from services.stats.sql's ordinal table when the chart is counted;
- ``stats_outgoing_months``: 发文 签发 and not 作废, per month of 签发 and 密级.

Triggers on incoming_documents and outgoing_documents take a row's old contribution out and put its new one in
on every insert, delete and change of the columns counted, by any writer (ORM, the Excel
import's Core inserts, a restore's file already holds its tables). A bulk loader that
drops them (the demo: services.demo_bulk) calls ``rebuild`` after its load: one
INSERT … SELECT per table, not a trigger per row. Rows whose count went to 0 stay (a sum
over them is the same); ``rebuild`` leaves none.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MONTHS = "stats_incoming_months"
DONE = "stats_incoming_done"
SENT = "stats_outgoing_months"


@dataclass(frozen=True)
class Rollup:
    """One table: its key columns and the expressions giving them from a row ``{r}``,
    which rows count, and the counts beside ``n`` (column, expression)."""

    table: str
    source: str
    keys: tuple[tuple[str, str], ...]
    counted: str
    sums: tuple[tuple[str, str], ...] = ()

    def _fill(self, text: str, r: str) -> str:
        return text.format(r=r)

    def add(self, r: str) -> str:
        cols = ", ".join([k for k, _ in self.keys] + ["n"] + [c for c, _ in self.sums])
        values = ", ".join([self._fill(e, r) for _, e in self.keys] + ["1"] + [self._fill(e, r) for _, e in self.sums])
        more = "".join(f", {c} = {c} + excluded.{c}" for c, _ in self.sums)
        return (f"INSERT INTO {self.table} ({cols}) SELECT {values} WHERE {self._fill(self.counted, r)}\n"
                f"    ON CONFLICT ({', '.join(k for k, _ in self.keys)}) DO UPDATE SET n = n + 1{more};")

    def take(self, r: str) -> str:
        more = "".join(f", {c} = {c} - ({self._fill(e, r)})" for c, e in self.sums)
        where = " AND ".join(f"{k} = {self._fill(e, r)}" for k, e in self.keys)
        return (f"UPDATE {self.table} SET n = n - 1{more}\n"
                f"    WHERE {self._fill(self.counted, r)} AND {where};")

    def rebuild(self) -> tuple[str, str]:
        cols = ", ".join([k for k, _ in self.keys] + ["n"] + [c for c, _ in self.sums])
        values = ", ".join([self._fill(e, "d") for _, e in self.keys] + ["count(*)"]
                           + [f"sum({self._fill(e, 'd')})" for _, e in self.sums])
        groups = ", ".join(str(i + 1) for i in range(len(self.keys)))
        return (f"DELETE FROM {self.table}",
                f"INSERT INTO {self.table} ({cols}) SELECT {values} FROM {self.source} d "
                f"WHERE {self._fill(self.counted, 'd')} GROUP BY {groups}")


_INCOMING = (
    Rollup(MONTHS, "incoming_documents",
           (("month", "substr({r}.received_at, 1, 7)"), ("secrecy", "{r}.secrecy")),
           "{r}.cancelled_at IS NULL"),
    Rollup(DONE, "incoming_documents",
           (("completed_on", "substr({r}.completed_on, 1, 10)"), ("received_on", "substr({r}.received_at, 1, 10)"),
            ("secrecy", "{r}.secrecy")),
           "{r}.cancelled_at IS NULL AND {r}.completed_on IS NOT NULL",
           (("with_deadline", "{r}.deadline IS NOT NULL"),
            ("within_deadline", "coalesce({r}.completed_on <= {r}.deadline, 0)"))),
)
_OUTGOING = (
    Rollup(SENT, "outgoing_documents",
           (("month", "substr({r}.signed_on, 1, 7)"), ("secrecy", "{r}.secrecy")),
           "{r}.cancelled_at IS NULL AND {r}.signed_on IS NOT NULL"),
)


def _triggers(name: str, table: str, watched: str, rollups: tuple[Rollup, ...]) -> tuple[str, ...]:
    def body(*parts: str) -> str:
        return "".join(f"\n  {p}" for p in parts) + "\nEND"

    return (
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN" + body(*(x.add("NEW") for x in rollups)),
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN" + body(*(x.take("OLD") for x in rollups)),
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {watched} ON {table} BEGIN"
        + body(*(x.take("OLD") for x in rollups), *(x.add("NEW") for x in rollups)),
    )


TRIGGERS = (
    *_triggers("stats_incoming", "incoming_documents", "received_at, secrecy, cancelled_at, completed_on, deadline",
               _INCOMING),
    *_triggers("stats_outgoing", "outgoing_documents", "signed_on, secrecy, cancelled_at", _OUTGOING),
)
TRIGGER_NAMES = tuple(f"stats_{kind}_{event}" for kind in ("incoming", "outgoing")
                      for event in ("insert", "delete", "update"))
REBUILD = tuple(sql for rollup in (*_INCOMING, *_OUTGOING) for sql in rollup.rebuild())


def rebuild(conn: Any) -> None:
    """Count every table afresh from the registers (a DBAPI or SQLAlchemy connection)."""
    run = conn.exec_driver_sql if hasattr(conn, "exec_driver_sql") else conn.execute
    for sql in REBUILD:
        run(sql)
