"""The tamper-evident history's storage format: what is logged, how an entry is hashed, how
entries are appended, and how a record's state is read back for logging or checking.

Storage only, no rules: the session listener (desktop.services.audit), the bulk writers
(demo, Excel import), the baseline migration (0003) and ``verify`` all go through here,
so an entry is made and checked by one piece of code.

A record's *state* is its own columns plus its child rows (批示, 承办 … 附件), keyed by
(label, child id). Every entry carries ``state``, the SHA-256 of the record's whole state
after it (state_digest; "" once deleted), so verify can tell any change to any field from
the last entry alone. Changes are a list of [path, old, new]:
  [col]                 a field of the record itself
  [label, id]           a child row added (old None) or removed (new None); value: its dict
  [label, id, col]      a field of a child row
``updated_at`` and the ``step`` cache are not logged: they change on every save and are
derived (step) or bookkeeping (updated_at). An attachment's extracted text is not logged
either (it is derived from the file, which verify checks against its SHA-256).

Entries made in bulk (the baseline, demo data, an Excel import) have no changes (``[]``):
only the number, the action and the state digest, ~200 bytes instead of ~2 KB, because a
200,000-document file would otherwise triple in size. Entries made through the services
keep old → new per changed field: that is the history users read.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Integer, Table, bindparam, select, text

from db.models import Base, Digest

GENESIS = "0" * 64
# updated_at and step are derived; an account's password hash and wrong-try counter are
# secrets and bookkeeping, never history.
NOT_LOGGED = frozenset({"updated_at", "step", "password_hash", "failed", "locked_until"})
SETTINGS_KIND = "settings"  # all settings are one record (id 0); each key a child row
CHUNK = 2000

# record kind -> its table
RECORD_TABLES: dict[str, str] = {
    "incoming": "incoming_documents",
    "outgoing": "outgoing_documents",
    "supervision": "supervision_items",
    "department": "departments",
    "staff": "staff",
    "organisation": "organisations",
    "user": "users",
    "outgoing_code": "outgoing_codes",
    "calendar_day": "calendar_overrides",
    "duty_role": "duty_roles",
    "duty_shift": "duty_shifts",
    "duty_eligibility": "duty_eligibility",
    "duty_leave": "duty_unavailability",
    "duty_cell": "duty_assignments",
    "duty_swap": "duty_swaps",
    "duty_log": "duty_log",
}


@dataclass(frozen=True)
class Child:
    """Rows logged against their owner: ``owner`` names the owner's id column; ``kind``
    is the owner's kind, or None when a column says it (``kind_column``: attachments)."""

    table: str
    label: str
    owner: str
    kind: str | None
    kind_column: str | None = None
    skip: frozenset[str] = frozenset()


CHILDREN: tuple[Child, ...] = (
    Child("incoming_instructions", "instructions", "document_id", "incoming"),
    Child("incoming_assignments", "assignments", "document_id", "incoming"),
    Child("incoming_circulations", "circulations", "document_id", "incoming"),
    Child("incoming_reminders", "reminders", "document_id", "incoming"),
    Child("incoming_events", "events", "document_id", "incoming"),
    Child("outgoing_events", "events", "document_id", "outgoing"),
    Child("supervision_reports", "reports", "item_id", "supervision"),
    Child("supervision_reminders", "reminders", "item_id", "supervision"),
    Child("supervision_extensions", "extensions", "item_id", "supervision"),
    Child("supervision_events", "events", "item_id", "supervision"),
    Child("attachments", "attachments", "owner_id", None, "owner_kind", frozenset({"text"})),
)
CHILD_BY_TABLE = {c.table: c for c in CHILDREN}


def table(name: str) -> Table:
    t = Base.metadata.tables[name]
    assert isinstance(t, Table)
    return t


# --- canonical content and the chain ------------------------------------------------------


def plain(value: Any) -> Any:
    """A column value as JSON: dates and times in ISO form, everything else as it is."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def dumps(value: Any) -> str:
    """Canonical JSON: the same content always gives the same text (and so the same hash)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev: str, entry_id: int, at: str, actor: str, kind: str, record_id: int,
               number: str, action: str, changes: str, state: str) -> str:
    content = dumps([entry_id, at, actor, kind, record_id, number, action, changes, state])
    return hashlib.sha256((prev + content).encode("utf-8")).hexdigest()


def stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Entry:
    kind: str
    record_id: int
    number: str
    action: str
    changes: list[list[Any]]
    state: str  # state_digest of the record after this entry


_LAST = text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").columns(id=Integer(), hash=Digest())


def append(conn: Connection, entries: Iterable[Entry], actor: str, at: str) -> int:
    """Append ``entries`` to the chain, in order, in the caller's transaction; how many.

    The caller holds the write lock (BEGIN IMMEDIATE), so the last entry cannot change
    under us; entries go in with executemany, CHUNK at a time.
    """
    last = conn.execute(_LAST).first()
    n, prev = (last[0], last[1]) if last else (0, GENESIS)
    start, rows = n, []
    audit = table("audit_log")
    for e in entries:
        n += 1
        changes = dumps(e.changes)
        prev = entry_hash(prev, n, at, actor, e.kind, e.record_id, e.number, e.action, changes, e.state)
        rows.append({"id": n, "at": at, "actor": actor, "kind": e.kind, "record_id": e.record_id,
                     "number": e.number, "action": e.action, "changes": changes, "state": e.state,
                     "hash": prev})
        if len(rows) >= CHUNK:
            conn.execute(audit.insert(), rows)
            rows = []
    if rows:
        conn.execute(audit.insert(), rows)
    return n - start


# --- states ---------------------------------------------------------------------------------


_ISO: dict[type, Callable[[Any], str]] = {dt.datetime: lambda v: v.isoformat(sep=" "), dt.date: dt.date.isoformat}
_RECORD_DROP = frozenset({"id", *NOT_LOGGED})
# by table: two kinds' children may share a label ("events") but not their owner column
_CHILD_DROP = {c.table: frozenset({"id", c.owner, c.kind_column, *c.skip}) for c in CHILDREN}


def _plain_fields(row: Mapping[Any, Any], drop: frozenset[Any]) -> dict[str, Any]:
    """``plain`` of each field not in ``drop``, by type lookup: this runs ~15 million times in
    the baseline of a 200,000-document file."""
    return {k: v if (iso := _ISO.get(type(v))) is None else iso(v) for k, v in row.items() if k not in drop}


def record_state(kind: str, row: Mapping[Any, Any]) -> dict[str, Any]:
    """A record's own logged fields (everything but its id and NOT_LOGGED)."""
    return _plain_fields(row, _RECORD_DROP)


def child_state(child: Child, row: Mapping[Any, Any]) -> dict[str, Any]:
    return _plain_fields(row, _CHILD_DROP[child.table])


def creation(state: Mapping[Any, Any]) -> list[list[Any]]:
    """The changes that bring an absent record to ``state`` (see read_states)."""
    out: list[list[Any]] = []
    for key in sorted(state, key=_key_order):
        if isinstance(key, tuple):
            out.append([list(key), None, state[key]])
        else:
            out.append([[key], None, state[key]])
    return out


def canonical(state: Mapping[Any, Any]) -> str:
    """A state as one text: [[path, value] …] in path order (child keys become [label, id])."""
    return dumps([[list(key) if isinstance(key, tuple) else [key], state[key]]
                  for key in sorted(state, key=_key_order)])


def state_digest(state: Mapping[Any, Any] | None) -> str:
    """SHA-256 of a record's canonical state; "" for an absent (deleted) record."""
    if state is None:
        return ""
    return hashlib.sha256(canonical(state).encode("utf-8")).hexdigest()


def _key_order(key: Any) -> tuple[int, str, str]:
    return (1, key[0], f"{key[1]:>20}") if isinstance(key, tuple) else (0, key, "")


# The Table of a name; None if the file has no such table yet (a migration reading a
# file at an older revision, before later kinds' tables existed).
Tables = Callable[[str], Table | None]


def record_ids(conn: Connection, kind: str, after: int, limit: int, tables: Tables = table) -> list[int]:
    t = tables(RECORD_TABLES[kind])
    if t is None:
        return []
    return list(conn.scalars(select(t.c.id).where(t.c.id > after).order_by(t.c.id).limit(limit)))


