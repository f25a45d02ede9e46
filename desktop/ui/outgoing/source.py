"""The register source for 发文: plain SQL through services.outgoing.query on the reader."""
from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from desktop.services.outgoing import query

if TYPE_CHECKING:
    from desktop.locations import Reader


class OutgoingSource:
    def __init__(self, reader: Reader, visible: tuple[str, ...] = query.DEFAULT_VISIBLE) -> None:
        self.reader = reader
        self.visible = visible  # the signed-in user's 密级: nothing above it is listed

    def headers(self) -> Sequence[str]:
        return [c.title for c in query.COLUMNS]

    def sort_keys(self) -> Sequence[str | None]:
        return list(query.COLUMN_KEYS)

    def widths(self) -> list[int]:
        return [c.width for c in query.COLUMNS]

    def list_ids(self, filt: query.OutgoingFilter, sort_key: str, descending: bool, *,
                 limit: int | None = None, db: Reader | None = None) -> array:
        return query.list_ids(db or self.reader, replace(filt, visible=self.visible), sort_key, descending, limit)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, query.Row]:
        return query.fetch_rows(self.reader, ids)

    def empty_text(self, filt: query.OutgoingFilter) -> str:
        if filt == query.OutgoingFilter():
            return "还没有发文。\n按 Ctrl+N 拟写第一份发文。"
        return "没有符合筛选条件的发文。\n按“清除”显示全部。"
