"""The history is captured once, at the storage layer: every write path logs, hash-chained."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry
from desktop.services import clock
from desktop.services.errors import ServiceError
from desktop.services.history import record_history
from desktop.services.incoming import register, workflow
from desktop.services.incoming.register import IncomingInput
from desktop.services.numbering import store_number_format
from desktop.services.reference import DepartmentRow, save_department

T0 = dt.datetime(2026, 3, 2, 9, 0)


def _input(title: str = "关于医保基金检查的通知", secrecy: str = "公开") -> IncomingInput:
    return IncomingInput(received_at=T0, sender="湖南省卫生健康委员会", sender_doc_no="湘卫发〔2026〕5号",
                         title=title, secrecy=secrecy)


def _entries(store) -> list[AuditEntry]:
    with store.read() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _changes(entry: AuditEntry) -> dict[str, list]:
    """{"title": [old, new], "events#1": [old, new] …} of one entry."""
    return {"#".join(str(p) for p in path): [old, new] for path, old, new in json.loads(entry.changes)}


def _register(store, actor: str = "文书", **kw) -> int:
    with store.write(actor=actor) as s:
        return register.register_incoming(s, _input(**kw), actor)


def test_registering_makes_one_entry_with_every_field(store):
    with clock.frozen(dt.datetime(2026, 3, 2, 10, 30)):
        doc_id = _register(store)
    [entry] = _entries(store)
    assert (entry.id, entry.at, entry.actor, entry.kind, entry.record_id, entry.number, entry.action) == (
        1, "2026-03-02 10:30:00", "文书", "incoming", doc_id, "收〔2026〕0001", "登记")
    changes = _changes(entry)
    assert changes["title"] == [None, "关于医保基金检查的通知"]
    assert changes["secrecy"] == [None, "公开"]
    assert changes["received_at"] == [None, "2026-03-02 09:00:00"]
    assert changes["events#1"] == [None, {"action": "登记", "actor": "文书", "at": "2026-03-02 10:30:00",
                                          "detail": "收〔2026〕0001"}]
    assert "updated_at" not in changes and "step" not in changes


def test_update_logs_old_and_new_of_each_changed_field_and_who(store):
    doc_id = _register(store)
    with clock.frozen(dt.datetime(2026, 3, 3, 8, 0)), store.write(actor="王主任") as s:
        register.update_incoming(s, doc_id, _input(title="关于医保基金专项检查的通知", secrecy="秘密"), "王主任")
    entry = _entries(store)[-1]
    assert (entry.actor, entry.action, entry.number) == ("王主任", "修改", "收〔2026〕0001")
    changes = _changes(entry)
    assert changes["title"] == ["关于医保基金检查的通知", "关于医保基金专项检查的通知"]
    assert changes["secrecy"] == ["公开", "秘密"]
    assert sorted(k for k in changes if "#" not in k) == ["secrecy", "title"]


def test_workflow_steps_and_child_rows_are_logged_against_their_document(store):
    doc_id = _register(store)
    with store.write(actor="主任") as s:
        workflow.assign_departments(s, doc_id, ["医务部", "护理部"], None, "主任", dt.date(2026, 3, 2), add_to_directory=True)
    with store.write(actor="主任") as s:  # 护理部 dropped: its row goes by a delete-orphan cascade
        workflow.assign_departments(s, doc_id, ["医务部"], None, "主任", dt.date(2026, 3, 2), add_to_directory=True)
    with store.write(actor="文书") as s:
        workflow.add_instruction(s, doc_id, "李院长", "请医务部牵头办理", dt.date(2026, 3, 3), "文书", add_to_directory=True)
    # (the departments and the leader were added to the directory on the way: their own entries)
    first, second, third = [e for e in _entries(store) if e.kind == "incoming"][1:]
    assert (first.action, second.action, third.action) == ("承办", "承办", "批示")
    assert {first.record_id, second.record_id, third.record_id} == {doc_id}
    assert _changes(first)["assignments#2"][1]["department"] == "护理部"
    assert _changes(second)["assignments#2"] == [
        {"assigned_by": "主任", "assigned_on": "2026-03-02", "department": "护理部", "is_lead": False, "opinion": ""},
        None]
    assert _changes(third)["instructions#1"][1]["text"] == "请医务部牵头办理"


def test_a_failed_write_logs_nothing(store):
    doc_id = _register(store)
    with pytest.raises(ServiceError), store.write(actor="文书") as s:
        workflow.review(s, doc_id, "文书")
        workflow.propose(s, doc_id, "", "文书")  # refused: the whole transaction rolls back
    assert [e.action for e in _entries(store)] == ["登记"]


def test_settings_and_directory_entries_are_logged(store):
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0)), store.write(actor="主任") as s:
        store_number_format(s, "incoming", "收文〔{year}〕{seq:05d}")
        save_department(s, DepartmentRow(name="医务部", kind="职能"))
    settings, department = _entries(store)
    assert (settings.kind, settings.record_id, settings.action) == ("settings", 0, "修改")
    assert _changes(settings) == {"settings#incoming.number_format": [None, {"value": "收文〔{year}〕{seq:05d}"}]}
    assert (department.kind, department.number, department.action) == ("department", "医务部", "新建")


def test_each_hash_covers_the_previous_hash_and_the_entry(store):
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0)), store.write(actor="主任") as s:
        store_number_format(s, "incoming", "收〔{year}〕{seq:04d}号")
    [entry] = _entries(store)
    # the state after it: every setting, as [[path, value] …]
    state = hashlib.sha256('[[["settings","incoming.number_format"],{"value":"收〔{year}〕{seq:04d}号"}]]'
                           .encode()).hexdigest()
    assert entry.state == state
    content = ('[1,"2026-03-02 09:00:00","主任","settings",0,"","修改",'
               '"[[[\\"settings\\",\\"incoming.number_format\\"],null,{\\"value\\":\\"收〔{year}〕{seq:04d}号\\"}]]",'
               f'"{state}"]')
    assert entry.hash == hashlib.sha256(("0" * 64 + content).encode()).hexdigest()
    with store.write(actor="主任") as s:
        store_number_format(s, "incoming", "收〔{year}〕{seq:04d}")
    second = _entries(store)[1]
    assert second.hash == hashlib.sha256((entry.hash + json.dumps(
        [2, second.at, "主任", "settings", 0, "", "修改", second.changes, second.state],
        ensure_ascii=False, separators=(",", ":"))).encode()).hexdigest()


def test_the_log_refuses_update_and_delete(store):
    _register(store)
    with closing(sqlite3.connect(store.path)) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="只能追加，不能修改"):
            conn.execute("UPDATE audit_log SET actor = '别人'")
        with pytest.raises(sqlite3.DatabaseError, match="只能追加，不能删除"):
            conn.execute("DELETE FROM audit_log")


def test_bulk_demo_logs_every_record_once(store):
    from desktop.services.demo import generate_demo

    summary = generate_demo(store, years=1, docs_per_year=30)
    with store.read() as s:
        counts = dict(s.execute(select(AuditEntry.kind, func.count()).group_by(AuditEntry.kind)).all())
        actors = set(s.scalars(select(AuditEntry.actor).distinct()))
    assert counts["incoming"] == summary.incoming_documents == 30
    assert counts["outgoing"] == summary.outgoing_documents
    assert counts["supervision"] == summary.supervision_items
    assert counts["department"] == summary.departments
    assert actors == {"演示"}


def test_history_of_one_record_reads_in_the_office_words(store):
    doc_id = _register(store)
    with clock.frozen(dt.datetime(2026, 3, 3, 8, 0)), store.write(actor="王主任") as s:
        register.update_incoming(s, doc_id, _input(secrecy="机密"), "王主任")
    with store.read() as s:
        rows = record_history(s, "incoming", doc_id)
    last = rows[-1]
    assert (last.at, last.actor, last.action, last.field, last.old, last.new) == (
        "2026-03-03 08:00:00", "王主任", "修改", "密级", "公开", "机密")
