"""Search finds simplified and traditional characters alike (services.search_text, OpenCC)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.services import attachments as att
from desktop.services.incoming import query
from desktop.services.incoming.kind import INCOMING
from desktop.services.incoming.register import IncomingInput, register_incoming
from desktop.services.search_text import bigram_body, fold, match_query


def register(store, title: str, sender: str = "湖南省卫生健康委员会") -> int:
    with store.write() as s:
        return register_incoming(
            s, IncomingInput(received_at=dt.datetime(2026, 4, 1, 9), sender=sender, sender_doc_no="", title=title),
            "文书甲")


def attach_text(store, doc_id: int, tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with store.write() as s:
        att.add_attachment(s, store.files_dir, INCOMING, doc_id, path, "文书甲")


def search(store, text: str) -> list[int]:
    with store.read() as s:
        return sorted(query.list_ids(s, query.IncomingFilter(text=text)))


def test_fold_is_per_character_and_keeps_length() -> None:
    assert fold("院辦") == "院办"
    assert fold("醫院") == "医院"
    assert fold("醫療保險") == "医疗保险"
    # OpenCC's phrase rules keep 乾 in 乾隆; the fold does not, so 乾 alone finds 乾隆
    assert fold("乾隆") == "干隆" and fold("乾") == "干"
    assert fold("衞生") == "卫生"  # a Hong Kong variant t2s leaves alone
    assert fold("院办 医院 ABC 123") == "院办 医院 ABC 123"
    text = "關於做好醫療機構院辦工作的通知（二〇二六年）"
    assert len(fold(text)) == len(text)
    assert fold(fold(text)) == fold(text)


def test_bodies_and_queries_are_folded() -> None:
    assert bigram_body("院辦") == bigram_body("院办") == "院办 办"
    assert match_query("醫院") == match_query("医院") == '"医院"'
    assert match_query("醫") == "医*"


@pytest.fixture
def documents(store, tmp_path):
    traditional = register(store, "關於轉發院辦通知的函")
    simplified = register(store, "关于医院感染管理的通知", sender="长沙市卫生健康委员会")
    plain = register(store, "关于春季防火工作的通知", sender="长沙市人民政府")
    attach_text(store, plain, tmp_path, "正文.txt", "本院各科室：醫院感染管理辦公室將於下月檢查。")
    return {"traditional": traditional, "simplified": simplified, "attachment": plain}


def test_simplified_query_finds_traditional_text(store, documents) -> None:
    assert search(store, "院办") == [documents["traditional"]]
    assert search(store, "医院") == sorted([documents["simplified"], documents["attachment"]])  # 醫院 in the attachment
    assert search(store, "转发") == [documents["traditional"]]


def test_traditional_query_finds_simplified_text(store, documents) -> None:
    assert search(store, "醫院") == sorted([documents["simplified"], documents["attachment"]])
    assert search(store, "感染管理") == sorted([documents["simplified"], documents["attachment"]])
    assert search(store, "春季防火") == [documents["attachment"]]
    assert search(store, "院辦") == [documents["traditional"]]


def test_one_and_two_character_queries_in_either_script(store, documents) -> None:
    assert search(store, "辦") == [documents["traditional"], documents["attachment"]]  # 院辦, 辦公室
    assert search(store, "办") == [documents["traditional"], documents["attachment"]]
    assert search(store, "防") == [documents["attachment"]]
    assert search(store, "檢查") == [documents["attachment"]]
    assert search(store, "检查") == [documents["attachment"]]
    assert search(store, "醫保") == []
