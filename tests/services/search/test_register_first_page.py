"""A register's first page (LIMIT) is the head of its whole list, for every kind.

The window shows the first page at once and lists the rest on a thread (ui/register);
the two must agree, whatever the filter's plan (a number skips the count that chooses it).
"""
from __future__ import annotations

import datetime as dt

from db.paths import open_reader
from desktop.services.incoming import query as incoming_q
from desktop.services.outgoing import query as outgoing_q
from desktop.services.supervision import query as supervision_q

from .conftest import incoming, item, outgoing


def test_first_ids_are_the_head_of_the_whole_list(office, tmp_path):
    for day in range(1, 8):
        incoming(office, f"关于医保飞行检查的第{day}份通知", day=day, docno=f"湘医保发〔2026〕{day}号")
        outgoing(office, f"关于医保工作的第{day}份报告")
        item(office, f"落实医保检查整改第{day}项")
    conn = open_reader(office.path)
    try:
        everyone = ("公开", "内部", "秘密", "机密", "绝密")
        for text in ("", "医保", "湘医保发〔2026〕3号"):
            f = incoming_q.IncomingFilter(text=text, visible=everyone)
            whole = list(incoming_q.list_ids(conn, f))
            assert list(incoming_q.list_ids(conn, f, limit=3)) == whole[:3]
            assert len(whole) == (1 if "〔" in text else 7)
        titles = [incoming_q.fetch_rows(conn, [i])[i].values[4]
                  for i in incoming_q.list_ids(conn, incoming_q.IncomingFilter(visible=everyone), limit=2)]
        assert titles == ["关于医保飞行检查的第7份通知", "关于医保飞行检查的第6份通知"]
        of = outgoing_q.OutgoingFilter(text="医保", visible=everyone)
        whole = list(outgoing_q.list_ids(conn, of))
        assert len(whole) == 7 and list(outgoing_q.list_ids(conn, of, limit=3)) == whole[:3]
        sf = supervision_q.SupervisionFilter(today=dt.date(2026, 4, 20))
        whole = list(supervision_q.list_ids(conn, sf))
        assert len(whole) == 7 and list(supervision_q.list_ids(conn, sf, limit=3)) == whole[:3]
    finally:
        conn.close()


def test_a_departments_first_page_walked_newest_first_is_the_head_of_its_list(office):
    from db.models import IncomingAssignment

    ids = [incoming(office, f"第{day}份来文", day=day) for day in range(1, 10)]
    with office.write() as s:  # 医务部 has six of the nine, 护理部 one
        for doc_id in ids[:3] + ids[4:7]:
            s.add(IncomingAssignment(document_id=doc_id, department="医务部", assigned_on=dt.date(2026, 4, 10)))
        s.add(IncomingAssignment(document_id=ids[3], department="护理部", assigned_on=dt.date(2026, 4, 10)))
    conn = open_reader(office.path)
    try:
        f = incoming_q.IncomingFilter(department="医务部")
        first = list(incoming_q.list_ids(conn, f, limit=4))  # 6 > 4: walked, probing each
        assert first == [ids[6], ids[5], ids[4], ids[2]]
        assert list(incoming_q.list_ids(conn, f)) == [ids[6], ids[5], ids[4], ids[2], ids[1], ids[0]]
        assert list(incoming_q.list_ids(conn, f, descending=False, limit=2)) == [ids[0], ids[1]]
        assert list(incoming_q.list_ids(conn, incoming_q.IncomingFilter(department="护理部"), limit=4)) == [ids[3]]
    finally:
        conn.close()
