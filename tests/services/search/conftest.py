"""An office with the directories 督办, 发文 and 值班 need, and helpers to add one record of each kind."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import clock
from desktop.services.duty import log, setup
from desktop.services.incoming.register import IncomingInput, register_incoming
from tests.services.outgoing.conftest import draft, setup_office
from tests.services.supervision.data import make, seed_directory


@pytest.fixture
def office(store):
    seed_directory(store)
    with store.write() as s:
        setup_office(s)
    return store


def incoming(store, title: str, day: int = 1, sender: str = "湖南省卫生健康委员会", docno: str = "",
             secrecy: str = "公开") -> int:
    with clock.frozen(dt.datetime(2026, 4, day, 9)), store.write() as s:
        return register_incoming(s, IncomingInput(received_at=dt.datetime(2026, 4, day, 9), sender=sender,
                                                  sender_doc_no=docno, title=title, secrecy=secrecy), "文书甲")


def outgoing(store, title: str, **kw) -> int:
    with clock.frozen(dt.datetime(2026, 4, 2, 9)), store.write() as s:
        return draft(s, title, **kw)


def item(store, task: str, **kw) -> int:
    with clock.frozen(dt.datetime(2026, 4, 3, 9)), store.write() as s:
        return make(s, task, **kw)


def log_entry(store, event: str, action: str = "") -> int:
    with clock.frozen(dt.datetime(2026, 4, 4, 23)), store.write() as s:
        setup.ensure_defaults(s)
        night = setup.shifts(s)[-1].id
        return log.add_entry(s, dt.date(2026, 4, 4), night, event, action, "王院长", "")
