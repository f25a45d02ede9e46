"""Writing an import plan (incoming.xlsx_import) in one short write transaction.

Bulk inserts on the tables (Core executemany), 500 documents at a time, each with its
step and search text computed by the same code as for documents entered by hand.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from db.models import (
    Base,
    IncomingAssignment,
    IncomingCirculation,
    IncomingDocument,
    IncomingEvent,
    IncomingInstruction,
    IncomingReminder,
)
from desktop.services import audit, clock
from desktop.services.errors import ServiceError
from desktop.services.incoming.index import document_body, write_bodies
from desktop.services.incoming.steps import refresh_step
from desktop.services.incoming.xlsx_history import assignment_stamps, instruction_stamps
from desktop.services.incoming.xlsx_import import (
    ImportPlan,
    ImportRow,
    check_plan,
    read_incoming_workbook,
)
from desktop.services.numbering import NumberFormat, incoming_number_format
from desktop.services.progress import Progress, quiet
from desktop.services.xlsx_layout import error_summary

D = IncomingDocument
BATCH = 500
_CHILDREN = (IncomingInstruction, IncomingAssignment, IncomingCirculation, IncomingReminder, IncomingEvent)


@dataclass
class ImportResult:
    imported: int
    skipped: list[tuple[int, str]] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)


def refuse_unusable(plan: ImportPlan, skip_bad_rows: bool) -> None:
    """Raise ServiceError unless the plan may be imported (all or nothing)."""
    problems = plan.structure_problems
    if problems:
        raise ServiceError(f"无法导入“{plan.source}”：" + "".join(problems), field="mapping")
    if plan.errors and (not skip_bad_rows or not plan.rows):
        raise ServiceError(error_summary(plan.errors, every_row_bad=skip_bad_rows))
    if not plan.rows:
        raise ServiceError(f"“{plan.source}”中没有可导入的收文。")


def _assign_numbers(session: Session, rows: list[ImportRow]) -> list[tuple[int, int]]:
    """Numbers for every row: the file's own, else the next after the year's highest."""
    years = {r.received_at.year for r in rows if r.number is None}
    next_seq: dict[int, int] = {}
    if years:
        for year, top in session.execute(
            select(D.year, func.max(D.seq)).where(D.year.in_(sorted(years))).group_by(D.year)
        ):
            next_seq[year] = top
        for r in rows:
            if r.number and r.number[0] in years:
                next_seq[r.number[0]] = max(next_seq.get(r.number[0], 0), r.number[1])
    numbers: dict[int, tuple[int, int]] = {}
    for r in sorted((r for r in rows if r.number is None), key=lambda r: (r.received_at, r.row_number)):
        year = r.received_at.year
        next_seq[year] = next_seq.get(year, 0) + 1
        numbers[r.row_number] = (year, next_seq[year])
    return [r.number or numbers[r.row_number] for r in rows]


def apply_plan(
    session: Session,
    plan: ImportPlan,
    actor: str,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write the plan's rows in the caller's write transaction; all or nothing.

    The numbers are checked against the database again (another program may have
    registered since the plan was checked). With a bad row and ``skip_bad_rows`` False,
    raises ServiceError listing the first errors and imports nothing; with it True the
    good rows are imported and the bad ones reported in ``skipped``. Missing, unknown
    or doubled columns always refuse.
    """
    progress = progress or quiet()
    check_plan(session, plan)
    refuse_unusable(plan, skip_bad_rows)
    rows = plan.rows
    numbers = _assign_numbers(session, rows)
    fmt = incoming_number_format(session)
    now = clock.now()
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        part = rows[start : start + BATCH]
        ids += _insert_batch(session, part, numbers[start : start + BATCH], plan.source, actor, now, fmt)
        progress.report(len(ids), len(rows), "写入")
    audit.log_created(session, "incoming", ids, "导入", actor)  # Core inserts: the ORM listener saw none
    return ImportResult(imported=len(ids), skipped=list(plan.errors), ids=ids)


def _insert_batch(session: Session, part: list[ImportRow], numbers: list[tuple[int, int]], source: str,
                  actor: str, now: dt.datetime, fmt: NumberFormat) -> list[int]:
    docs, bodies = [], []
    for r, number in zip(part, numbers, strict=True):
        values, body = _document_values(r, number, actor, now, fmt)
        docs.append(values)
        bodies.append(body)
    new_ids = list(session.scalars(_DOC_INSERT, docs))
    children: dict[type[Base], list[dict]] = {model: [] for model in _CHILDREN}
    for doc_id, r in zip(new_ids, part, strict=True):
        for model, child_values in (
            (IncomingInstruction, _instruction_values(r, actor, now)), (IncomingAssignment, _assignment_values(r)),
            (IncomingCirculation, _circulation_values(r)), (IncomingReminder, _reminder_values(r)),
            (IncomingEvent, _event_values(r, source, actor, now)),
        ):
            children[model] += [{"document_id": doc_id, **v} for v in child_values]
    for child, rows in children.items():
        if rows:  # Core executemany on the table: no ORM bookkeeping per row
            session.execute(insert(_table(child)), rows)
    # write_bodies deletes first: a reused rowid must not keep old text
    write_bodies(session, dict(zip(new_ids, bodies, strict=True)))
    return new_ids


