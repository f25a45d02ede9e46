"""收文's search body (bigram FTS, rowid = document id), for the bulk paths (Excel import,
the demo, a new number format); services.search keeps the index in step otherwise."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from db.models import Attachment, IncomingDocument
from desktop.services.search_text import bigram_body

if TYPE_CHECKING:
    from desktop.services.numbering import NumberFormat


class Searchable(Protocol):
    """What the search text is made of: a document, or a plain row of the same columns."""

    title: str
    sender: str
    sender_doc_no: str


def document_body(doc: Searchable, attachment_texts: Iterable[str], number: str) -> str:
    return bigram_body(number, doc.title, doc.sender, doc.sender_doc_no, *attachment_texts)


_DELETE = text("DELETE FROM incoming_search WHERE rowid IN :ids").bindparams(bindparam("ids", expanding=True))
_INSERT = text("INSERT INTO incoming_search(rowid, body) VALUES (:id, :body)")


def write_bodies(session: Session, bodies: dict[int, str]) -> None:
    """Replace the search rows of these document ids (one DELETE, one executemany)."""
    if not bodies:
        return
    session.execute(_DELETE, {"ids": list(bodies)})
    session.execute(_INSERT, [{"id": doc_id, "body": body} for doc_id, body in bodies.items()])


def reindex_documents(session: Session, ids: Iterable[int]) -> None:
    """Rewrite the search rows of these documents. The write session's listener
    (services.search.sync) does this for every ORM change; this is for rows written
    with Core or plain SQL (tests, bulk tools)."""
    from desktop.services.search import bodies, kinds

    bodies.write(bodies.driver(session), kinds.INCOMING, ids)


def all_bodies(session: Session, fmt: NumberFormat, chunk: int = 2000) -> Iterator[list[tuple[int, str, str]]]:
    """Every document's (id, display number, search body) as reindex_documents would write
    it, in id order, ``chunk`` documents at a time, from plain rows: rewriting the whole
    index (a new number format) and checking it (verify) walk 200,000 documents this way."""
    last, d = 0, IncomingDocument
    while True:
        docs = session.execute(
            select(d.id, d.year, d.seq, d.title, d.sender, d.sender_doc_no)
            .where(d.id > last).order_by(d.id).limit(chunk)
        ).all()
        if not docs:
            return
        ids = [doc.id for doc in docs]
        texts: dict[int, list[str]] = defaultdict(list)
        for owner, body in session.execute(
            select(Attachment.owner_id, Attachment.text).where(
                Attachment.owner_kind == "incoming", Attachment.owner_id.in_(ids),
                Attachment.removed_at.is_(None)).order_by(Attachment.id)
        ):
            texts[owner].append(body)
        rows = []
        for doc in docs:
            number = fmt.format(doc.year, doc.seq)
            rows.append((doc.id, number, document_body(doc, texts[doc.id], number)))
        yield rows
        last = ids[-1]
