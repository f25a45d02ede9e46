"""The SQL that finds records by words, for the registers' filter bars and global search.

Imports nothing heavy: the registers build their WHERE text with it on a plain sqlite3
connection.
"""
from __future__ import annotations

from desktop.services.search.kinds import KINDS
from desktop.services.search_text import match_query


def match_clause(kind: str, text: str, column: str = "id") -> tuple[str, list[str]]:
    """WHERE text keeping records of ``kind`` whose search text has all of ``text``'s words,
    as ``column IN (…)``, and its one parameter; ("0", []) when the words hold nothing to
    search (only punctuation)."""
    q = match_query(text)
    if q is None:
        return "0", []
    index = KINDS[kind].index
    return f"{column} IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)", [q]
