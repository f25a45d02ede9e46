"""The register source for 收文: plain SQL through services.incoming.query on the reader."""
from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from desktop.services.incoming import query

if TYPE_CHECKING:
    from desktop.locations import Reader


class IncomingSource:
    def __init__(self, reader: Reader, visible: tuple[str, ...] = query.DEFAULT_VISIBLE) -> None:
        self.reader = reader
        self.visible = visible  # the signed-in user's 密级: nothing above it is listed

    def headers(self) -> Sequence[str]:
        return [c.title for c in query.COLUMNS]

    def sort_keys(self) -> Sequence[str | None]:
        return [k if k != "lead_department" else None for k in query.COLUMN_KEYS]

    def widths(self) -> list[int]:
        return [c.width for c in query.COLUMNS]

    def list_ids(self, filt: query.IncomingFilter, sort_key: str, descending: bool, *,
                 limit: int | None = None, db: Reader | None = None) -> array:
        return query.list_ids(db or self.reader, replace(filt, visible=self.visible), sort_key, descending, limit)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, query.Row]:
        return query.fetch_rows(self.reader, ids)

    def empty_text(self, filt: query.IncomingFilter) -> str:
        if filt == query.IncomingFilter(today=filt.today):
            return "还没有收文。\n按 Ctrl+N 登记第一件来文，或用“导入 Excel…”导入已有的登记簿。"
        return "没有符合筛选条件的收文。\n按“清除”显示全部。"
