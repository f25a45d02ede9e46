"""Excel export → import keeps every document whole, its history included; formulas stay text."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from db.models import IncomingDocument, IncomingEvent
from desktop.reports.incoming_xlsx import export_incoming_xlsx
from desktop.services.demo import generate_demo
from desktop.services.errors import ServiceError
from desktop.services.incoming import xlsx_apply
from desktop.services.incoming.query import IncomingFilter
from desktop.services.incoming.register import IncomingInput, register_incoming
from desktop.services.incoming.workflow import propose
from desktop.services.store import Store, open_store

D = IncomingDocument
# Set by the import itself: the row's new id, and the time it was last changed (now).
NOT_KEPT = {"id", "updated_at"}
# A child row's own id and its document's.
CHILD_NOT_KEPT = {"id", "document_id"}


def _columns(row: object, skip: set[str]) -> dict:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}  # type: ignore[attr-defined]


def everything(store: Store) -> dict:
    """Every column of every document and of its children, and its full event list, by number."""
    out = {}
    with store.read() as s:
        for d in s.scalars(select(D)):
            out[(d.year, d.seq)] = {
                **_columns(d, NOT_KEPT),
                "instructions": [_columns(i, CHILD_NOT_KEPT) for i in d.instructions],
                "assignments": [_columns(a, CHILD_NOT_KEPT) for a in d.assignments],
                "circulations": [_columns(c, CHILD_NOT_KEPT) for c in d.circulations],
                "reminders": [_columns(r, CHILD_NOT_KEPT) for r in d.reminders],
                "events": [(e.action, e.actor, e.at, e.detail) for e in d.events],
            }
    return out


def export(store: Store, out: Path) -> int:
    with store.read() as s:
        return export_incoming_xlsx(s, IncomingFilter(), out)


def import_into(path: Path, xlsx: Path, **kw) -> Store:
    other = open_store(path)
    with other.write() as s:
        xlsx_apply.import_incoming_xlsx(s, xlsx, "文书乙", **kw)
    return other


def test_round_trip_keeps_every_field_and_every_event(store: Store, tmp_path: Path) -> None:
    summary = generate_demo(store, years=1, seed=3, docs_per_year=120)
    before = everything(store)
    assert len(before) == summary.incoming_documents == 120
    assert sum(len(d["events"]) for d in before.values()) > 500  # a real history, not one event each
    assert sum(1 for d in before.values() if d["proposed_by"]) > 50
    assert sum(1 for d in before.values() for a in d["assignments"] if a["opinion"]) > 5
    out = tmp_path / "register.xlsx"
    assert export(store, out) == 120

    other = import_into(tmp_path / "second.db", out)
    try:
        after = everything(other)
        with other.read() as s:
            imports = s.execute(select(IncomingEvent.action, IncomingEvent.actor)
                                .where(IncomingEvent.action == "导入")).all()
    finally:
        other.close()
    assert len(imports) == 120 and set(imports) == {("导入", "文书乙")}
    for doc in after.values():
        assert doc["events"][-1][:2] == ("导入", "文书乙")  # the import is the last event
        doc["events"] = doc["events"][:-1]
    assert after == before


FORMULAS = ["=HYPERLINK(\"http://example.com\",\"点我\")", "=1+2", "+86 731 8888", "-5份", "@SUM(A1:A9)",
            "\t=1+2", "\r=1+2"]


def test_text_that_looks_like_a_formula_is_written_as_text_and_read_back(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        for i, f in enumerate(FORMULAS):
            doc = register_incoming(s, IncomingInput(
                received_at=dt.datetime(2026, 3, 2, 9) + dt.timedelta(hours=i), sender=f"{f}单位",
                sender_doc_no="", title=f"标题{f}" if i % 2 else f, remarks=f), "文书甲")
            propose(s, doc, f, "主任")
    with store.read() as s:
        before = {(d.seq): (d.title, d.sender, d.remarks, d.proposal) for d in s.scalars(select(D))}
    out = tmp_path / "formula.xlsx"
    export(store, out)
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all("<f>" not in z.read(n).decode() and "<f " not in z.read(n).decode() for n in sheets)
    other = import_into(tmp_path / "f.db", out)
    try:
        with other.read() as s:
            after = {(d.seq): (d.title, d.sender, d.remarks, d.proposal) for d in s.scalars(select(D))}
    finally:
        other.close()
    assert after == before
    assert before[2] == ("标题=1+2", "=1+2单位", "=1+2", "=1+2")
    assert before[3] == ("+86 731 8888", "+86 731 8888单位", "+86 731 8888", "+86 731 8888")


def test_a_failure_in_the_second_batch_leaves_no_document(store: Store, tmp_path: Path) -> None:
    generate_demo(store, years=1, seed=5, docs_per_year=30)
    out = tmp_path / "r.xlsx"
    export(store, out)
    target = open_store(tmp_path / "target.db")
    try:
        with target.write() as s:  # the database refuses the 25th document: it is in the second batch of 20
            s.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON incoming_documents WHEN NEW.seq = 25 "
                           "BEGIN SELECT RAISE(ABORT, '磁盘故障'); END"))
        batches: list[int] = []
        real = xlsx_apply._insert_batch

        def counted(session, part, *args):
            batches.append(len(part))
            return real(session, part, *args)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(xlsx_apply, "BATCH", 20)
            mp.setattr(xlsx_apply, "_insert_batch", counted)
            with pytest.raises(Exception, match="磁盘故障"), target.write() as s:
                xlsx_apply.import_incoming_xlsx(s, out, "文书乙")
        assert batches == [20, 10]  # the first batch was written before the second failed
        with target.read() as s:
            assert s.scalar(select(func.count(D.id))) == 0
            assert s.scalar(select(func.count(IncomingEvent.id))) == 0
            assert s.scalar(text("SELECT count(*) FROM incoming_search")) == 0
    finally:
        target.close()


def test_skip_bad_rows_when_every_row_is_bad_says_so(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["收文日期", "来文单位", "文件标题"])
    ws.append(["2026-02-30", "卫健委", "甲"])
    ws.append(["2026-03-01", "", "乙"])
    wb.save(tmp_path / "bad.xlsx")
    with store.write() as s, pytest.raises(ServiceError) as err:
        xlsx_apply.import_incoming_xlsx(s, tmp_path / "bad.xlsx", "文书甲", skip_bad_rows=True)
    message = str(err.value)
    assert message.startswith("所有 2 行都有错误，未导入任何数据：")
    assert "第 2 行：收文日期“2026-02-30”不是有效的日期" in message and "第 3 行：缺少来文单位" in message
    assert "跳过" not in message
    with store.read() as s:
        assert s.scalar(select(func.count(D.id))) == 0


def _stamps(store: Store) -> dict[str, tuple[list, list]]:
    """By title: each instruction's (leader, recorded_by, recorded_at), each assignment's (department, by, on)."""
    with store.read() as s:
        return {d.title: ([(i.leader, i.recorded_by, i.recorded_at) for i in d.instructions],
                          sorted((a.department, a.assigned_by, a.assigned_on) for a in d.assignments))
                for d in s.scalars(select(D))}


def test_who_typed_each_instruction_and_handed_it_over_comes_back_from_the_history(
    store: Store, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    from desktop.services import clock
    from desktop.services.incoming.workflow import add_instruction, assign_departments

    def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2026, 3, day, hour, minute)

    with clock.frozen(at(2, 9)), store.write() as s:
        doc = register_incoming(s, IncomingInput(received_at=at(2, 8), sender="卫健委", sender_doc_no="",
                                                 title="甲"), "文书甲")
    steps = [(at(3, 10), lambda s: add_instruction(s, doc, "王院长", "阅", dt.date(2026, 3, 3), "文书甲",
                                                   add_to_directory=True)),
             (at(4, 11, 30), lambda s: add_instruction(s, doc, "李副院长", "办", dt.date(2026, 3, 4), "主任",
                                                       add_to_directory=True)),
             (at(5, 8), lambda s: assign_departments(s, doc, ["医务部", "护理部"], None, "主任",
                                                     add_to_directory=True)),
             # 医务部 is kept (its stamp with it), 护理部 dropped, 院感科 new
             (at(9, 15), lambda s: assign_departments(s, doc, ["医务部", "院感科"], "院感科", "副主任",
                                                      add_to_directory=True))]
    for when, step in steps:
        with clock.frozen(when), store.write() as s:
            step(s)
    # A register kept by hand (no 办理记录): its instruction is stamped with that import
    wb = Workbook()
    wb.active.append(["收文日期", "来文单位", "文件标题", "领导批示", "承办科室"])
    wb.active.append(["2026-03-06", "卫健委", "乙", "张院长：同意（2026-03-06）", "医务部"])
    wb.save(tmp_path / "hand.xlsx")
    with clock.frozen(at(10, 9)), store.write() as s:
        xlsx_apply.import_incoming_xlsx(s, tmp_path / "hand.xlsx", "文书丙")
        second = s.scalar(select(D.id).where(D.title == "乙"))
    with clock.frozen(at(11, 14)), store.write() as s:
        add_instruction(s, second, "赵书记", "同意", dt.date(2026, 3, 11), "主任", add_to_directory=True)
    expected = {
        "甲": ([("王院长", "文书甲", at(3, 10)), ("李副院长", "主任", at(4, 11, 30))],
              [("医务部", "主任", dt.date(2026, 3, 5)), ("院感科", "副主任", dt.date(2026, 3, 9))]),
        "乙": ([("张院长", "文书丙", at(10, 9)), ("赵书记", "主任", at(11, 14))],
              [("医务部", "", dt.date(2026, 3, 6))]),  # no 承办 event: nobody, on the day of receipt
    }
    assert _stamps(store) == expected
    out = tmp_path / "stamps.xlsx"
    export(store, out)
    with clock.frozen(dt.datetime(2026, 4, 1, 9)):
        other = import_into(tmp_path / "stamps.db", out)
    try:
        assert _stamps(other) == expected
    finally:
        other.close()
