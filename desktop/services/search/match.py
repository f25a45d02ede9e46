"""The SQL that finds records by words, for the registers' filter bars and global search.

Imports nothing heavy: the registers build their WHERE text with it on a plain sqlite3
connection.
"""
from __future__ import annotations

import re

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
