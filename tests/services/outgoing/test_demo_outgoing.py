"""The demo's 发文: 代字 with names, every stage this year, gapless numbers per 代字 and year with
cancelled ones kept, signers from the directory, stages as the rules derive them."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import func, select, text

from db.models import OutgoingDocument
from desktop.services import reference
from desktop.services.demo import generate_demo
from desktop.services.outgoing import numbering
from desktop.services.outgoing.steps import CANCELLED, STEPS, derive_marks, derive_step
from desktop.services.outgoing.workflow import SIGNER_ROLE
from desktop.services.store import open_store

D = OutgoingDocument


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.db")
    generate_demo(store, years=2, docs_per_year=4500)
    yield store
    store.close()


def test_codes_have_names_and_doc_types(demo):
    with demo.read() as s:
        codes = {c.code: c for c in numbering.list_codes(s)}
    assert list(codes) == ["院发", "院办发", "院函", "党委发"]
    assert codes["院发"].name == "湖南省职业病防治院文件"
    assert codes["党委发"].name == "中共湖南省职业病防治院委员会文件"
    assert codes["院函"].doc_types == ("函",)


def test_numbers_gapless_per_code_and_year_cancelled_ones_kept_with_reason(demo):
    with demo.read() as s:
        report = numbering.number_report(s)
        cancelled = s.execute(select(D.seq, D.cancel_reason).where(D.cancelled_at.is_not(None))).all()
    assert report and all(r.clean for r in report)
    assert sum(len(r.cancelled) for r in report) == len(cancelled) >= 3
    assert all(seq is not None and reason for seq, reason in cancelled)


def test_every_stage_this_year_signers_from_the_directory_stage_as_derived(demo):
    with demo.read() as s:
        signers = set(reference.staff_names(s, SIGNER_ROLE))
        docs = list(s.scalars(select(D)))
        allowed = {c.code: c.doc_types for c in numbering.list_codes(s)}
        steps = defaultdict(int)
        returned_waiting = returned_again = replies = 0
        for d in docs:
            assert d.step == derive_step(d), d.id
            steps[d.step] += 1
            if d.signed_on is not None:
                assert d.signed_by in signers and d.seq is not None and d.year == d.signed_on.year
                assert d.doc_type in allowed[d.code] and d.written_on == d.signed_on
            else:
                assert d.seq is None and d.signed_by == ""
            if d.dispatched_at is not None:
                assert d.issued_on is not None and d.copies and d.issued_on >= d.signed_on
            if d.archived_on is not None:
                assert d.archive_volume and d.archived_on <= dt.date(2026, 11, 20)
            returned_waiting += bool(derive_marks(d))
            returned_again += d.returned_at is not None and d.reviewed_at is not None
            replies += d.in_reply_to_id is not None
            assert [e.action for e in d.events][0] == "起草"
    assert all(steps[step] >= 1 for step in (*STEPS, CANCELLED)), dict(steps)
    assert steps["已归档"] > len(docs) * 0.8
    assert returned_again >= 20 and replies >= 100
    archived_years = {d.year for d in docs if d.archived_on is not None}
    assert min(archived_years) < 2026


def test_demo_documents_are_in_the_search_index(demo):
    from desktop.services.outgoing import query
    from desktop.services.verify import INDEX, verify_store

    with demo.read() as s:
        rows = query.fetch_rows(s, query.list_ids(s, query.OutgoingFilter(text="院办发〔2025〕1号",
                                                                          visible=("公开", "内部"))))
        indexed = s.execute(select(func.count()).select_from(text("outgoing_search"))).scalar()
        total = s.execute(select(func.count(D.id))).scalar()
    assert [r.values[0] for r in rows.values()] == ["院办发〔2025〕1号"]
    assert indexed == total
    assert [p for p in verify_store(demo).problems if p.check == INDEX] == []