def import_incoming_xlsx(
    session: Session,
    path: Path | str,
    actor: str,
    *,
    mapping: Mapping[str, str] | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, check and write in one go, in the caller's write transaction (tests, small files).

    Long imports should read_incoming_workbook() first, outside any transaction.
    """
    plan = read_incoming_workbook(path, mapping, progress, number_format=incoming_number_format(session))
    return apply_plan(session, plan, actor, skip_bad_rows, progress)


def preview_incoming_xlsx(session: Session, path: Path | str, mapping: Mapping[str, str] | None = None,
                          progress: Progress | None = None) -> ImportPlan:
    """read_incoming_workbook() with the database's number format, checked against it."""
    plan = read_incoming_workbook(path, mapping, progress, number_format=incoming_number_format(session))
    check_plan(session, plan)
    return plan


def _table(model: type[Base]) -> Table:
    """A model's Table (DeclarativeBase types ``__table__`` as the wider FromClause)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a single table")
    return table


_DOC_INSERT = insert(_table(D)).returning(_table(D).c.id, sort_by_parameter_order=True)


def _instruction_values(r: ImportRow, actor: str, now: dt.datetime) -> list[dict]:
    """Who typed each in and when come from the history (xlsx_history); without one, the import."""
    stamps = instruction_stamps(r.events, len(r.instructions), (actor, now))
    return [
        {"leader": leader, "text": body, "instructed_on": when, "recorded_by": by, "recorded_at": at}
        for (leader, body, when), (by, at) in zip(r.instructions, stamps, strict=True)
    ]


def _assignment_values(r: ImportRow) -> list[dict]:
    """Who handed it over and when come from the 承办 events; without one, nobody on the day of receipt."""
    stamps = assignment_stamps(r.events)
    unknown = ("", r.received_at.date())
    return [
        {"department": dept, "is_lead": lead, "opinion": r.opinions.get(dept, ""),
         "assigned_by": stamps.get(dept, unknown)[0], "assigned_on": stamps.get(dept, unknown)[1]}
        for dept, lead in r.departments
    ]


def _event_values(r: ImportRow, source: str, actor: str, now: dt.datetime) -> list[dict]:
    """The history from the file (办理记录), then the import itself."""
    return [{"action": action, "actor": who, "at": at, "detail": detail} for action, who, at, detail in r.events] + [
        {"action": "导入", "actor": actor, "at": now, "detail": f"从“{source}”第 {r.row_number} 行导入"}
    ]


def _circulation_values(r: ImportRow) -> list[dict]:
    return [{"reader": reader, "handed_at": handed, "returned_at": returned}
            for reader, handed, returned in r.circulations]


def _reminder_values(r: ImportRow) -> list[dict]:
    return [{"reminded_at": at, "method": method, "reminded_by": by, "note": note}
            for at, method, by, note in r.reminders]


def _document_values(
    r: ImportRow, number: tuple[int, int], actor: str, now: dt.datetime, fmt: NumberFormat
) -> tuple[dict, str]:
    """The row to insert (its step included) and its search body.

    Step and body come from the same code as for documents entered by hand
    (steps.refresh_step, index.document_body), run on a transient document that is
    never added to the session: nothing has to be loaded back after a bulk insert.
    """
    values = {
        "year": number[0], "seq": number[1], "received_at": r.received_at, "sender": r.sender,
        "sender_doc_no": r.sender_doc_no, "title": r.title, "doc_type": r.doc_type,
        "secrecy": r.secrecy, "urgency": r.urgency, "copies": r.copies, "pages": r.pages,
        "deadline": r.deadline, "for_reading_only": r.for_reading_only, "reviewed_at": r.reviewed_at,
        "reviewed_by": r.reviewed_by,
        "proposal": r.proposal, "proposed_by": r.proposed_by, "proposed_at": r.proposed_at,
        "result": r.result, "completed_on": r.completed_on, "archived_on": r.archived_on,
        "archive_volume": r.archive_volume, "archive_item": r.archive_item, "remarks": r.remarks,
        "cancelled_at": r.cancelled_at, "cancel_reason": r.cancel_reason,
        # a 登记人 column is kept as it is, even empty; without one the importer registered it
        "registered_by": actor if r.registered_by is None else r.registered_by,
        "created_at": r.created_at or now, "updated_at": now,
    }
    doc = D(**values)
    doc.instructions = [IncomingInstruction(**v) for v in _instruction_values(r, actor, now)]
    doc.assignments = [IncomingAssignment(**v) for v in _assignment_values(r)]
    doc.circulations = [IncomingCirculation(**v) for v in _circulation_values(r)]
    doc.reminders = [IncomingReminder(**v) for v in _reminder_values(r)]
    values["step"] = refresh_step(doc)
    return values, document_body(doc, (), fmt.format(*number))


