"""The plain-SQL helpers the registers, search and statistics share."""
from __future__ import annotations

import sqlite3
from typing import Any

from desktop.services.incoming.vocab import (
    SECRECY_LEVELS,  # the one 密级 ladder (roles.py reads it too)
)


def driver(db: Any) -> sqlite3.Connection:
    """The DBAPI connection of a Session (same transaction) or a sqlite3 connection."""
    if isinstance(db, sqlite3.Connection):
        return db
    return db.connection().connection.driver_connection


def cleared_where(visible: tuple[str, ...], column: str = "d.secrecy") -> tuple[str, list]:
    """WHERE text keeping the records a viewer cleared for ``visible`` may see ('1' when
    cleared for every 密级, '0' for none) and its parameters."""
    if not set(SECRECY_LEVELS) - set(visible):
        return "1", []
    if not visible:
        return "0", []
    # "+": a condition checked on each row, never the index SQLite walks. Led by the 密级
    # index, a 文书's register walked the 公开 and 内部 entries (nearly all of them) and
    # sorted them: 未办结 at 1,000,000 took 676 ms instead of 20, a number 92 ms instead of 23.
    return f"+{column} IN ({', '.join('?' * len(visible))})", list(visible)


def limit_sql(limit: int | None) -> str:
    """' LIMIT n' for the first n rows of a listing (a register's first page), '' for all."""
    return "" if limit is None else f" LIMIT {int(limit)}"
