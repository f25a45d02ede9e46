"""Bulk-loading helpers for the demo: indexes built once at the end instead of row by row.

收文 has twelve secondary indexes and its child tables one each; kept while a million rows
go in, every row pays a B-tree insert per index, most of them in random order (科室, 文种,
环节 …). Dropped first and created again from their own CREATE INDEX text, each is
built by one sort. The schema ends as it began (tests/db/test_migrations compares it).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable

INCOMING_TABLES = ("incoming_documents", "incoming_instructions", "incoming_assignments",
                   "incoming_circulations", "incoming_reminders", "incoming_events")


def drop_indexes(conn: sqlite3.Connection, tables: Iterable[str]) -> dict[str, list[str]]:
    """Drop the secondary indexes of ``tables`` (not the automatic unique ones); their
    CREATE INDEX statements, by table, to give back to ``create_indexes``."""
    by_table: dict[str, list[str]] = {}
    for table in tables:
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                            "AND sql IS NOT NULL ORDER BY name", (table,)).fetchall()
        by_table[table] = [sql for _name, sql in rows]
        for name, _sql in rows:
            conn.execute(f'DROP INDEX "{name}"')
    return by_table


def create_indexes(conn: sqlite3.Connection, dropped: dict[str, list[str]], tables: Iterable[str]) -> None:
    for table in tables:
        for sql in dropped.pop(table, []):
            conn.execute(sql)
