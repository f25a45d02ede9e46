"""Search across 收文, 发文, 督办 and the duty log: one module over one index per kind.

Why one FTS5 table per kind, not one table keyed by rowid = kind << 40 | id: measured on a
200,000-document demo (收文 200,000, 发文 52,731), the two are equally fast: MATCH 通知 over
收文 24.1 ms per-kind vs 24.3 ms with a rowid range in one table (119,062 ids); 发文 4.3 vs
4.5 ms; a 4-character phrase 1.5 vs 1.4 ms (FTS5 seeks a rowid range in each doclist).
So the simpler wins: rowid = the record's id, the registers join on it directly, the
existing 收文 and 发文 indexes stay as they were (no 250,000-row rewrite at upgrade), and
global search asks each kind in turn anyway, to show each kind's newest hits.

Bodies are character bigrams (services.search_text): 1- and 2-character words are found,
traditional characters fold to simplified, punctuation is dropped so 〔〕[]() in document
numbers do not matter. The storage layer keeps them in sync (search.sync, a listener on
the write session); bulk writers call rebuild(). 密级 is the registers' rule: a user never
gets a hit above their clearance.
"""
from desktop.services.search.bodies import rebuild
from desktop.services.search.kinds import CLI_NAMES, KINDS, KINDS_ORDER
from desktop.services.search.match import match_clause
from desktop.services.search.query import Hit, KindHits, matching_ids, search

__all__ = ["CLI_NAMES", "KINDS", "KINDS_ORDER", "Hit", "KindHits", "match_clause", "matching_ids", "rebuild", "search"]
