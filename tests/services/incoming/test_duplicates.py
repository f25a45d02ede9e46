"""Registering the same document twice is caught by sender + normalised 来文字号."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from db.models import IncomingDocument
from desktop.services.incoming.duplicates import possible_duplicates
from desktop.services.incoming.register import IncomingInput, cancel_incoming, register_incoming

SENDER = "湖南省卫生健康委员会"


def _register(store, number, sender=SENDER, title="关于开展检查的通知"):
    with store.write() as s:
        return register_incoming(
            s, IncomingInput(received_at=dt.datetime(2026, 4, 1, 9), sender=sender, sender_doc_no=number,
                             title=title), "文书甲")


def test_same_sender_and_number_in_any_spelling(store):
    first = _register(store, "湘卫发〔2026〕12号")
    _register(store, "湘卫发〔2026〕13号")
    _register(store, "湘卫发〔2026〕12号", sender="长沙市卫生健康委员会")
    with store.read() as s:
        assert possible_duplicates(s, SENDER, "湘卫发【2026】第012号") == [
            (first, "收〔2026〕0001", "关于开展检查的通知")]
        assert possible_duplicates(s, f" {SENDER} ", "湘卫发（２０２６）12号") == [
            (first, "收〔2026〕0001", "关于开展检查的通知")]
        assert possible_duplicates(s, SENDER, "湘卫发〔2026〕12号", exclude_id=first) == []
        assert possible_duplicates(s, SENDER, "湘卫发〔2025〕12号") == []
        assert possible_duplicates(s, "其他单位", "湘卫发〔2026〕12号") == []


def test_empty_numbers_never_match(store):
    _register(store, "")
    _register(store, "")
    with store.read() as s:
        assert possible_duplicates(s, SENDER, "") == []
        assert possible_duplicates(s, SENDER, "   ") == []


def test_unnormalised_legacy_rows_and_cancelled_rows(store):
    legacy = _register(store, "湘卫发〔2026〕20号", title="旧系统导入")
    cancelled = _register(store, "湘卫发〔2026〕20号", title="重复登记")
    with store.write() as s:
        # As an import of an old register may have left it.
        s.execute(update(IncomingDocument).where(IncomingDocument.id == legacy)
                  .values(sender_doc_no="湘卫发[2026]第020号"))
        cancel_incoming(s, cancelled, "重复", "文书甲")
    with store.read() as s:
        assert [d[0] for d in possible_duplicates(s, SENDER, "湘卫发〔2026〕20号")] == [legacy]
