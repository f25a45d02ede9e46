"""The register source for 收文: SQL via services.incoming.query, one read session per call."""
from __future__ import annotations

from array import array
from collections.abc import Sequence

from desktop.services.incoming import query
from desktop.services.store import Store


class IncomingSource:
    def __init__(self, store: Store) -> None:
        self.store = store

    def headers(self) -> Sequence[str]:
        return [c.title for c in query.COLUMNS]

    def sort_keys(self) -> Sequence[str | None]:
        return [k if k != "lead_department" else None for k in query.COLUMN_KEYS]

    def widths(self) -> list[int]:
        return [c.width for c in query.COLUMNS]

    def list_ids(self, filt: query.IncomingFilter, sort_key: str, descending: bool) -> array:
        with self.store.read() as session:
            return query.list_ids(session, filt, sort_key, descending)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, query.Row]:
        with self.store.read() as session:
            return query.fetch_rows(session, ids)
