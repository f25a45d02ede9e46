"""Keeps outgoing_search (bigram FTS, rowid = 发文 id) in step with the documents.

The same bigram text as 收文's index (services.search_text: one or two characters
found, traditional folded to simplified), in a table of its own: a rowid is a
document id, and 收文 and 发文 ids overlap. services.search.sync rewrites a row after
every change (起草, 修改, 签发 with its number, 作废 …); this module is for bulk paths.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from db.models import Attachment, OutgoingDocument
from desktop.services.numbering import NumberFormat, number_format, store_number_format
from desktop.services.search_text import bigram_body

# What a 发文 is found by, besides its number and attachment text.
SEARCHED = ("title", "main_recipients", "cc_recipients", "drafting_department", "drafter", "signed_by",
            "attachment_note", "body")

_DELETE = text("DELETE FROM outgoing_search WHERE rowid IN :ids").bindparams(bindparam("ids", expanding=True))
_INSERT = text("INSERT INTO outgoing_search(rowid, body) VALUES (:id, :body)")


def number_text(fmt: NumberFormat, code: str, year: int | None, seq: int | None) -> str:
    return "" if seq is None or year is None else fmt.format(year, seq, code)


def document_body(values: Mapping[str, Any], attachment_texts: Iterable[str], number: str) -> str:
    return bigram_body(number, *(values.get(k) or "" for k in SEARCHED), *attachment_texts)


def _attachment_texts(session: Session, ids: list[int]) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = defaultdict(list)
    for owner, body in session.execute(
        select(Attachment.owner_id, Attachment.text).where(
            Attachment.owner_kind == "outgoing", Attachment.owner_id.in_(ids),
            Attachment.removed_at.is_(None)).order_by(Attachment.id)
    ):
        texts[owner].append(body or "")
    return texts


def _rows(session: Session, where, chunk: int | None = None) -> list:
    d = OutgoingDocument
    query = select(d.id, d.code, d.year, d.seq, *(getattr(d, k) for k in SEARCHED)).where(where).order_by(d.id)
    return list(session.execute(query.limit(chunk) if chunk else query).all())


def _bodies(session: Session, rows: list, fmt: NumberFormat) -> list[tuple[int, str, str]]:
    texts = _attachment_texts(session, [r.id for r in rows])
    out = []
    for r in rows:
        number = number_text(fmt, r.code, r.year, r.seq)
        out.append((r.id, number, document_body(r._mapping, texts[r.id], number)))
    return out


def write_bodies(session: Session, bodies: dict[int, str]) -> None:
    """Replace the search rows of these ids (one DELETE, one executemany)."""
    if not bodies:
        return
    session.execute(_DELETE, {"ids": list(bodies)})
    session.execute(_INSERT, [{"id": doc_id, "body": body} for doc_id, body in bodies.items()])


def reindex_documents(session: Session, ids: Iterable[int]) -> None:
    """Rewrite the search rows of these documents (rows written with Core or plain SQL;
    the write session's listener, services.search.sync, covers every ORM change)."""
    from desktop.services.search import bodies, kinds

    bodies.write(bodies.driver(session), kinds.OUTGOING, ids)


def all_bodies(session: Session, chunk: int = 2000) -> Iterator[list[tuple[int, str, str]]]:
    """Every document's (id, display number, body) as reindex_documents writes it, in id order."""
    fmt, last = number_format(session, "outgoing"), 0
    while rows := _rows(session, OutgoingDocument.id > last, chunk):
        yield _bodies(session, rows, fmt)
        last = rows[-1].id


def reindex_all(session: Session) -> int:
    """Rebuild the whole index (after bulk loading, e.g. the demo); returns the documents indexed."""
    session.execute(text("DELETE FROM outgoing_search"))
    n = 0
    for rows in all_bodies(session):
        write_bodies(session, {doc_id: body for doc_id, _n, body in rows})
        n += len(rows)
    return n


def set_number_format(session: Session, pattern: str) -> None:
    """Store the display pattern of 发文字号 and rewrite every search row: the number, in
    display form, is part of each row's text (as services.incoming.register does for 收文)."""
    if store_number_format(session, "outgoing", pattern) is not None:
        reindex_all(session)
