"""收文登记: validation, gapless numbering per year, correction, 作废, the full record."""
from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import IncomingDocument
from desktop.services import records
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.incoming import query, workflow
from desktop.services.incoming.register import (
    IncomingInput,
    cancel_incoming,
    get_incoming,
    register_incoming,
    set_number_format,
    update_incoming,
    validate,
)


def make_input(**kw) -> IncomingInput:
    base = dict(
        received_at=dt.datetime(2026, 3, 2, 9, 30),
        sender="湖南省卫生健康委员会",
        sender_doc_no="湘卫发〔2026〕12号",
        title="关于开展医疗质量安全检查的通知",
    )
    base.update(kw)
    return IncomingInput(**base)


def register(store, **kw) -> int:
    with store.write() as s:
        return register_incoming(s, make_input(**kw), "文书甲")


def numbers(store) -> list[tuple[int, int]]:
    with store.read() as s:
        return s.execute(select(IncomingDocument.year, IncomingDocument.seq).order_by(IncomingDocument.id)).all()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (dict(title="  "), "title"),
        (dict(sender=""), "sender"),
        (dict(secrecy="保密"), "secrecy"),
        (dict(urgency="急"), "urgency"),
        (dict(doc_type="便条"), "doc_type"),
        (dict(copies=0), "copies"),
        (dict(pages=-1), "pages"),
        (dict(deadline=dt.date(2026, 3, 1)), "deadline"),
        (dict(title="长" * 501), "title"),
    ],
)
def test_validate_names_the_field(change, field):
    with pytest.raises(ServiceError) as err:
        validate(make_input(**change))
    assert err.value.field == field
    assert err.value.message


def test_validate_accepts_a_good_form_with_deadline_on_the_day_received():
    validate(make_input(deadline=dt.date(2026, 3, 2), doc_type="纪要", secrecy="机密", urgency="特急"))


def test_numbers_are_gapless_per_year_and_restart_each_year(store):
    register(store, received_at=dt.datetime(2025, 12, 31, 17, 0))
    for day in (1, 2, 3):
        register(store, received_at=dt.datetime(2026, 1, day, 9, 0))
    register(store, received_at=dt.datetime(2025, 12, 30, 9, 0))  # late registration of last year
    assert numbers(store) == [(2025, 1), (2026, 1), (2026, 2), (2026, 3), (2025, 2)]


def test_register_stores_normalised_doc_no_and_records_event(store):
    doc_id = register(store, sender_doc_no="湘卫发【2026】第012号", title="  标题  ")
    with store.read() as s:
        detail = get_incoming(s, doc_id)
    assert detail.sender_doc_no == "湘卫发〔2026〕12号"
    assert detail.title == "标题"
    assert detail.number == "收〔2026〕0001"
    assert detail.step == "待初审"
    assert detail.registered_by == "文书甲"
    assert [(e.action, e.actor, e.detail) for e in detail.events] == [("登记", "文书甲", "收〔2026〕0001")]


def test_register_is_searchable_at_once(store):
    doc_id = register(store, title="关于做好医保基金监管工作的通知")
    with store.read() as s:
        assert list(query.list_ids(s, query.IncomingFilter(text="医保"))) == [doc_id]
        assert list(query.list_ids(s, query.IncomingFilter(text="收〔2026〕0001"))) == [doc_id]


def test_cancelled_document_keeps_its_number_and_the_next_is_not_reused(store):
    first = register(store)
    second = register(store)
    with store.write() as s:
        with pytest.raises(ServiceError) as err:
            cancel_incoming(s, second, "  ", "文书甲")
        assert err.value.field == "reason"
        cancel_incoming(s, second, "重复登记", "文书甲")
    third = register(store)
    with store.read() as s:
        detail = get_incoming(s, second)
        assert (detail.seq, detail.step, detail.cancel_reason) == (2, "已作废", "重复登记")
        assert detail.events[-1].action == "作废"
        assert get_incoming(s, third).seq == 3
        assert get_incoming(s, first).seq == 1
        assert s.get(IncomingDocument, second) is not None  # never deleted


def test_cancelled_and_archived_documents_are_frozen(store):
    doc_id = register(store)
    with store.write() as s:
        cancel_incoming(s, doc_id, "误登", "文书甲")
    with store.write() as s:
        with pytest.raises(ServiceError, match="已作废"):
            update_incoming(s, doc_id, make_input(title="新标题"), "文书甲")
        with pytest.raises(ServiceError, match="已作废"):
            cancel_incoming(s, doc_id, "再次作废", "文书甲")
        with pytest.raises(ServiceError, match="已作废"):
            workflow.review(s, doc_id, "主任")


