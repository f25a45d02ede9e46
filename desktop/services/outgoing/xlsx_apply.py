"""Writing a 发文 import plan (outgoing.xlsx_import) in the caller's write transaction.

Core inserts, 500 rows at a time; every document is marked imported, gets one 导入
event naming the file and row, its stage from services.outgoing.steps and its search
row (outgoing_search). Who may:
the 登记和办理 permission, as for entering documents by hand.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from db.models import OutgoingCode, OutgoingDocument, OutgoingEvent
from desktop.services import audit, clock
from desktop.services.errors import ServiceError
from desktop.services.numbering import number_format
from desktop.services.outgoing.index import reindex_documents
from desktop.services.outgoing.steps import derive_step
from desktop.services.outgoing.xlsx_import import (
    ImportPlan,
    ImportRow,
    check_plan,
    read_outgoing_workbook,
)
from desktop.services.progress import Progress, quiet
from desktop.services.users import require
from desktop.services.xlsx_layout import error_summary

BATCH = 500
_DOCS: Table = OutgoingDocument.__table__  # type: ignore[assignment]  # declared with a Table
_EVENTS: Table = OutgoingEvent.__table__  # type: ignore[assignment]


@dataclass
class ImportResult:
    imported: int
    skipped: list[tuple[int, str]] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    unknown_codes: list[str] = field(default_factory=list)  # 代字 not yet in the settings


def refuse_unusable(plan: ImportPlan, skip_bad_rows: bool) -> None:
    """Raise ServiceError unless the plan may be imported (all or nothing)."""
    problems = plan.structure_problems
    if problems:
        raise ServiceError(f"无法导入“{plan.source}”：" + "".join(problems), field="mapping")
    if plan.errors and (not skip_bad_rows or not plan.rows):
        raise ServiceError(error_summary(plan.errors, every_row_bad=skip_bad_rows))
    if not plan.rows:
        raise ServiceError(f"“{plan.source}”中没有可导入的发文。")


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time()) if day is not None else None


def document_values(r: ImportRow, now: dt.datetime) -> dict[str, Any]:
    """The row as stored: its fields, the stage's time stamps from its dates, the stage."""
    v = dict(r.values)
    issued = _midnight(v["issued_on"])
    values: dict[str, Any] = {
        **v, "code": r.code, "year": r.year, "seq": r.seq, "repeat": r.repeat, "imported": True,
        "copies": v["copies"] or None,  # a blank 份数 stays blank, not 0
        # a sent document went through 复核, 印制 and 核发 by its 印发日期
        "rechecked_at": issued, "printed_at": issued, "dispatched_at": issued,
        "cancelled_at": now if r.cancel_reason is not None else None, "cancel_reason": r.cancel_reason or "",
        "created_at": now,
    }
    values["step"] = derive_step(OutgoingDocument(**values))
    return values


def apply_plan(session: Session, plan: ImportPlan, actor: str, skip_bad_rows: bool = False,
               progress: Progress | None = None) -> ImportResult:
    """Write the plan's rows; all or nothing unless ``skip_bad_rows`` (see refuse_unusable).

    The numbers are checked against the database again first: another program may have
    written since the plan was read.
    """
    progress = progress or quiet()
    require(session, "edit")
    check_plan(session, plan)
    refuse_unusable(plan, skip_bad_rows)
    now = clock.now()
    fmt = number_format(session, "outgoing")
    ids: list[int] = []
    statement = insert(_DOCS).returning(_DOCS.c.id, sort_by_parameter_order=True)
    for start in range(0, len(plan.rows), BATCH):
        part = plan.rows[start:start + BATCH]
        new_ids = list(session.scalars(statement, [document_values(r, now) for r in part]))
        session.execute(insert(_EVENTS), [
            {"document_id": i, "action": "导入", "actor": actor, "at": now,
             "detail": f"{fmt.format(r.year, r.seq, r.code)}，从“{plan.source}”第 {r.row_number} 行导入"}
            for i, r in zip(new_ids, part, strict=True)])
        ids += new_ids
        progress.report(len(ids), len(plan.rows), "写入")
    audit.log_created(session, "outgoing", ids, "导入", actor)  # Core inserts: the ORM listener saw none
    reindex_documents(session, ids)  # found by search at once, in the import's transaction
    known = set(session.scalars(select(OutgoingCode.code)))
    unknown = sorted({r.code for r in plan.rows} - known)
    return ImportResult(len(ids), list(plan.errors), ids, unknown)


def import_outgoing_xlsx(session: Session, path: Path | str, actor: str, *,
                         mapping: Mapping[str, str] | None = None, skip_bad_rows: bool = False,
                         progress: Progress | None = None) -> ImportResult:
    """Read, check and write in one go (tests, small files); long imports read first."""
    plan = read_outgoing_workbook(path, mapping, progress, number_format=number_format(session, "outgoing"))
    return apply_plan(session, plan, actor, skip_bad_rows, progress)
