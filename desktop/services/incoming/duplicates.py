"""Warn before registering the same document twice (same sender, same 来文字号)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import IncomingDocument as D
from desktop.services.incoming.docno import normalise
from desktop.services.numbering import incoming_number_format


def possible_duplicates(
    session: Session, sender: str, sender_doc_no: str, exclude_id: int | None = None
) -> list[tuple[int, str, str]]:
    """(id, 收文编号, 标题) of live documents from this sender with the same 来文字号.

    Numbers are compared in normalised form; rows imported from old registers may not
    be normalised yet, so the comparison is done here rather than in SQL.
    """
    target = normalise(sender_doc_no or "")
    sender = (sender or "").strip()
    if not target or not sender:
        return []
    stmt = select(D.id, D.year, D.seq, D.title, D.sender_doc_no).where(
        D.sender == sender, D.sender_doc_no != "", D.cancelled_at.is_(None)
    )
    if exclude_id is not None:
        stmt = stmt.where(D.id != exclude_id)
    fmt = incoming_number_format(session)
    return [
        (id_, fmt.format(year, seq), title)
        for id_, year, seq, title, no in session.execute(stmt.order_by(D.id))
        if normalise(no) == target
    ]
