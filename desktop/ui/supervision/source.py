"""The register source for 督办: plain SQL through services.supervision.query on the reader.

The order is the dashboard's (overdue first, the longest first; then 临期 …), fixed in
SQL; the columns therefore do not sort. Rows carry the register's colours: 逾期 and 临期
fill, 紧急 red, 已撤销 grey struck out.
"""
from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.services.supervision import query
from desktop.services.supervision import status as st

if TYPE_CHECKING:
    from desktop.locations import Reader

HEADERS = ("督办编号", "督办事项", "主办科室", "责任人", "交办领导", "交办日期", "办理时限", "状态", "逾期")
WIDTHS = [13, 40, 9, 6, 7, 9, 10, 10, 6]
ORDER_KEY = "status"


@dataclass(frozen=True)
class DisplayRow:
    id: int
    values: tuple
    overdue: bool
    due_soon: bool
    urgent: bool
    cancelled: bool


def display(r: query.Row) -> DisplayRow:
    due = str(r.due_on or "不设时限")
    if r.deadline and r.due_on and r.deadline != r.due_on:
        due += "（延）"
    status = r.status + ("·进展逾期" if r.report_late else "")
    late = f"{r.days_overdue} 天" if r.days_overdue else ""
    return DisplayRow(r.id, (r.number, r.task, r.lead_department, r.responsible, r.assigned_by, str(r.assigned_on),
                             due, status, late),
                      r.status == st.OVERDUE, r.status == st.DUE_SOON, r.priority == "紧急", r.status == st.CANCELLED)


class SupervisionSource:
    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def headers(self) -> Sequence[str]:
        return HEADERS

    def sort_keys(self) -> Sequence[str | None]:
        return [ORDER_KEY if h == "状态" else None for h in HEADERS]

    def widths(self) -> list[int]:
        return list(WIDTHS)

    def list_ids(self, filt: query.SupervisionFilter, sort_key: str, descending: bool, *,
                 limit: int | None = None, db: Reader | None = None) -> array:
        return query.list_ids(db or self.reader, filt, limit)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, DisplayRow]:
        return {k: display(r) for k, r in query.fetch_rows(self.reader, ids).items()}

    def empty_text(self, filt: query.SupervisionFilter) -> str:
        if filt == query.SupervisionFilter(today=filt.today):
            return "还没有督办事项。\n按 Ctrl+N 立项，或在收文的“办理”页据领导批示“立督办”。"
        return "没有符合筛选条件的督办事项。\n按“清除”显示全部。"
