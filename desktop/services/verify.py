"""``verify``: is the file what the program wrote? Plain data, Qt-free.

1. The history's hash chain, entry by entry: the FIRST broken link (an entry deleted,
   or one whose content no longer matches its hash) is named.
2. Every record against its history: the digest of its current state against the last
   entry's state digest (any change to any field shows); the fields are named where the
   log holds their last values (edits through the program), else the record is named as
   differing from the bulk entry (基线 …), which holds a digest only. Records deleted or
   added outside the program.
3. Numbering gaps per kind and scope; the search index against the records; attachments
   against their SHA-256 (services.verify_files).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from db import audit as fmt
from db.models import AuditEntry, Digest
from desktop.services.audit import number_of
from desktop.services.history import CHILD_NAMES, KIND_NAMES, field_name, shown
from desktop.services.progress import Progress, quiet
from desktop.services.store import Store

MAX_LISTED = 50  # per check: a systematic fault should not print 200,000 lines

CHAIN, RECORD, NUMBERING, INDEX, ATTACHMENT = "历史链", "记录", "编号", "搜索索引", "附件"


@dataclass(frozen=True)
class Problem:
    check: str  # CHAIN, RECORD, NUMBERING, INDEX or ATTACHMENT
    message: str


@dataclass
class VerifyReport:
    entries: int = 0
    records: int = 0
    attachments: int = 0
    problems: list[Problem] = field(default_factory=list)
    unlisted: dict[str, int] = field(default_factory=dict)  # problems past MAX_LISTED, per check

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, check: str, message: str) -> None:
        if sum(p.check == check for p in self.problems) >= MAX_LISTED:
            self.unlisted[check] = self.unlisted.get(check, 0) + 1
        else:
            self.problems.append(Problem(check, message))

    def lines(self) -> list[str]:
        if self.ok:
            return [f"校验通过：历史记录 {self.entries} 条，哈希链完整；{self.records} 条记录与历史一致；"
                    f"编号无缺号；搜索索引与记录一致；附件 {self.attachments} 个完好。"]
        total = len(self.problems) + sum(self.unlisted.values())
        out = [f"校验发现 {total} 处问题："]
        out += [f"[{p.check}] {p.message}" for p in self.problems]
        out += [f"[{check}] ……另有 {n} 处未列出。" for check, n in self.unlisted.items()]
        return out


def verify_store(store: Store, progress: Progress | None = None) -> VerifyReport:
    """Run every check on one read snapshot."""
    from desktop.services.search.check import check_index
    from desktop.services.verify_files import check_attachments, check_numbering

    progress = progress or quiet()
    report = VerifyReport()
    with store.read() as session:
        progress.report(0, 5, "历史链")
        check_chain(session, report)
        progress.report(1, 5, "记录")
        check_records(session, report)
        progress.report(2, 5, "编号")
        check_numbering(session, report)
        progress.report(3, 5, "搜索索引")
        check_index(session, report)
        progress.report(4, 5, "附件")
        check_attachments(session, store.files_dir, report)
        progress.report(5, 5, "完成")
    return report


def record_label(kind: str, record_id: int, number: str) -> str:
    name = KIND_NAMES.get(kind, kind)
    return f"{name} {number}" if number else f"{name}（id {record_id}）"


# --- 1. the chain ----------------------------------------------------------------------------


def _entries(conn: Connection, where: str = "", params: dict[str, Any] | None = None,
             order: str = "id") -> Iterator[Any]:
    """Entries in ``order``, a chunk at a time (keyset on id: never the whole log in memory)."""
    last = 0
    sql = text(f"SELECT id, at, actor, kind, record_id, number, action, changes, state, hash FROM audit_log "
               f"WHERE id > :last {where} ORDER BY {order} LIMIT :n").columns(state=Digest(), hash=Digest())
    while True:
        rows = conn.execute(sql, {"last": last, "n": fmt.CHUNK, **(params or {})}).all()
        yield from rows
        if len(rows) < fmt.CHUNK:
            return
        last = rows[-1].id


def check_chain(session: Session, report: VerifyReport) -> None:
    """Recompute every hash from the first entry; stop at the first broken link."""
    prev, expected = fmt.GENESIS, 1
    for e in _entries(session.connection()):
        report.entries += 1
        who = f"{record_label(e.kind, e.record_id, e.number)}，{e.at} {e.actor} {e.action}"
        if e.id != expected:
            gone = f"第 {expected} 条" if e.id == expected + 1 else f"第 {expected}–{e.id - 1} 条"
            report.add(CHAIN, f"历史记录链在第 {expected} 条断开：{gone}已被删除（其后的第 {e.id} 条为 {who}）。")
            return
        if fmt.entry_hash(prev, e.id, e.at, e.actor, e.kind, e.record_id, e.number, e.action,
                          e.changes, e.state) != e.hash:
            report.add(CHAIN, f"历史记录链在第 {e.id} 条断开：该条（{who}）的内容与其哈希不符，已被改动。")
            return
        prev, expected = e.hash, expected + 1


# --- 2. records against their history ----------------------------------------------------------


def check_records(session: Session, report: VerifyReport) -> None:
    conn = session.connection()
    cache: dict[str, Any] = {}
    for kind in (*fmt.RECORD_TABLES, fmt.SETTINGS_KIND):
        top = _max_id(conn, kind)
        for lo in range(0, top + 1, fmt.CHUNK):
            ids = list(range(lo, min(lo + fmt.CHUNK, top + 1)))
            logged = _logged(conn, kind, ids[0], ids[-1])
            current = fmt.read_states(conn, kind, ids)
            for rid in sorted(set(logged) | set(current)):
                log, number = logged.get(rid, (None, ""))
                now = current.get(rid)
                if now is not None:
                    number = number_of(session, kind, now, cache) or number
                    report.records += 1
                _compare(report, kind, record_label(kind, rid, number), log, now)


def _max_id(conn: Connection, kind: str) -> int:
    if kind == fmt.SETTINGS_KIND:
        return 0
    logged = conn.scalar(select(func.max(AuditEntry.record_id)).where(AuditEntry.kind == kind)) or 0
    t = fmt.table(fmt.RECORD_TABLES[kind])
    return max(logged, conn.scalar(select(func.max(t.c.id))) or 0)


def _logged(conn: Connection, kind: str, lo: int, hi: int) -> dict[int, tuple[fmt.Logged, str]]:
    """record id → (what its entries say, its last logged number)."""
    out: dict[int, tuple[fmt.Logged, str]] = {}
    rows = conn.execute(text(
        "SELECT record_id, at, number, action, changes, state FROM audit_log "
        "WHERE kind = :kind AND record_id BETWEEN :lo AND :hi ORDER BY record_id, id"
    ).columns(state=Digest()), {"kind": kind, "lo": lo, "hi": hi})
    for rid, at, number, action, changes, digest in rows:
        log = out.get(rid, (None, ""))[0]
        try:
            log = fmt.fold(log, at, action, json.loads(changes), digest)
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):
            pass  # an entry edited into nonsense: the chain check names it
        if log is not None:
            out[rid] = (log, number)
    return out


def _compare(report: VerifyReport, kind: str, who: str, log: fmt.Logged | None,
             now: dict[Any, Any] | None) -> None:
    if now is None:
        if log is not None and not log.deleted:
            events = sum(1 for key, v in log.known.items() if isinstance(key, tuple) and key[0] == "events" and v)
            gone = f"，其办理记录 {events} 条也已不存在" if events else ""
            report.add(RECORD, f"{who} 已被删除（不是通过本程序删除的：历史中有它的最后状态，数据库中已无此记录{gone}）。")
        return
    if log is None or log.deleted:
        why = "已在历史中删除，但数据库中仍存在" if log else "在历史中没有记录（不是通过本程序添加的）"
        report.add(RECORD, f"{who} {why}。")
        return
    named = _named_differences(report, kind, who, log, now)
    if fmt.state_digest(now) == log.digest or fmt.state_digest(_restored(log, now)) == log.digest:
        return  # unchanged, or changed only in the fields just named
    since = f"（{log.base}）" if log.base else ""
    what = "其他内容也" if named else "内容"
    report.add(RECORD, f"{who} 的{what}与历史记录{since}不符：历史中只存有该状态的摘要（SHA-256），"
                       "无法得知改动了哪些字段。")


def _restored(log: fmt.Logged, now: dict[Any, Any]) -> dict[Any, Any]:
    """``now`` with every field the log holds put back to its logged value: if its digest is
    the logged one, the fields named are all that changed."""
    if log.complete:  # own fields logged as None were left out (None → None is no change)
        own = {key: log.known.get(key) for key in (*now, *log.known) if not isinstance(key, tuple)}
        return own | {key: v for key, v in log.known.items() if isinstance(key, tuple) and v is not None}
    state = dict(now)
    for key, was in log.known.items():
        if was is None:
            state.pop(key, None)
        elif isinstance(key, tuple):
            state[key] = {**state.get(key, {}), **was}
        else:
            state[key] = was
    return state


def _named_differences(report: VerifyReport, kind: str, who: str, log: fmt.Logged,
                       now: dict[Any, Any]) -> int:
    """Report each field whose last logged value differs from now; how many were reported.
    Only the fields the log holds values of, unless it holds the whole state."""
    state = log.known
    keys = set(state) | set(now) if log.complete else set(state)
    before = len(report.problems) + sum(report.unlisted.values())
    for key in sorted(keys, key=_order):
        was, found = state.get(key), now.get(key)
        if was == found:
            continue
        if isinstance(key, tuple):
            _compare_child(report, kind, who, key, was, found, log.complete)
        else:
            report.add(RECORD, f"{who} 的 {field_name(kind, [key])}：历史记录为“{shown(was)}”，现为“{shown(found)}”。")
    return len(report.problems) + sum(report.unlisted.values()) - before


def _compare_child(report: VerifyReport, kind: str, who: str, key: tuple[Any, Any],
                   was: dict[str, Any] | None, found: dict[str, Any] | None, complete: bool) -> None:
    name = f"{CHILD_NAMES.get(key[0], key[0])} #{key[1]}"
    if found is None:
        report.add(RECORD, f"{who} 的 {name}（{shown(was)}）已不存在，历史中有它。")
    elif was is None:
        report.add(RECORD, f"{who} 的 {name}（{shown(found)}）不在历史中（不是通过本程序添加的）。")
    else:
        cols = set(was) | set(found) if complete else set(was)
        for col in sorted(cols):
            if was.get(col) != found.get(col):
                label = field_name(kind, [key[0], key[1], col])
                report.add(RECORD, f"{who} 的 {label}：历史记录为“{shown(was.get(col))}”，现为“{shown(found.get(col))}”。")


def _order(key: Any) -> tuple[int, str, str]:
    return (1, str(key[0]), f"{key[1]:>20}") if isinstance(key, tuple) else (0, str(key), "")
