"""Keeps the search indexes in step with every ORM write, from the storage layer.

A listener on the write session class (installed once by services.store, beside the
audit log's) looks at every flush: each inserted, changed or deleted record of a
searchable kind, and each attachment or 督办 进展 (whose text is part of its owner's
body), names a (kind, id) whose search row is rewritten right there, in the same
transaction, from what the flush wrote. A rolled-back savepoint or transaction takes the
rewritten rows with it. No service calls a reindex; writers that bypass the ORM (the
demo, the Excel import's Core inserts) write or rebuild the rows themselves in bulk.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from db.models import Attachment, IncomingDocument, OutgoingDocument
from db.models_duty import DutyLogEntry
from db.models_supervision import SupervisionItem, SupervisionReport
from desktop.services.search import bodies
from desktop.services.search.kinds import KINDS

# Which record's search row an object belongs to: (kind, id), or None.
_OWNERS: dict[type, Callable[[Any], tuple[str, int] | None]] = {
    IncomingDocument: lambda o: ("incoming", o.id),
    OutgoingDocument: lambda o: ("outgoing", o.id),
    SupervisionItem: lambda o: ("supervision", o.id),
    SupervisionReport: lambda o: ("supervision", o.item_id),
    DutyLogEntry: lambda o: ("duty", o.id),
    Attachment: lambda o: (o.owner_kind, o.owner_id) if o.owner_kind in KINDS else None,
}


def touched(session: Session) -> dict[str, set[int]]:
    """The (kind → ids) whose search text this flush may have changed."""
    found: dict[str, set[int]] = defaultdict(set)
    changed: Iterable[Any] = (o for o in session.dirty if session.is_modified(o, include_collections=False))
    for group in (session.new, changed, session.deleted):
        for obj in group:
            owner = _OWNERS.get(type(obj))
            key = owner(obj) if owner is not None else None
            if key is not None and key[1] is not None:
                found[key[0]].add(key[1])
    return found


def _after_flush(session: Session, _context: Any) -> None:
    found = touched(session)
    if not found:
        return
    conn = bodies.driver(session)
    for key, ids in found.items():
        bodies.write(conn, KINDS[key], ids)


def install(session_class: type[Session]) -> None:
    """On the write session class, once (as services.audit.install, for the same reason)."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
