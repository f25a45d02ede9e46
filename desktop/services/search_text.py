"""Bigram text for the FTS5 (unicode61) search tables.

Each text becomes the sequence of its overlapping two-character pieces, punctuation
dropped, plus its last character; a query becomes a phrase of the same pieces, so
consecutive bigrams match exactly where the query occurs. One-character queries use
a prefix match. (FTS5 trigram cannot find 1-2 character queries such as 医保.)
"""
from __future__ import annotations


def _chars(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def bigram_body(*parts: str) -> str:
    """The indexed body for several fields; pieces never span two fields."""
    tokens: list[str] = []
    for part in parts:
        s = _chars(part or "")
        if not s:
            continue
        tokens.extend(s[i : i + 2] for i in range(len(s) - 1))
        tokens.append(s[-1])
    return " ".join(tokens)


def match_query(query: str) -> str | None:
    """FTS5 MATCH expression for a user's words (all must occur), or None if nothing to search."""
    clauses = []
    for word in query.split():
        s = _chars(word)
        if not s:
            continue
        if len(s) == 1:
            clauses.append(f"{s}*")
        else:
            clauses.append('"' + " ".join(s[i : i + 2] for i in range(len(s) - 1)) + '"')
    return " AND ".join(clauses) or None
