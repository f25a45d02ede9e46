"""Importing a legacy 发文登记簿: 收文's flow (read off the UI thread, map unknown headers,
bad rows listed, all or nothing or skip them) with 发文's reader and writer; afterwards
it says which 代字 still need setting up and the 断号/重号 of the years imported."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.progress import Progress
from desktop.ui.incoming.import_dialog import ImportFlow
from desktop.ui.ops import OUTGOING, SETTINGS

if TYPE_CHECKING:
    from desktop.services.outgoing.numbering import ScopeReport
    from desktop.services.outgoing.xlsx_apply import ImportResult
    from desktop.services.outgoing.xlsx_import import ImportPlan


class OutgoingImportFlow(ImportFlow):
    TITLE, NOUN, CHANGES = "导入发文登记簿", "发文", frozenset({OUTGOING, SETTINGS})
    report: list[ScopeReport] = []

    def field_labels(self) -> list[str]:
        from desktop.services.outgoing.fields import OUTGOING_FIELDS

        return list(OUTGOING_FIELDS.labels)

    def read_plan(self, path: Path, mapping: dict[str, str] | None, progress: Progress) -> ImportPlan:
        from desktop.services.numbering import number_format
        from desktop.services.outgoing.xlsx_import import check_plan, read_outgoing_workbook

        with self._ctx.store.read() as session:
            plan = read_outgoing_workbook(path, mapping, progress, number_format=number_format(session, "outgoing"))
            check_plan(session, plan)
        return plan

    def apply(self, session, plan: ImportPlan, actor: str, skip: bool) -> ImportResult:
        from desktop.services.outgoing.numbering import list_codes, number_report
        from desktop.services.outgoing.xlsx_apply import apply_plan
        from desktop.ui.outgoing.number_check import in_office_order

        result = apply_plan(session, plan, actor, skip)
        scopes = {(r.code, r.year) for r in plan.rows}
        codes = [c.code for c in list_codes(session, include_inactive=True)]
        self.report = in_office_order([r for r in number_report(session) if (r.code, r.year) in scopes], codes)
        return result

    def imported_note(self, result: ImportResult) -> str:
        from desktop.ui.outgoing.number_check import report_lines

        lines = []
        if result.unknown_codes:
            lines.append(f"以下机关代字尚未设置：{'、'.join(result.unknown_codes)}（请主任在“设置 → 机关代字”中补充名称）。")
        lines += report_lines(self.report, only_problems=False)
        return "\n\n" + "\n".join(lines) if lines else ""


def run_outgoing_import(parent, ctx, path: Path) -> OutgoingImportFlow:
    flow = OutgoingImportFlow(parent, ctx, path)
    flow.start()
    return flow
