"""The shared record kernel, once for every register kind (收文, 发文, 督办)."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import IncomingDocument, OutgoingDocument, SupervisionItem
from desktop.services import clock, records
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.incoming.kind import INCOMING
from desktop.services.outgoing.kind import OUTGOING
from desktop.services.records import RecordKind
from desktop.services.supervision.kind import SUPERVISION

KINDS = {"incoming": INCOMING, "outgoing": OUTGOING, "supervision": SUPERVISION}
# Two scopes per kind for the race; 发文 has a third to show 代字 and year both count.
SCOPES = {
    "incoming": [(2026,), (2027,)],
    "outgoing": [("院发", 2026), ("院办发", 2026), ("院发", 2027)],
    "supervision": [(2026,), (2027,)],
}


def build(key: str, scope: tuple, seq: int, title: str):
    """A minimal valid record of kind ``key`` in ``scope`` numbered ``seq``."""
    if key == "incoming":
        return IncomingDocument(year=scope[0], seq=seq, received_at=dt.datetime(scope[0], 3, 2, 9),
                                sender="湖南省卫生健康委员会", title=title)
    if key == "outgoing":
        return OutgoingDocument(code=scope[0], year=scope[1], seq=seq, title=title)
    return SupervisionItem(year=scope[0], seq=seq, task=title, assigned_on=dt.date(scope[0], 3, 2))


def insert(session, key: str, scope: tuple, title: str = "事项"):
    return records.insert_numbered(session, KINDS[key], scope, lambda seq: build(key, scope, seq, title))


def numbers(store, kind: RecordKind) -> dict[tuple, list[int]]:
    """{scope: sorted seqs} of every record of ``kind``."""
    found: dict[tuple, list[int]] = {}
    with store.read() as s:
        for obj in s.scalars(select(kind.model)):
            found.setdefault(kind.scope_of(obj), []).append(obj.seq)
    return {scope: sorted(seqs) for scope, seqs in found.items()}


kinds = pytest.mark.parametrize("key", ["incoming", "outgoing", "supervision"])


@kinds
def test_numbers_are_gapless_and_each_scope_starts_at_one(store, key):
    scopes = SCOPES[key]
    with store.write() as s:
        for i in range(3):
            for scope in scopes:  # interleaved: one scope's numbers never move another's
                insert(s, key, scope, f"第{i}件")
        assert records.next_seq(s, KINDS[key], scopes[0]) == 4
    assert numbers(store, KINDS[key]) == {scope: [1, 2, 3] for scope in scopes}


def test_outgoing_scopes_are_code_and_year():
    assert OUTGOING.scope_columns == ("code", "year")
    assert INCOMING.scope_columns == SUPERVISION.scope_columns == ("year",)


@kinds
def test_race_backstop_retries_in_a_savepoint(store, key, monkeypatch):
    scope = SCOPES[key][0]
    with store.write() as s:
        insert(s, key, scope, "先登记的")
    real, calls = records.next_seq, []

    def stale_once(session, kind, sc):
        calls.append(sc)
        return 1 if len(calls) == 1 else real(session, kind, sc)  # 1 is taken

    with store.write() as s:
        kept = insert(s, key, SCOPES[key][1], "同一事务里先写的")  # must survive the retry
        monkeypatch.setattr(records, "next_seq", stale_once)
        again = insert(s, key, scope, "后登记的")
        assert (kept.seq, again.seq) == (1, 2)
    assert calls == [scope, scope]
    assert numbers(store, KINDS[key]) == {scope: [1, 2], SCOPES[key][1]: [1]}


@kinds
def test_race_backstop_gives_up_in_chinese(store, key, monkeypatch):
    scope = SCOPES[key][0]
    with store.write() as s:
        insert(s, key, scope)
    monkeypatch.setattr(records, "next_seq", lambda session, kind, sc: 1)
    with store.write() as s, pytest.raises(ServiceError, match="编号分配冲突，请稍后重试。"):
        insert(s, key, scope)
    assert numbers(store, KINDS[key]) == {scope: [1]}


@kinds
def test_make_must_build_the_scope_it_was_asked_for(store, key):
    wrong = SCOPES[key][1]
    with store.write() as s, pytest.raises(ValueError):
        records.insert_numbered(s, KINDS[key], SCOPES[key][0], lambda seq: build(key, wrong, seq, "错"))


# --- two writer processes on one file -------------------------------------------------------


def _insert_many(path: str, key: str, worker: int, start, count: int) -> None:
    from desktop.services.store import open_store

    store = open_store(Path(path))
    start.wait(timeout=60)  # a Barrier: both begin together
    try:
        for i in range(count):
            for scope in SCOPES[key][:2]:
                with store.write() as s:
                    insert(s, key, scope, f"进程{worker}第{i}件")
            time.sleep(0.002)  # as between two saves: lets the other BEGIN IMMEDIATE in
    finally:
        store.close()


@kinds
def test_two_writer_processes_end_with_one_to_2n_per_scope(store, key):
    n = 12
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    procs = [ctx.Process(target=_insert_many, args=(str(store.path), key, w, start, n)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=180)
    assert [p.exitcode for p in procs] == [0, 0]
    expected = list(range(1, 2 * n + 1))
    assert numbers(store, KINDS[key]) == {SCOPES[key][0]: expected, SCOPES[key][1]: expected}


# --- display numbers ------------------------------------------------------------------------


def _numbered(store, key: str, scope: tuple, upto: int) -> int:
    with store.write() as s:
        for _ in range(upto):
            obj = insert(s, key, scope)
        return obj.id


def test_display_forms_by_default(store):
    ids = {
        "incoming": _numbered(store, "incoming", (2026,), 12),
        "supervision": _numbered(store, "supervision", (2026,), 12),
        "outgoing": _numbered(store, "outgoing", ("湘职防院发", 2026), 7),
    }
    with store.read() as s:
        shown = {key: records.display_number(s, KINDS[key], records.get(s, KINDS[key], i)) for key, i in ids.items()}
    assert shown == {"incoming": "收〔2026〕0012", "supervision": "督〔2026〕12号", "outgoing": "湘职防院发〔2026〕7号"}


def test_each_kind_has_its_own_format_setting(store):
    from desktop.services.numbering import number_format, store_number_format

    item = _numbered(store, "supervision", (2026,), 3)
    doc = _numbered(store, "incoming", (2026,), 3)
    with store.write() as s:
        assert store_number_format(s, "supervision", "院督〔{year}〕第{seq}号") is not None
        assert store_number_format(s, "supervision", "院督〔{year}〕第{seq}号") is None  # unchanged
        for pattern in ("督办{seq}号", "{code}{seq}"):
            with pytest.raises(ServiceError) as err:
                store_number_format(s, "outgoing", pattern)
            assert err.value.field == "format"
    with store.read() as s:
        assert records.display_number(s, SUPERVISION, s.get(SupervisionItem, item)) == "院督〔2026〕第3号"
        assert records.display_number(s, INCOMING, s.get(IncomingDocument, doc)) == "收〔2026〕0003"
        assert number_format(s, "outgoing").pattern == "{code}〔{year}〕{seq}号"


def test_display_forms_parse_back():
    from desktop.services.numbering import NumberFormat, NumberParts

    assert NumberFormat("{code}〔{year}〕{seq}号").parse_parts("湘职防院发〔2026〕7号") == NumberParts(2026, 7, "湘职防院发")
    assert NumberFormat("督〔{year}〕{seq}号").parse_parts("督〔2026〕12号") == NumberParts(2026, 12, "")
    assert NumberFormat("收〔{year}〕{seq:04d}").parse("收〔2026〕0153") == (2026, 153)
    with pytest.raises(ServiceError, match="不符合格式“督〔2026〕1号”"):
        NumberFormat("督〔{year}〕{seq}号").parse("督2026-1")


def test_outgoing_is_numbered_at_sign_off_per_code_and_year(store):
    with store.write() as s:
        drafts = [records.insert(s, OUTGOING, OutgoingDocument(title=f"草稿{i}")) for i in range(4)]
        assert [records.display_number(s, OUTGOING, d) for d in drafts] == ["", "", "", ""]
        got = [records.assign_number(s, OUTGOING, d, scope) for d, scope in
               zip(drafts, [("院发", 2026), ("院办发", 2026), ("院发", 2026), ("院发", 2027)], strict=True)]
        assert got == [1, 1, 2, 1]
        assert [records.display_number(s, OUTGOING, d) for d in drafts] == [
            "院发〔2026〕1号", "院办发〔2026〕1号", "院发〔2026〕2号", "院发〔2027〕1号"]
        with pytest.raises(ServiceError, match="已有编号 院发〔2026〕1号"):
            records.assign_number(s, OUTGOING, drafts[0], ("院发", 2026))


# --- the hooks --------------------------------------------------------------------------------


def test_frozen_records_say_why_in_their_own_number(store):
    item = _numbered(store, "supervision", (2026,), 2)
    with store.write() as s:
        s.get(SupervisionItem, item).closed_on = dt.date(2026, 5, 1)
    with store.read() as s, pytest.raises(ServiceError) as err:
        records.editable(s, SUPERVISION, item)
    assert err.value.message == "督办 督〔2026〕2号 已办结，不能再修改。"
    with store.read() as s, pytest.raises(NotFoundError, match="发文（编号 99）不存在。"):
        records.get(s, OUTGOING, 99)


def test_save_and_events_stamp_the_clocks_time(store):
    at = dt.datetime(2026, 4, 1, 9, 30, 15)
    with clock.frozen(at), store.write() as s:
        doc = insert(s, "incoming", (2026,))
        item = insert(s, "supervision", (2026,))
        out = records.insert(s, OUTGOING, OutgoingDocument(title="复文"))
        records.record_event(INCOMING, doc, "测试", "文书甲", "说明")
        records.record_event(SUPERVISION, item, "测试", "文书甲")  # no audit table yet: nothing, no error
        records.save(s, INCOMING, doc)
        records.save(s, SUPERVISION, item)
        doc_id = doc.id
    with store.read() as s:
        doc = s.get(IncomingDocument, doc_id)
        assert (doc.created_at, doc.updated_at, doc.step) == (at, at, "待初审")
        assert [(e.action, e.actor, e.at, e.detail) for e in doc.events] == [("测试", "文书甲", at, "说明")]
        assert s.get(SupervisionItem, item.id).created_at == at
        assert s.get(OutgoingDocument, out.id).created_at == at