def test_update_keeps_number_records_changes_and_refuses_another_year(store):
    doc_id = register(store)
    with store.write() as s:
        update_incoming(s, doc_id, make_input(title="更正后的标题", copies=3,
                                              received_at=dt.datetime(2026, 5, 1, 8, 0)), "文书乙")
    with store.write() as s:
        update_incoming(s, doc_id, make_input(title="更正后的标题", copies=3,
                                              received_at=dt.datetime(2026, 5, 1, 8, 0)), "文书乙")
        with pytest.raises(ServiceError) as err:
            update_incoming(s, doc_id, make_input(received_at=dt.datetime(2027, 1, 4, 8, 0)), "文书乙")
        assert err.value.field == "received_at"
        with pytest.raises(ServiceError) as err:
            update_incoming(s, doc_id, make_input(title=""), "文书乙")
        assert err.value.field == "title"
    with store.read() as s:
        d = get_incoming(s, doc_id)
    assert (d.year, d.seq, d.title, d.copies) == (2026, 1, "更正后的标题", 3)
    edits = [e for e in d.events if e.action == "修改"]
    assert len(edits) == 1  # the unchanged second save recorded nothing
    assert edits[0].actor == "文书乙" and "文件标题" in edits[0].detail and "份数" in edits[0].detail


def test_get_incoming_unknown_id(store):
    with store.read() as s, pytest.raises(NotFoundError):
        get_incoming(s, 999)


def test_get_incoming_returns_plain_data(store):
    doc_id = register(store)
    with store.read() as s:
        detail = get_incoming(s, doc_id)
    assert dataclasses.is_dataclass(detail)
    for f in dataclasses.fields(detail):
        value = getattr(detail, f.name)
        items = value if isinstance(value, list) else [value]
        assert not any(isinstance(v, IncomingDocument) for v in items)


def test_number_format_setting_rewrites_the_search_index(store, tmp_path):
    from desktop.services.attachments import add_attachment
    from desktop.services.incoming.kind import INCOMING

    first = register(store)
    second = register(store, title="第二份")
    note = tmp_path / "说明.txt"
    note.write_text("放射诊疗许可证校验", encoding="utf-8")
    with store.write() as s:
        add_attachment(s, store.files_dir, INCOMING, second, note, "文书甲")
        with pytest.raises(ServiceError) as err:
            set_number_format(s, "收文{seq}")
        assert err.value.field == "format"
        set_number_format(s, "院收〔{year}〕{seq}号")
    with store.read() as s:
        assert get_incoming(s, first).number == "院收〔2026〕1号"
        assert list(query.list_ids(s, query.IncomingFilter(text="院收〔2026〕2号"))) == [second]
        assert list(query.list_ids(s, query.IncomingFilter(text="收〔2026〕0001"))) == []
        assert list(query.list_ids(s, query.IncomingFilter(text="许可证校验"))) == [second]
        assert sorted(query.list_ids(s, query.IncomingFilter(text="医疗质量"))) == [first]


def test_unique_constraint_backstop_retries_in_a_savepoint(store, monkeypatch):
    register(store)
    real = records.next_seq
    calls = []

    def stale_once(session, kind, scope):
        calls.append(scope)
        return 1 if len(calls) == 1 else real(session, kind, scope)  # first answer is taken

    monkeypatch.setattr(records, "next_seq", stale_once)
    with store.write() as s:
        other = register_incoming(s, make_input(title="另一份"), "文书甲")
        assert s.get(IncomingDocument, other).seq == 2
    assert len(calls) == 2
    assert numbers(store) == [(2026, 1), (2026, 2)]


def test_backstop_gives_up_with_a_clear_error(store, monkeypatch):
    register(store)
    monkeypatch.setattr(records, "next_seq", lambda session, kind, scope: 1)
    with store.write() as s, pytest.raises(ServiceError, match="编号分配冲突"):
        register_incoming(s, make_input(), "文书甲")
    assert numbers(store) == [(2026, 1)]


# --- two processes registering into one file at the same time ----------------------------


def _register_many(path: str, worker: int, start, count: int) -> None:
    from desktop.services.store import open_store

    store = open_store(Path(path))
    start.wait(timeout=60)  # a Barrier: both begin together
    try:
        for i in range(count):
            with store.write() as s:
                register_incoming(s, make_input(title=f"进程{worker}第{i}份"), f"文书{worker}")
            time.sleep(0.002)  # as between two saves: lets the other BEGIN IMMEDIATE in
    finally:
        store.close()


def test_two_processes_get_distinct_consecutive_numbers(store):
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    procs = [ctx.Process(target=_register_many, args=(str(store.path), w, start, 20)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    with store.read() as s:
        rows = s.execute(select(IncomingDocument.seq, IncomingDocument.registered_by)).all()
    assert sorted(seq for seq, _ in rows) == list(range(1, 41))
    assert {by for _, by in rows} == {"文书1", "文书2"}
