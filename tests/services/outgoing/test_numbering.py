"""发文字号: property tests of sign-offs and cancellations, two processes, the 断号/重号 report."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db.models import OutgoingDocument
from desktop.services.outgoing import numbering

from .conftest import setup_office, signed

CODES = ("院发", "院办发")
YEARS = (2025, 2026)
step = st.one_of(
    st.tuples(st.just("sign"), st.sampled_from(CODES), st.sampled_from(YEARS)),
    st.tuples(st.just("cancel"), st.integers(0, 50), st.none()),
)


def _numbers(s) -> dict[tuple[str, int], list[int]]:
    out: dict[tuple[str, int], list[int]] = {}
    d = OutgoingDocument
    for code, year, seq in s.execute(select(d.code, d.year, d.seq).where(d.seq.is_not(None)).order_by(d.seq)):
        out.setdefault((code, year), []).append(seq)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, max_size=30))
def test_any_interleaving_gives_one_to_n_per_code_and_year(steps):
    from desktop.services.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "office.db")
        try:
            given_numbers: list[str] = []
            with store.write() as s:
                setup_office(s)
            for action, a, b in steps:
                with store.write() as s:
                    if action == "sign":
                        _, number = signed(s, a, dt.date(b, 6, 1))
                        given_numbers.append(number)
                    else:
                        ids = list(s.scalars(select(OutgoingDocument.id).where(
                            OutgoingDocument.cancelled_at.is_(None)).order_by(OutgoingDocument.id)))
                        if ids:
                            numbering.cancel_number(s, ids[a % len(ids)], "测试作废", "王主任")
            with store.read() as s:
                held = _numbers(s)
                report = numbering.number_report(s)
        finally:
            store.close()
    assert len(given_numbers) == len(set(given_numbers))  # no number twice, none reused
    for seqs in held.values():
        assert seqs == list(range(1, len(seqs) + 1))
    assert all(r.clean for r in report)


def _sign_many(path: str, worker: int, start, count: int) -> None:
    from desktop.services.store import open_store

    store = open_store(Path(path))
    start.wait(timeout=60)
    try:
        for _ in range(count):
            for code in CODES:
                with store.write() as s:
                    signed(s, code)
            time.sleep(0.002)
    finally:
        store.close()


def test_two_processes_signing_off_at_once_never_collide(office):
    n = 10
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    procs = [ctx.Process(target=_sign_many, args=(str(office.path), w, start, n)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=180)
    assert [p.exitcode for p in procs] == [0, 0]
    with office.read() as s:
        assert _numbers(s) == {("院发", 2026): list(range(1, 21)), ("院办发", 2026): list(range(1, 21))}


def test_report_lists_gaps_and_duplicates_of_imported_history(office):
    # last year's register as imported: 院发 1, 2, 2 (twice), 5, 7 and 院函 1, 3
    with office.write() as s:
        for code, seq, repeat in (("院发", 1, 0), ("院发", 2, 0), ("院发", 2, 1), ("院发", 5, 0), ("院发", 7, 0),
                                  ("院函", 1, 0), ("院函", 3, 0)):
            s.add(OutgoingDocument(code=code, year=2025, seq=seq, repeat=repeat, imported=True,
                                   title=f"{code}{seq}", signed_on=dt.date(2025, 5, 1)))
        s.flush()
        _, number = signed(s, "院发", dt.date(2025, 12, 30))  # a new one follows the highest
        report = numbering.number_report(s, year=2025)
    assert number == "院发〔2025〕8号"
    assert [(r.code, r.year, r.count, r.last, r.gaps, r.duplicates) for r in report] == [
        ("院函", 2025, 2, 3, (2,), ()),
        ("院发", 2025, 6, 8, (3, 4, 6), (2,)),
    ]
    assert numbering.ranges_text((3, 4, 6, 9, 10, 11)) == "3—4、6、9—11"
