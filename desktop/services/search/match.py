"""The SQL that finds records by words, for the registers' filter bars and global search.

Imports nothing heavy: the registers build their WHERE text with it on a plain sqlite3
connection.
"""
from __future__ import annotations

import re
from typing import Any

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


# 收〔2025〕0895, 湘卫发〔2025〕12号, typed with any of the brackets people use for 〔〕
_NUMBER = re.compile(r"[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d+")


def names_a_number(text: str) -> bool:
    """Whether the words hold a document number (year in brackets, then its number): it
    matches one record or a few, so counting the matches first to choose how to list them
    would cost as much as listing them (a number's bigrams — 20, 02, 25 — are in every
    record's index entry)."""
    return bool(_NUMBER.search(text))


def matches_over(conn: Any, kind: str, text: str, bound: int) -> bool:
    """Whether ``text``'s words match more than ``bound`` records of ``kind``, counted in the
    index and stopped at bound + 1: how the registers and global search choose to walk a
    date index newest first (many matches) or to look the matches up and sort them (few).
    A document number is taken as few without counting (``names_a_number``)."""
    q = match_query(text)
    if q is None or names_a_number(text):
        return False
    index = KINDS[kind].index
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {index} WHERE {index} MATCH ? LIMIT ?)"
    return conn.execute(sql, (q, bound + 1)).fetchone()[0] > bound
