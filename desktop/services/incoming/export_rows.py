"""The 收文登记簿's rows as Excel export writes them (values in incoming.fields order).

The query half of the export: reports.incoming_xlsx lays these values out in a
workbook without touching the database itself. Besides the register's rows, every
document's history (its events: what, who, when, detail) goes to a second sheet,
办理记录, keyed by 收文编号 (incoming.xlsx_history), so an import keeps it whole.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    IncomingAssignment,
    IncomingCirculation,
    IncomingDocument,
    IncomingEvent,
    IncomingInstruction,
    IncomingReminder,
)
from desktop.services.incoming.fields import INCOMING_FIELDS
from desktop.services.incoming.query import IncomingFilter, list_ids
from desktop.services.incoming.xlsx_text import (
    format_cancel_mark,
    format_circulations,
    format_departments,
    format_instructions,
    format_opinions,
    format_reminders,
    format_review,
)
from desktop.services.numbering import NumberFormat, incoming_number_format

D = IncomingDocument
BATCH = 500
# The child tables, each with an id and a document_id.
_Child = (
    type[IncomingInstruction] | type[IncomingAssignment] | type[IncomingCirculation] | type[IncomingReminder]
    | type[IncomingEvent]
)
_DOC_FIELDS = frozenset(IncomingDocument.__table__.columns.keys())


def register_export(session: Session, filt: IncomingFilter) -> tuple[int, Iterator[list], Iterator[list]]:
    """(how many, their rows, their history rows) for the documents matching ``filt``, by number.

    History rows are [收文编号, time, action, actor, detail], each document's events in
    the order they were recorded. Both iterators read in chunks, as they are consumed.
    """
    ids = list_ids(session, filt, sort_key="number", descending=False)
    fmt = incoming_number_format(session)
    return len(ids), _register_rows(session, ids, fmt), _history_rows(session, ids, fmt)


def _history_rows(session: Session, ids: Sequence[int], fmt: NumberFormat) -> Iterator[list]:
    for chunk in _chunks(ids, BATCH):
        numbers = {doc_id: fmt.format(y, s) for doc_id, y, s in
                   session.execute(select(D.id, D.year, D.seq).where(D.id.in_(chunk)))}
        events = _by_document(session, chunk, IncomingEvent, "at", "action", "actor", "detail")
        for doc_id in chunk:
            for at, action, actor, detail in events.get(doc_id, []):
                yield [numbers[doc_id], at, action, actor, detail]


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _by_document(session: Session, chunk: list[int], model: _Child, *fields: str) -> dict[int, list[tuple]]:
    """A child table's rows for these documents, as tuples of ``fields``, in entry order."""
    cols = [getattr(model, f) for f in fields]
    grouped: dict[int, list[tuple]] = {}
    for doc_id, *values in session.execute(
        select(model.document_id, *cols).where(model.document_id.in_(chunk)).order_by(model.document_id, model.id)
    ):
        grouped.setdefault(doc_id, []).append(tuple(values))
    return grouped


_PLAIN = tuple(f.name for f in INCOMING_FIELDS if f.name in _DOC_FIELDS)
_DOC_COLS = tuple(getattr(D, name) for name in (
    "id", "year", "seq", *_PLAIN, "reviewed_by", "reviewed_at", "cancelled_at", "cancel_reason"))


def _register_rows(session: Session, ids: Sequence[int], fmt: NumberFormat) -> Iterator[list]:
    """The register's values for these ids, in incoming.fields order and in the ids' order."""
    for chunk in _chunks(ids, BATCH):
        docs = {r.id: r for r in session.execute(select(*_DOC_COLS).where(D.id.in_(chunk)))}
        children = (
            _by_document(session, chunk, IncomingInstruction, "leader", "text", "instructed_on"),
            _by_document(session, chunk, IncomingAssignment, "department", "is_lead", "opinion"),
            _by_document(session, chunk, IncomingCirculation, "reader", "handed_at", "returned_at"),
            _by_document(session, chunk, IncomingReminder, "reminded_at", "method", "reminded_by", "note"),
        )
        for doc_id in chunk:
            d = docs.get(doc_id)
            if d is not None:
                yield _row(d, fmt, *(c.get(doc_id, []) for c in children))


def _row(d, fmt: NumberFormat, instructions: list, departments: list, circulations: list,
         reminders: list) -> list:
    remarks = d.remarks or ""
    if d.cancelled_at is not None:  # imports back as 作废 (incoming.xlsx_import)
        mark = format_cancel_mark(d.cancelled_at, d.cancel_reason or "")
        remarks = mark + ("\n" + remarks if remarks else "")
    values = {name: getattr(d, name) for name in _PLAIN}
    values.update(
        number=fmt.format(d.year, d.seq), remarks=remarks,
        for_reading_only="是" if d.for_reading_only else "",
        review=format_review(d.reviewed_by or "", d.reviewed_at),
        instructions=format_instructions(instructions),
        departments=format_departments([(name, lead) for name, lead, _ in departments]),
        opinions=format_opinions([(name, opinion) for name, _, opinion in departments]),
        circulations=format_circulations(circulations), reminders=format_reminders(reminders),
    )
    return [values[f.name] for f in INCOMING_FIELDS]
