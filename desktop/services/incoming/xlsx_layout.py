"""Where a 收文登记簿 sheet's header is: services.xlsx_layout, with the 收文 fields."""
from __future__ import annotations

from desktop.services import xlsx_cells as cells
from desktop.services.incoming.fields import INCOMING_FIELDS
from desktop.services.xlsx_layout import HEADER_SEARCH_ROWS, Columns, Layout, find_layout
from desktop.services.xlsx_layout import match_columns as _match_columns


def match_columns(header_cells: tuple, matcher: cells.HeaderMatcher) -> Columns:
    return _match_columns(header_cells, matcher, INCOMING_FIELDS)


__all__ = ["HEADER_SEARCH_ROWS", "Columns", "Layout", "find_layout", "match_columns"]
