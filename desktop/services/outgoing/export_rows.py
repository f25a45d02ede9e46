"""The 发文登记簿 for a period, as rows: printed (reports.outgoing_pdf) and in Excel
(reports.outgoing_xlsx).

A register lists numbered documents only (登记/编号 happens at 签发), cancelled ones
included with their reason: a number once given is accounted for. The period is of
the 签发日期; imported history without one falls back to its 成文日期, then 印发日期.
Rows come 500 at a time, ordered by 代字 (as the office sorts them), year and number.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import OutgoingCode, OutgoingDocument
from desktop.services.numbering import NumberFormat, number_format
from desktop.services.outgoing import steps
from desktop.services.outgoing.fields import OUTGOING_FIELDS
from desktop.services.users import principal_of

D = OutgoingDocument
BATCH = 500
CANCEL_PREFIX = "【作废】"  # the first 备注 line of a cancelled number in Excel: 【作废】reason

# The printed register's columns: (header, relative width, align, fit to content)
PRINT_COLUMNS: list[tuple] = [
    ("发文字号", 12, "left", True), ("成文日期", 8, "center", True), ("标题", 40, "left", False),
    ("文种", 4, "center", True), ("主送机关", 16, "left", False), ("拟稿科室", 8, "left", True),
    ("签发人", 6, "center", True), ("签发日期", 8, "center", True), ("份数", 4, "center", True),
    ("密级", 4, "center", True), ("环节/归档", 14, "left", False),
]


def period_of() -> Any:
    """The date a document belongs to a period by (see the module)."""
    return func.coalesce(D.signed_on, D.written_on, D.issued_on)


def register_ids(session: Session, date_from: dt.date | None, date_to: dt.date | None,
                 only: Collection[int] | None = None) -> list[int]:
    """Numbered documents of the period the user is cleared to see, in register order;
    ``only``: of these ids (the tab's filter), else all of them."""
    when = period_of()
    query = (select(D.id).outerjoin(OutgoingCode, OutgoingCode.code == D.code)
             .where(D.seq.is_not(None), D.secrecy.in_(principal_of(session).visible_secrecy)))
    if date_from is not None:
        query = query.where(when >= date_from)
    if date_to is not None:
        query = query.where(when <= date_to)
    query = query.order_by(func.coalesce(OutgoingCode.sort_order, 1_000_000), D.code, D.year, D.seq, D.repeat)
    ids = session.scalars(query)
    return [i for i in ids if i in only] if only is not None else list(ids)


def _docs(session: Session, ids: Sequence[int]) -> Iterator[OutgoingDocument]:
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start:start + BATCH])
        by_id = {d.id: d for d in session.scalars(select(D).where(D.id.in_(chunk)))}
        for doc_id in chunk:
            if doc_id in by_id:
                yield by_id[doc_id]
        session.expunge_all()  # a 10,000-row register keeps one chunk in memory


def number_text(fmt: NumberFormat, d: OutgoingDocument) -> str:
    return fmt.format(d.year, d.seq, d.code) if d.seq is not None and d.year is not None else ""


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def stage_text(d: OutgoingDocument) -> str:
    """环节/归档 as printed: 作废 with its reason, 卷号/件号 once archived, else the stage."""
    if d.cancelled_at is not None:
        return f"作废：{d.cancel_reason}" if d.cancel_reason else "作废"
    if d.archived_on is not None:
        where = "-".join(x for x in (d.archive_volume, d.archive_item) if x)
        return f"已归档 {where}".strip()
    return d.step or steps.derive_step(d)


def print_rows(session: Session, ids: Sequence[int]) -> Iterator[tuple]:
    """Display values in PRINT_COLUMNS order."""
    fmt = number_format(session, "outgoing")
    for d in _docs(session, ids):
        secrecy = "" if d.secrecy == "公开" else d.secrecy
        yield (number_text(fmt, d), _day(d.written_on), d.title, d.doc_type, d.main_recipients,
               d.drafting_department, d.signed_by, _day(d.signed_on), d.copies or "", secrecy, stage_text(d))


def excel_rows(session: Session, ids: Sequence[int]) -> Iterator[list]:
    """Every register field in OUTGOING_FIELDS order, typed (dates as dates); a cancelled
    number's 备注 starts with 【作废】 and its reason, so that the import restores it."""
    fmt = number_format(session, "outgoing")
    for d in _docs(session, ids):
        row: list[Any] = []
        for f in OUTGOING_FIELDS:
            if f.name == "number":
                row.append(number_text(fmt, d))
            elif f.name == "remarks" and d.cancelled_at is not None:
                row.append("\n".join(x for x in (CANCEL_PREFIX + d.cancel_reason, d.remarks) if x))
            else:
                value = getattr(d, f.name)
                row.append("" if value is None else value)
        yield row