def read_states(conn: Connection, kind: str, ids: Sequence[int],
                tables: Tables = table) -> dict[int, dict[Any, Any]]:
    """The current state of these records (missing ones absent): own fields + child rows.

    ``tables`` gives the Table of a name: the models' by default; a migration passes the
    tables as they are in the file at its revision (reflected)."""
    if kind == SETTINGS_KIND:
        return _settings_state(conn) if 0 in ids else {}
    t = tables(RECORD_TABLES[kind])
    if t is None:
        return {}
    wanted = set(ids)
    states: dict[int, dict[Any, Any]] = {}
    for row in _dicts(conn, select(t).where(t.c.id.in_(bindparam("ids", expanding=True))), {"ids": list(ids)}):
        states[row["id"]] = record_state(kind, row)
    if not states:
        return states
    lo, hi = min(states), max(states)
    for child in CHILDREN:
        if child.kind not in (None, kind):
            continue
        ct = tables(child.table)
        if ct is None:
            continue
        stmt = select(ct).where(ct.c[child.owner].between(lo, hi))
        if child.kind_column:
            stmt = stmt.where(ct.c[child.kind_column] == kind)
        for row in _dicts(conn, stmt):
            owner = row[child.owner]
            if owner in wanted and owner in states:
                states[owner][(child.label, row["id"])] = child_state(child, row)
    return states


def _dicts(conn: Connection, stmt: Any, params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Rows as plain dicts (Row._mapping per row costs a third of a 200,000-record baseline)."""
    result = conn.execute(stmt, params or {})
    keys = list(result.keys())
    for row in result:
        yield dict(zip(keys, row, strict=True))


def _settings_state(conn: Connection) -> dict[int, dict[Any, Any]]:
    rows = conn.execute(text("SELECT key, value FROM settings")).all()
    return {0: {("settings", key): {"value": value} for key, value in rows}} if rows else {}


def chunks_of_all(conn: Connection, kind: str, size: int = CHUNK,
                  tables: Tables = table) -> Iterator[list[int]]:
    """Every id of ``kind``, CHUNK at a time, by id (settings: the one record 0)."""
    if kind == SETTINGS_KIND:
        yield [0]
        return
    last = 0
    while ids := record_ids(conn, kind, last, size, tables):
        yield ids
        last = ids[-1]


def log_states(conn: Connection, kind: str, ids: Iterable[Sequence[int]], action: str, actor: str,
               at: str, number_of: Callable[[str, Mapping[Any, Any]], str], tables: Tables = table) -> int:
    """One digest-only entry per record (bulk inserts, the baseline: no field values, see
    the module's docstring); how many were written."""
    total = 0
    for chunk in ids:
        states = read_states(conn, kind, chunk, tables)
        total += append(conn, (Entry(kind, rid, number_of(kind, states[rid]), action, [],
                                     state_digest(states[rid])) for rid in sorted(states)),
                        actor, at)
    return total


# --- folding the log back into states (verify) -----------------------------------------------


@dataclass
class Logged:
    """What the log says of one record after its entries so far (verify folds them)."""

    digest: str = ""  # state_digest of the last entry
    deleted: bool = False
    known: dict[Any, Any] = field(default_factory=dict)  # last logged value of these paths
    complete: bool = False  # ``known`` is the whole state: created with values, never reset
    base: str = ""  # the last digest-only entry, "基线 2026-11-29"; "" if none


def fold(logged: Logged | None, at: str, action: str, changes: list[list[Any]], digest: str) -> Logged:
    """``logged`` after one more entry. A digest-only entry (bulk) forgets the known values:
    the state it stands for is known only by its digest. A deletion keeps the last state."""
    if logged is None:
        logged = Logged(complete=bool(changes))
    logged.digest, logged.deleted = digest, action == DELETED
    if logged.deleted:
        return logged
    if not changes:
        logged.known, logged.complete, logged.base = {}, False, f"{action} {at[:10]}"
        return logged
    known = logged.known
    for path, _old, new in changes:
        if len(path) == 1:
            known[path[0]] = new
        elif len(path) == 2:
            known[(path[0], path[1])] = None if new is None else dict(new)
        else:
            row = known.get((path[0], path[1])) or {}
            row[path[2]] = new
            known[(path[0], path[1])] = row
    return logged


DELETED = "删除"
CREATED = "新建"
BASELINE = "基线"

TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END",
)
