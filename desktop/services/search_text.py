"""Bigram text for the FTS5 (unicode61) search tables, folded to one script.

Each text becomes the sequence of its overlapping two-character pieces, punctuation
dropped, plus its last character; a query becomes a phrase of the same pieces, so
consecutive bigrams match exactly where the query occurs. One-character queries use
a prefix match. (FTS5 trigram cannot find 1-2 character queries such as 医保.)

Both the indexed text and the query are folded from traditional to simplified
characters (院辦 → 院办, 醫院 → 医院) with OpenCC's maintained tables, so either script
finds the other. The fold is per character, never per phrase: OpenCC's phrase rules
change a character by its neighbours (乾隆 keeps 乾, 乾 alone becomes 干), and a query
must fold to a piece of the folded text wherever it occurs in it. Every mapping is one
character to one character, so folding a stored bigram body equals the body of the
folded text (migration 0003 refolds the index that way).
"""
from __future__ import annotations

import re
from functools import cache

# Unicode blocks holding CJK ideographs (basic, extensions A-H, compatibility).
_CJK_BLOCKS = (
    (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0),
    (0x2A700, 0x2EBF0), (0x2F800, 0x2FA20), (0x30000, 0x323B0),
)


@cache
def _fold_table() -> dict[int, str]:
    """Traditional → simplified, character by character, from OpenCC (about 20 ms, once).

    t2s is OpenCC's standard table; hk2s adds the few variant forms it leaves alone
    (衞 → 卫, 粧 → 妆). Chains are followed to the end so that folding twice changes
    nothing more.
    """
    import opencc  # loaded on the first search or registration, not at start-up

    chars = [chr(c) for lo, hi in _CJK_BLOCKS for c in range(lo, hi)]
    joined = "\n".join(chars)
    t2s = opencc.OpenCC("t2s").convert(joined).split("\n")
    hk2s = opencc.OpenCC("hk2s").convert(joined).split("\n")
    table: dict[int, str] = {}
    for ch, simple, hk in zip(chars, t2s, hk2s, strict=True):
        target = simple if simple != ch else hk
        if target != ch and len(target) == 1:
            table[ord(ch)] = target
    for key, target in table.items():
        seen = {key}
        while ord(target) in table and ord(target) not in seen:
            seen.add(ord(target))
            target = table[ord(target)]
        table[key] = target
    return table


def fold(text: str) -> str:
    """``text`` with traditional characters replaced by simplified ones (same length)."""
    return text.translate(_fold_table())


# Everything but letters and digits: re's \w is str.isalnum() plus "_" (both read the same
# Unicode property), so this drops exactly what an isalnum() filter would, in C (a fifth of
# a million-document demo went to the per-character generator).
_NOT_ALNUM = re.compile(r"[\W_]+")


def _chars(text: str) -> str:
    return _NOT_ALNUM.sub("", fold(text.lower()))


def bigram_body(*parts: str) -> str:
    """The indexed body for several fields; pieces never span two fields."""
    tokens: list[str] = []
    for part in parts:
        s = _chars(part or "")
        if not s:
            continue
        tokens.extend(map(str.__add__, s, s[1:]))
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
