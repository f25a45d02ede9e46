"""The charts' per-month rollups (db.stats_rollup) equal a direct count of the registers,
after every kind of write: insert, 办结, 作废, a changed 密级/收文日期/时限, delete, an
Excel import's Core inserts, and the demo's bulk load (triggers dropped, rebuilt after)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import delete, select, text

from db.models import IncomingDocument, OutgoingDocument
from desktop.reports.incoming_xlsx import export_incoming_xlsx
from desktop.services.demo import generate_demo
from desktop.services.incoming import xlsx_apply
from desktop.services.incoming.query import IncomingFilter
from desktop.services.incoming.register import cancel_incoming
from desktop.services.outgoing.numbering import cancel_number
from desktop.services.store import Store, open_store

from .conftest import TODAY

# the rollups' rows with a count, and the same counts made here straight from the rows
ROLLUP = {
    "months": "SELECT month, secrecy, n FROM stats_incoming_months WHERE n",
    "done": "SELECT completed_on, received_on, secrecy, n, with_deadline, within_deadline "
            "FROM stats_incoming_done WHERE n",
    "sent": "SELECT month, secrecy, n FROM stats_outgoing_months WHERE n",
}
DIRECT = {
    "months": "SELECT substr(received_at, 1, 7), secrecy, count(*) FROM incoming_documents "
              "WHERE cancelled_at IS NULL GROUP BY 1, 2",
    "done": "SELECT completed_on, substr(received_at, 1, 10), secrecy, count(*), count(deadline), "
            "count(CASE WHEN completed_on <= deadline THEN 1 END) FROM incoming_documents "
            "WHERE cancelled_at IS NULL AND completed_on IS NOT NULL GROUP BY 1, 2, 3",
    "sent": "SELECT substr(signed_on, 1, 7), secrecy, count(*) FROM outgoing_documents "
            "WHERE cancelled_at IS NULL AND signed_on IS NOT NULL GROUP BY 1, 2",
}


def rollups(store: Store) -> dict[str, set[tuple]]:
    with store.read() as s:
        return {k: set(map(tuple, s.execute(text(sql)).all())) for k, sql in ROLLUP.items()}


def direct(store: Store) -> dict[str, set[tuple]]:
    with store.read() as s:
        return {k: set(map(tuple, s.execute(text(sql)).all())) for k, sql in DIRECT.items()}


def test_the_rollups_of_the_office_counted_by_hand(office):
    got = rollups(office)
    assert got["months"] == {("2026-10", "公开", 4), ("2026-10", "内部", 1), ("2026-10", "秘密", 1),
                             ("2026-09", "公开", 3), ("2025-10", "公开", 1), ("2025-11", "公开", 1)}
    assert got["done"] == {("2026-10-14", "2026-10-08", "公开", 1, 1, 1), ("2026-10-09", "2026-09-30", "公开", 1, 1, 0),
                           ("2026-10-19", "2026-10-12", "内部", 1, 0, 0), ("2026-10-30", "2026-10-20", "秘密", 1, 0, 0),
                           ("2026-11-02", "2026-10-31", "公开", 1, 1, 1), ("2026-09-15", "2026-09-10", "公开", 1, 1, 1)}
    assert got["sent"] == {("2026-10", "公开", 2), ("2026-09", "公开", 1), ("2025-10", "公开", 1)}
    assert got == direct(office)


def _doc(session, seq: int) -> IncomingDocument:
    return session.scalars(select(IncomingDocument).where(IncomingDocument.seq == seq)).one()


def test_the_rollups_follow_every_change(office):
    with office.write() as s:  # A4 (10-13, 公开, 时限 10-30) 办结 on 11-05: late
        _doc(s, 4).completed_on = dt.date(2026, 11, 5)
        _doc(s, 4).step = "待归档"
    got = rollups(office)
    assert ("2026-11-05", "2026-10-13", "公开", 1, 1, 0) in got["done"]
    assert got == direct(office)

    with office.write() as s:  # 作废 A1 through the register's own action
        cancel_incoming(s, _doc(s, 1).id, "重复登记", "文书甲")
    got = rollups(office)
    assert ("2026-10", "公开", 3) in got["months"]
    assert not any(r[:2] == ("2026-10-14", "2026-10-08") for r in got["done"])
    assert got == direct(office)

    with office.write() as s:  # 密级, 收文日期 and 时限 corrected; the 作废 of A7 taken back
        _doc(s, 3).secrecy = "公开"
        _doc(s, 6).received_at = dt.datetime(2026, 9, 29, 9)
        _doc(s, 8).deadline = dt.date(2026, 11, 1)
        _doc(s, 7).cancelled_at = None
    got = rollups(office)
    assert ("2026-10-30", "2026-09-29", "秘密", 1, 0, 0) in got["done"]
    assert ("2026-11-02", "2026-10-31", "公开", 1, 1, 0) in got["done"]  # no longer within its 时限
    assert got == direct(office)

    with office.write() as s:  # a 发文 作废 (its number), another signed
        d1 = s.scalars(select(OutgoingDocument).where(OutgoingDocument.seq == 1)).one()
        cancel_number(s, d1.id, "撤回", "院办主任")
        d6 = s.scalars(select(OutgoingDocument).where(OutgoingDocument.signed_on.is_(None))).one()
        d6.signed_on, d6.year, d6.seq = dt.date(2026, 11, 2), 2026, 9
    got = rollups(office)
    assert ("2026-10", "公开", 1) in got["sent"] and ("2026-11", "公开", 1) in got["sent"]
    assert got == direct(office)

    with office.write() as s:  # rows deleted (a restore's undo, a test's cleanup)
        s.execute(delete(IncomingDocument).where(IncomingDocument.seq.in_([2, 9])))
        s.execute(delete(OutgoingDocument).where(OutgoingDocument.seq == 4))
    assert rollups(office) == direct(office)


def test_the_rollups_after_an_excel_import_and_the_demo(store: Store, tmp_path: Path):
    generate_demo(store, years=1, seed=5, docs_per_year=150)  # loaded with the triggers dropped
    assert sum(n for _m, _s, n in rollups(store)["months"]) == 150 - _cancelled(store)
    assert rollups(store) == direct(store)
    with store.read() as s:
        triggers = set(s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    assert {"stats_incoming_insert", "stats_incoming_update", "stats_incoming_delete",
            "stats_outgoing_insert", "stats_outgoing_update", "stats_outgoing_delete"} <= triggers

    out = tmp_path / "register.xlsx"
    with store.read() as s:
        export_incoming_xlsx(s, IncomingFilter(), out)
    other = open_store(tmp_path / "second.db")
    try:
        with other.write() as s:
            xlsx_apply.import_incoming_xlsx(s, out, "文书乙")
        assert rollups(other)["months"] == rollups(store)["months"]
        assert rollups(other)["done"] == rollups(store)["done"]
        assert rollups(other) == direct(other)
    finally:
        other.close()


def _cancelled(store: Store) -> int:
    with store.read() as s:
        return s.execute(text("SELECT count(*) FROM incoming_documents WHERE cancelled_at IS NOT NULL")).scalar_one()


def test_a_month_rolled_up_is_what_its_bar_drills_to(office):
    from desktop.services.stats import incoming, outgoing
    from desktop.services.stats.periods import month

    with office.read() as s:
        visible = ("公开", "内部", "秘密", "机密", "绝密")
        bars, _ = incoming.month_bars(s, dt.date(2026, 10, 31), visible, TODAY)
        assert [int(b.value) for b in bars[-2:]] == [3, 6]
        assert [incoming.count(s, b.drill) for b in bars[-2:]] == [3, 6]
        sent, _ = outgoing.month_counts(s, dt.date(2026, 10, 31), visible)
        assert sent[-2:] == [1, 2] and outgoing.count(s, month(dt.date(2026, 10, 1)), visible) == 2
