"""The tamper-evident history, captured once, at the storage layer.

``install(sessions)`` puts an ``after_flush`` listener on the write sessions: every row
of a logged table that a flush inserted, changed or deleted becomes part of one entry per
owner record (who, when, which record and its display number then, the action, old → new
per field), appended to the hash chain in the same transaction. Services record nothing
by hand; the actor is ``session.info["actor"]`` (Store.write(actor=...)).

The action is the step the service recorded in the record's 办理记录 in that flush
(登记, 初审, 批示 …), else 新建 / 修改 / 删除. Bulk inserts that bypass the ORM (demo,
Excel import) call ``log_created`` once. The format itself is db.audit.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from db import audit as fmt
from desktop.services import clock
from desktop.services.numbering import FORMATS, number_format

ACTOR_KEY = "actor"
NUMBERED = frozenset(FORMATS)  # kinds whose records carry a register number
_RECORD_BY_TABLE = {name: kind for kind, name in fmt.RECORD_TABLES.items()}


def install(session_class: type[Session]) -> None:
    """Log every transaction of sessions of ``session_class`` (services.store.WriteSession).

    On a class, once, at import: listeners put on each store's sessionmaker went missing
    now and then, when a new sessionmaker took the id() of a collected one and
    SQLAlchemy's event registry took the listener for already there (tests caught it)."""
    for name, fn in (("after_flush", _after_flush), ("before_commit", _before_commit),
                     ("after_soft_rollback", _after_rollback)):
        if not event.contains(session_class, name, fn):
            event.listen(session_class, name, fn)


# --- capture ------------------------------------------------------------------------------
# Each flush's changes are kept, tagged with the (nested) transaction they were made in,
# and written as one entry per record when the outermost transaction commits: a service
# that flushes three times (a savepoint for the number, a lazy load, save()) still makes
# one entry; changes of a savepoint that rolled back (a numbering retry) are dropped.

PENDING_KEY = "audit_pending"


class _Pending:
    """The changes of one owner record in one flush."""

    def __init__(self) -> None:
        self.changes: list[list[Any]] = []
        self.created = self.deleted = False
        self.steps: list[str] = []  # the 办理记录 actions recorded in this flush
        self.number_state: Mapping[str, Any] | None = None


def _pending(session: Session) -> list[tuple[Any, dict[tuple[str, int], _Pending]]]:
    return session.info.setdefault(PENDING_KEY, [])


def _after_flush(session: Session, context: Any) -> None:
    found: dict[tuple[str, int], _Pending] = {}
    for obj in session.new:
        _collect(found, obj, "new")
    for obj in session.dirty:
        _collect(found, obj, "dirty")
    # not session.deleted: rows removed by a delete-orphan cascade are only in the flush's states
    for state, (is_delete, list_only) in context.states.items():
        if is_delete and not list_only and state.obj() is not None:
            _collect(found, state.obj(), "deleted")
    if found:
        _pending(session).append((session.get_nested_transaction() or session.get_transaction(), found))


def _after_rollback(session: Session, previous: Any) -> None:
    """Drop what was flushed inside the transaction (or savepoint) that rolled back."""

    def inside(txn: Any) -> bool:
        while txn is not None:
            if txn is previous:
                return True
            txn = txn.parent
        return False

    kept = [(txn, found) for txn, found in _pending(session) if not inside(txn)]
    session.info[PENDING_KEY] = kept


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: its changes wait for the outermost commit
    session.flush()
    merged = _merge(found for _txn, found in session.info.pop(PENDING_KEY, []))
    if not merged:
        return
    numbers = _Numbers(session)
    logged = {key: p for key, p in merged.items() if p.changes or p.deleted}
    digests = _digests(session, logged)
    entries = [
        fmt.Entry(kind, rid, numbers.of(kind, rid, p.number_state), _action(p), p.changes, digests[kind, rid])
        for (kind, rid), p in logged.items()
    ]
    fmt.append(session.connection(), entries, str(session.info.get(ACTOR_KEY, "")), fmt.stamp(clock.now()))


