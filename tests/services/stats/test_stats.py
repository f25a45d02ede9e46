"""Every statistic against the small office of conftest.py, counted by hand there."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.incoming import query
from desktop.services.outgoing import query as outgoing_query
from desktop.services.stats import chart_data, figures, incoming, outgoing, periods, supervision
from desktop.services.supervision import query as supervision_query
from tests.services.stats.conftest import ALL, CLERK, SHENG, SHI, TODAY

OCT = periods.month(dt.date(2026, 10, 5))


def test_months_of_receipt_with_the_year_before(office):
    with office.read() as s:
        v = chart_data.volume(s, OCT, ALL, TODAY)
    assert [b.label for b in v.incoming][0] == "2025年11月"
    assert [b.label for b in v.incoming][-1] == "2026年10月"
    # Nov 2025: C2; Sep 2026: A2, B1, B2; Oct 2026: A1 A3 A4 A5 A6 A8 (A7 作废)
    assert [b.value for b in v.incoming] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 6]
    assert v.incoming_last_year == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # Oct 2025: C1
    assert [b.value for b in v.outgoing] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]  # D4; D1 D2 (D3 作废, D6 unsigned)
    assert v.outgoing_last_year == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # D5


def test_a_clerk_counts_only_what_the_clerk_may_see(office):
    with office.read() as s:
        bars, _ = incoming.month_bars(s, OCT.end, CLERK, TODAY)
        senders, total = incoming.by_sender(s, OCT, CLERK, TODAY)
    assert bars[-1].value == 5  # A6 is 秘密
    assert [(b.label, b.value) for b in senders] == [(SHENG, 3), (SHI, 2)]
    assert total == 5


def test_senders_and_types(office):
    with office.read() as s:
        senders = chart_data.senders(s, OCT, ALL, TODAY)
        types = chart_data.doc_types(s, OCT, ALL, TODAY)
    assert [(b.label, b.value) for b in senders.top] == [(SHENG, 4), (SHI, 2)]
    assert senders.total == 6 and senders.others == 0
    assert [(b.label, b.value) for b in types] == [("通知", 4), ("函", 1), ("请示", 1)]


def test_every_bar_drills_to_exactly_its_documents(office):
    with office.read() as s:
        bars = [*chart_data.volume(s, OCT, ALL, TODAY).incoming, *chart_data.senders(s, OCT, ALL, TODAY).top,
                *chart_data.doc_types(s, OCT, ALL, TODAY)]
        for bar in bars:
            assert query.count(s, bar.drill) == bar.value, bar.label
            assert len(query.list_ids(s, bar.drill)) == bar.value


def test_every_outgoing_bar_drills_to_exactly_its_documents(office):
    with office.read() as s:
        sent = chart_data.volume(s, OCT, ALL, TODAY).outgoing
        counted = [(b.label, outgoing_query.count(s, b.drill), len(outgoing_query.list_ids(s, b.drill)))
                   for b in sent[-2:]]
    # September: D4; October: D1 D2, not D3 (作废 with its number kept), as the bars count
    assert counted == [("2026年9月", 1, 1), ("2026年10月", 2, 2)]
    assert [b.value for b in sent[-2:]] == [1, 2]


def test_handling_time_in_working_days(office):
    with office.read() as s:
        months = chart_data.handling(s, OCT, ALL, TODAY)
    by = {m.month: m for m in months}
    oct_, sep = by[dt.date(2026, 10, 1)], by[dt.date(2026, 9, 1)]
    # 办结 in October: A2 2, A1 5, A3 5, A6 8 working days
    assert (oct_.done, oct_.median, oct_.p90) == (4, 5.0, 8.0)
    assert (oct_.with_deadline, oct_.within_deadline, oct_.within_share) == (2, 1, 50.0)
    assert (sep.done, sep.median, sep.p90, sep.within_share) == (1, 3.0, 3.0, 100.0)  # B1
    assert by[dt.date(2026, 8, 1)].median is None and by[dt.date(2026, 8, 1)].done == 0
    with office.read() as s:
        nov = incoming.handling_months(s, dt.date(2026, 11, 30), ALL, months=1)[0]
    assert (nov.done, nov.median, nov.within_share) == (1, 1.0, 100.0)  # A8: Sat 10-31 to Mon 11-02


def test_handling_time_of_the_clerk_leaves_out_secret_documents(office):
    with office.read() as s:
        oct_ = incoming.handling_months(s, OCT.end, CLERK, months=1)[0]
    assert (oct_.done, oct_.median, oct_.p90) == (3, 5.0, 5.0)  # A2 2, A1 5, A3 5


def test_supervision_by_department(office):
    with office.read() as s:
        rows = chart_data.departments(s, OCT, ALL, TODAY)
    # the 督办通报's figures for October (S6 closed in September is not of the period; S5,
    # closed on 11-05, was still open and overdue at the month's end), worst 按期率 first
    assert [(r.department, r.total, r.on_time, r.late, r.overdue, r.in_progress) for r in rows] == [
        ("护理部", 2, 0, 0, 1, 1),  # S5 overdue, S4 not due yet
        ("医务部", 3, 1, 1, 1, 0),  # S1 on time, S2 late, S3 overdue
    ]
    assert rows[0].on_time_rate == 0.0 and round(rows[1].on_time_rate, 1) == 33.3


def test_supervision_overdue_list_at_the_end_of_the_month(office):
    with office.read() as s:
        items = supervision.overdue_items(s, OCT, TODAY)
        now = supervision.overdue_items(s, periods.month(TODAY), TODAY)
    assert [(i.number, i.department, i.days_over) for i in items] == [
        ("督〔2026〕5号", "护理部", 46), ("督〔2026〕3号", "医务部", 3)]
    # on 11-20: S5 closed on 11-05; S3 still open
    assert [(i.number, i.days_over) for i in now] == [("督〔2026〕3号", 23)]


def test_key_figures_with_changes(office):
    with office.read() as s:
        keys = {k.key: k for k in figures.key_figures(s, OCT, ALL, TODAY)}
        for k in keys.values():
            if isinstance(k.drill, query.IncomingFilter):
                assert query.count(s, k.drill) == k.value, k.label
        assert outgoing_query.count(s, keys["sent"].drill) == 2  # D1 D2 (D3 作废)
    assert (keys["received"].value, keys["received"].previous, keys["received"].change) == (6, 3, 100.0)
    assert (keys["sent"].value, keys["sent"].previous, keys["sent"].change) == (2, 1, 100.0)
    # stocks, told by their difference in 件 (not per cent)
    assert (keys["open"].value, keys["open"].previous, keys["open"].change) == (2, 1, 1)  # A4 A5; B2
    assert (keys["overdue"].value, keys["overdue"].previous, keys["overdue"].change) == (1, 0, 1)
    assert (keys["supervision_overdue"].value, keys["supervision_overdue"].previous) == (2, 1)
    # October 1 on time of 4 due or done; September: S6 on time, S5 overdue
    assert (keys["on_time"].value, keys["on_time"].previous, keys["on_time"].change) == (25.0, 50.0, -25.0)
    # each lists its items in the 督办 register: S5 S3 overdue; S1 S2 S3 S5 due or done
    with office.read() as s:
        assert supervision_query.count(s, keys["supervision_overdue"].drill) == 2
        assert supervision_query.count(s, keys["on_time"].drill) == 4


def test_outgoing_count_of_a_quarter(office):
    with office.read() as s:
        assert outgoing.count(s, periods.quarter(dt.date(2026, 11, 1)), ALL) == 2  # Q4: D1 D2 (D3 作废)
        assert outgoing.count(s, periods.year(2026), ALL) == 3  # and D4


@pytest.mark.parametrize(("period", "label", "previous"), [
    (periods.month(dt.date(2026, 1, 9)), "2026年1月", (dt.date(2025, 12, 1), dt.date(2025, 12, 31))),
    (periods.quarter(dt.date(2026, 2, 9)), "2026年第1季度", (dt.date(2025, 10, 1), dt.date(2025, 12, 31))),
    (periods.year(2026), "2026年", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    (periods.custom(dt.date(2026, 3, 1), dt.date(2026, 3, 10)), "2026-03-01 至 2026-03-10",
     (dt.date(2026, 2, 19), dt.date(2026, 2, 28))),
])
def test_periods_and_the_one_before(period, label, previous):
    assert period.label == label
    assert (period.previous().start, period.previous().end) == previous


def test_period_parsing_and_change():
    assert periods.parse_month("2026-10") == periods.Period("month", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    with pytest.raises(ValueError, match="YYYY-MM"):
        periods.parse_month("十月")
    assert periods.change(412, 388) == pytest.approx(6.185567, rel=1e-5)
    assert periods.change(5, 0) is None


def test_a_plain_reader_is_left_outside_any_transaction(office, tmp_path):
    import sqlite3

    conn = sqlite3.connect(f"file:{tmp_path / 'office.db'}?mode=ro", uri=True)
    incoming.handling_months(conn, OCT.end, ALL)
    assert not conn.in_transaction  # else it would keep reading an old snapshot


def test_a_plain_reader_sees_a_change_made_by_another_connection(office, tmp_path):
    import sqlite3

    from db.models import IncomingDocument

    conn = sqlite3.connect(f"file:{tmp_path / 'office.db'}?mode=ro", uri=True)
    before = chart_data.volume(conn, OCT, ALL, TODAY).incoming[-1].value
    assert chart_data.volume(conn, OCT, ALL, TODAY).incoming[-1].value == 6  # kept, the same
    with office.write() as s:
        s.add(IncomingDocument(year=2026, seq=99, received_at=dt.datetime(2026, 10, 30, 9), sender=SHI,
                               title="新到收文", doc_type="通知", secrecy="公开", step="待初审"))
    after = chart_data.volume(conn, OCT, ALL, TODAY).incoming[-1].value
    keys = {k.key: k for k in figures.key_figures(conn, OCT, ALL, TODAY)}
    assert (before, after, keys["received"].value, keys["open"].value) == (6, 7, 7, 3)
