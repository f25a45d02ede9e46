"""来文字号: one spelling per number, parsing, and proposing the sender from the 代字."""
from __future__ import annotations

import datetime as dt

import pytest

from db.models import Organisation
from desktop.services.incoming import docno
from desktop.services.incoming.register import IncomingInput, cancel_incoming, register_incoming


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("湘卫发【2026】12号", "湘卫发〔2026〕12号"),
        ("湘卫发[2026]12号", "湘卫发〔2026〕12号"),
        ("湘卫发〔２０２６〕０１２号", "湘卫发〔2026〕12号"),
        ("湘卫发（2026）第12号", "湘卫发〔2026〕12号"),
        ("湘卫发〔2026〕12号", "湘卫发〔2026〕12号"),
        ("湘卫发［2026］12", "湘卫发〔2026〕12号"),
        (" 湘卫发 (2026) 第 7 号 ", "湘卫发〔2026〕7号"),
        ("国办发〔2026〕3号", "国办发〔2026〕3号"),
        ("ＡＢ函[2026]0７号", "AB函〔2026〕7号"),
        # Not shaped like a document number: only trimmed.
        ("  无文号  ", "无文号"),
        ("湘卫发2026年12号", "湘卫发2026年12号"),
        ("医务部 便函", "医务部 便函"),
        ("湘卫发〔26〕12号", "湘卫发〔26〕12号"),
        ("", ""),
    ],
)
def test_normalise(typed, stored):
    assert docno.normalise(typed) == stored


def test_normalise_is_idempotent():
    once = docno.normalise("湘卫发（２０２６）第００９号")
    assert once == "湘卫发〔2026〕9号"
    assert docno.normalise(once) == once


def test_parse():
    assert docno.parse("湘卫发【2026】第012号") == docno.DocNo("湘卫发", 2026, 12)
    assert str(docno.parse("湘卫发[2026]12")) == "湘卫发〔2026〕12号"
    assert docno.parse("湘职防院办发〔2026〕21号") == docno.DocNo("湘职防院办发", 2026, 21)
    assert docno.parse("无文号") is None
    assert docno.parse("〔2026〕12号") is None  # no 代字
    assert docno.parse("湘卫发〔2026〕0号") is None


def test_code_of_partly_typed_number():
    assert docno.code_of("湘卫发【20") == "湘卫发"
    assert docno.code_of("湘卫发") is None


def _register(store, sender, number, title="标题"):
    with store.write() as s:
        return register_incoming(
            s, IncomingInput(received_at=dt.datetime(2026, 4, 1, 9), sender=sender, sender_doc_no=number,
                             title=title), "文书甲")


def test_propose_sender_from_organisation_codes(store):
    with store.write() as s:
        s.add(Organisation(name="湖南省卫生健康委员会", doc_codes="湘卫发,湘卫函， 湘卫办发"))
        s.add(Organisation(name="长沙市人民政府", doc_codes="长政发"))
    # Past use says otherwise, but the organisation's own 代字 wins.
    _register(store, "某某医院", "湘卫函〔2025〕3号")
    with store.read() as s:
        assert docno.propose_sender(s, "湘卫发【2026】12号") == "湖南省卫生健康委员会"
        assert docno.propose_sender(s, "湘卫函〔2026〕") == "湖南省卫生健康委员会"
        assert docno.propose_sender(s, "湘卫办发〔2026〕1号") == "湖南省卫生健康委员会"
        assert docno.propose_sender(s, "长政发[2026]5号") == "长沙市人民政府"
        # 卫发 is a substring of 湘卫发 but not one of the listed codes.
        assert docno.propose_sender(s, "卫发〔2026〕5号") is None
        assert docno.propose_sender(s, "无文号") is None


def test_propose_sender_from_past_documents(store):
    _register(store, "湖南省疾病预防控制中心", "湘疾控发〔2025〕3号")
    _register(store, "湖南省疾病预防控制中心", "湘疾控发〔2025〕9号")
    _register(store, "省疾控中心", "湘疾控发〔2026〕1号")
    wrong = _register(store, "误填单位", "湘疾控发〔2026〕2号")
    wrong2 = _register(store, "误填单位", "湘疾控发〔2026〕4号")
    wrong3 = _register(store, "误填单位", "湘疾控发〔2026〕5号")
    _register(store, "湘潭市疾控中心", "潭疾控发〔2026〕1号")
    with store.write() as s:
        for doc_id in (wrong, wrong2, wrong3):
            cancel_incoming(s, doc_id, "来文单位填错", "文书甲")
    with store.read() as s:
        assert docno.propose_sender(s, "湘疾控发（2026）第8号") == "湖南省疾病预防控制中心"
        assert docno.propose_sender(s, "潭疾控发〔2026〕2号") == "湘潭市疾控中心"
        assert docno.propose_sender(s, "疾控发〔2026〕2号") is None