def _digests(session: Session, records: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """state_digest of each record as the flush left it, read back the way verify reads it."""
    by_kind: dict[str, list[int]] = {}
    for kind, rid in records:
        by_kind.setdefault(kind, []).append(rid)
    out = {}
    for kind, ids in by_kind.items():
        states = fmt.read_states(session.connection(), kind, ids)
        out.update({(kind, rid): fmt.state_digest(states.get(rid)) for rid in ids})
    return out


def _merge(flushes: Iterable[dict[tuple[str, int], _Pending]]) -> dict[tuple[str, int], _Pending]:
    """One _Pending per record: per path the first old value and the last new one."""
    out: dict[tuple[str, int], _Pending] = {}
    seen: dict[tuple[str, int], dict[tuple[Any, ...], list[Any]]] = {}
    for found in flushes:
        for key, p in found.items():
            m = out.setdefault(key, _Pending())
            m.created |= p.created
            m.deleted |= p.deleted
            m.steps += p.steps
            m.number_state = p.number_state or m.number_state
            paths = seen.setdefault(key, {})
            for path, old, new in p.changes:
                if tuple(path) in paths:
                    paths[tuple(path)][2] = new
                else:
                    paths[tuple(path)] = [path, old, new]
    for key, m in out.items():
        m.changes = [c for c in seen[key].values() if c[1] != c[2]]
    return out


def _action(p: _Pending) -> str:
    if p.deleted:
        return fmt.DELETED
    if p.steps:
        return "、".join(dict.fromkeys(p.steps))
    return fmt.CREATED if p.created else "修改"


def _columns(obj: Any) -> list[str]:
    return [c.key for c in inspect(obj).mapper.column_attrs]


def _values(obj: Any) -> dict[str, Any]:
    return {key: getattr(obj, key) for key in _columns(obj)}


def _collect(pending: dict[tuple[str, int], _Pending], obj: Any, how: str) -> None:
    name = getattr(obj, "__tablename__", None)
    if name is None:
        return
    if name in _RECORD_BY_TABLE:
        kind = _RECORD_BY_TABLE[name]
        p = pending.setdefault((kind, obj.id), _Pending())
        p.number_state = _values(obj)
        _record_changes(p, obj, how)
    elif name in fmt.CHILD_BY_TABLE:
        child = fmt.CHILD_BY_TABLE[name]
        kind = child.kind or getattr(obj, child.kind_column or "")
        p = pending.setdefault((kind, getattr(obj, child.owner)), _Pending())
        _child_changes(p, child, obj, how)
    elif name == "settings":
        p = pending.setdefault((fmt.SETTINGS_KIND, 0), _Pending())
        _setting_changes(p, obj, how)


def _record_changes(p: _Pending, obj: Any, how: str) -> None:
    if how == "new":
        p.created = True
        p.changes += fmt.creation(fmt.record_state("", _values(obj)))
    elif how == "deleted":
        p.deleted = True
        p.changes += [[[k], v, None] for k, v in sorted(fmt.record_state("", _values(obj)).items())]
    else:
        p.changes += [[[k], old, new] for k, old, new in _changed(obj) if k not in fmt.NOT_LOGGED]


def _child_changes(p: _Pending, child: fmt.Child, obj: Any, how: str) -> None:
    path = [child.label, obj.id]
    if how == "new":
        p.changes.append([path, None, fmt.child_state(child, _values(obj))])
        if child.label == "events":
            p.steps.append(obj.action)
    elif how == "deleted":
        p.changes.append([path, fmt.child_state(child, _values(obj)), None])
    else:
        skip = {child.owner, child.kind_column, *child.skip}
        p.changes += [[[*path, k], old, new] for k, old, new in _changed(obj) if k not in skip]


def _setting_changes(p: _Pending, obj: Any, how: str) -> None:
    path = ["settings", obj.key]
    value = {"value": obj.value}
    if how == "new":
        p.changes.append([path, None, value])
    elif how == "deleted":
        p.changes.append([path, value, None])
    else:
        p.changes += [[[*path, k], old, new] for k, old, new in _changed(obj) if k == "value"]


def _changed(obj: Any) -> list[tuple[str, Any, Any]]:
    """(column, old, new) of each column this flush changed, in plain (JSON) form."""
    state = inspect(obj)
    out = []
    for key in _columns(obj):
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = fmt.plain(hist.deleted[0]) if hist.deleted else None
        new = fmt.plain(hist.added[0]) if hist.added else None
        if old != new:
            out.append((key, old, new))
    return out


class _Numbers:
    """Display numbers (or names) of the records in one flush, formats read once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.patterns: dict[str, Any] = {}

    def of(self, kind: str, record_id: int, state: Mapping[str, Any] | None) -> str:
        if state is None and kind in fmt.RECORD_TABLES:
            state = self._load(kind, record_id)
        return number_of(self.session, kind, state or {}, self.patterns)

    def _load(self, kind: str, record_id: int) -> dict[str, Any]:
        t = fmt.table(fmt.RECORD_TABLES[kind])
        row = self.session.connection().execute(t.select().where(t.c.id == record_id)).first()
        return dict(row._mapping) if row else {}


def number_of(session: Session, kind: str, state: Mapping[Any, Any], cache: dict[str, Any]) -> str:
    """收〔2026〕0005 for a numbered record, the name of a directory entry, "" otherwise."""
    if kind in NUMBERED:
        if state.get("seq") is None:
            return ""
        if kind not in cache:
            cache[kind] = number_format(session, kind)
        return str(cache[kind].format(state["year"], state["seq"], state.get("code") or ""))
    return str(state.get("name", "") or "")


# --- bulk inserts ---------------------------------------------------------------------------


def log_created(session: Session, kind: str, ids: Iterable[int] | None, action: str, actor: str,
                at: dt.datetime | None = None) -> int:
    """One entry per record just inserted without the ORM (``ids`` None: every record of
    ``kind``), holding its state's digest only; how many entries. In the caller's transaction.
    ``at`` None: the clock's now (the demo passes its simulated day, to stay deterministic)."""
    conn = session.connection()
    cache: dict[str, Any] = {}

    def numbered(k: str, state: Mapping[Any, Any]) -> str:
        return number_of(session, k, state, cache)

    if ids is None:
        chunks: Iterable[list[int]] = fmt.chunks_of_all(conn, kind)
    else:
        ordered = sorted(ids)
        chunks = (ordered[i : i + fmt.CHUNK] for i in range(0, len(ordered), fmt.CHUNK))
    return fmt.log_states(conn, kind, chunks, action, actor, fmt.stamp(at or clock.now()), numbered)


def log_all_created(session: Session, action: str, actor: str, at: dt.datetime | None = None) -> int:
    """``log_created`` for every record of every kind (a database just filled in bulk)."""
    return sum(log_created(session, kind, None, action, actor, at) for kind in (*fmt.RECORD_TABLES, fmt.SETTINGS_KIND))
