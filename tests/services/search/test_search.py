"""Global search (services.search): what is found, where, in which order, and for whom."""
from __future__ import annotations

import datetime as dt

from desktop.services import clock
from desktop.services.incoming.register import cancel_incoming
from desktop.services.outgoing.register import OutgoingInput, update_draft
from desktop.services.search import matching_ids, search
from desktop.services.users import Principal

from .conftest import incoming, item, log_entry, outgoing

CLERK = Principal("文书甲", "文书", "内部")


def found(store, text: str, kinds=None, principal=None) -> list[tuple[str, str, str, str, str]]:
    with store.read(principal) as s:
        return [(g.name, h.number, h.title, h.where, h.snippet.marked())
                for g in search(s, text, kinds) for h in g.hits]


def titles(store, text: str, kinds=None) -> list[str]:
    return [t for _k, _n, t, _w, _s in found(store, text, kinds)]


def test_every_kind_grouped_with_where_and_the_hit_marked(office):
    incoming(office, "关于医保飞行检查的通知", docno="湘卫发〔2026〕12号")
    outgoing(office, "医保信息化会议纪要")
    item(office, "落实医保整改")
    log_entry(office, "医保办来电询问结算", "已转告医保办")
    assert found(office, "医保") == [
        ("收文", "收〔2026〕0001", "关于医保飞行检查的通知", "标题", "关于【医保】飞行检查的通知"),
        ("发文", "", "医保信息化会议纪要", "标题", "【医保】信息化会议纪要"),
        ("督办", "督〔2026〕1号", "落实医保整改", "事项", "落实【医保】整改"),
        ("值班日志", "", "医保办来电询问结算", "情况、处置", "【医保】办来电询问结算"),
    ]
    assert found(office, "医保", kinds=["supervision"]) == [
        ("督办", "督〔2026〕1号", "落实医保整改", "事项", "落实【医保】整改")]


def test_one_two_three_and_many_characters(office):
    incoming(office, "关于医院感染管理的通知", day=1)
    incoming(office, "医保基金监管", day=2)
    incoming(office, "院感质控季度报告", day=3)
    assert titles(office, "医") == ["医保基金监管", "关于医院感染管理的通知"]  # newest first
    assert titles(office, "院感") == ["院感质控季度报告", "关于医院感染管理的通知"]  # 医院感染 holds 院感
    assert titles(office, "质控") == ["院感质控季度报告"]
    assert titles(office, "医院感") == ["关于医院感染管理的通知"]
    assert titles(office, "医院感染管理的通知") == ["关于医院感染管理的通知"]
    assert titles(office, "感染 通知") == ["关于医院感染管理的通知"]  # every word, anywhere
    assert titles(office, "感染 报告") == []
    assert titles(office, "〔〕") == []  # punctuation only: nothing to search


def test_document_numbers_and_mixed_scripts(office):
    incoming(office, "DRG付费改革试点方案", docno="湘卫发〔2026〕12号", day=1)
    incoming(office, "关于2026年第12批药品集采的通知", docno="湘医保函〔2025〕7号", day=2)
    assert titles(office, "湘卫发〔2026〕12号") == ["DRG付费改革试点方案"]
    assert titles(office, "湘卫发[2026]12号") == ["DRG付费改革试点方案"]
    assert titles(office, "drg") == ["DRG付费改革试点方案"]
    assert titles(office, "2026 12") == ["关于2026年第12批药品集采的通知", "DRG付费改革试点方案"]
    assert titles(office, "收〔2026〕0002") == ["关于2026年第12批药品集采的通知"]
    assert found(office, "DRG付费")[0][3:] == ("标题", "【DRG付费】改革试点方案")


def test_traditional_and_simplified_find_each_other(office):
    incoming(office, "關於醫院感染管理辦公室的通知", day=1)
    incoming(office, "关于医院感染管理办公室的通知", day=2)
    assert titles(office, "醫院") == ["关于医院感染管理办公室的通知", "關於醫院感染管理辦公室的通知"]
    assert found(office, "办公室")[1][4] == "關於醫院感染管理【辦公室】的通知"


def test_secrecy_above_clearance_is_never_found(office):
    incoming(office, "机密的医保稽核报告", secrecy="机密", day=1)
    incoming(office, "内部的医保稽核通报", secrecy="内部", day=2)
    outgoing(office, "机密的医保稽核方案", secrecy="机密")
    assert titles(office, "稽核") == ["内部的医保稽核通报", "机密的医保稽核报告", "机密的医保稽核方案"]
    assert [t for _k, _n, t, _w, _s in found(office, "稽核", principal=CLERK)] == ["内部的医保稽核通报"]


def test_index_follows_updates_and_cancelled_records_stay_findable(office):
    doc_id = incoming(office, "关于春季防火的通知")
    draft_id = outgoing(office, "旧标题的通知")
    with clock.frozen(dt.datetime(2026, 4, 5, 9)), office.write() as s:
        cancel_incoming(s, doc_id, "重复登记", "文书甲")
        update_draft(s, draft_id, OutgoingInput(title="关于消防演练的通知", drafting_department="院办",
                                                drafter="李文书", main_recipients="各科室"), "李文书")
    with office.read() as s:
        (group,) = search(s, "防火")
        assert (group.hits[0].title, group.hits[0].cancelled) == ("关于春季防火的通知", "作废")
    assert titles(office, "旧标题") == []
    assert titles(office, "消防演练") == ["关于消防演练的通知"]


def test_matching_ids_for_the_supervision_and_duty_filters(office):
    first = item(office, "完成医疗质量自查")
    item(office, "整改院感问题")
    entry = log_entry(office, "急诊科反映停水", "联系总务科抢修")
    with office.read() as s:
        assert matching_ids(s, "supervision", "医疗質量") == [first]
        assert matching_ids(s, "duty", "总务") == [entry]
        assert matching_ids(s, "duty", "停电") == []
        assert matching_ids(s, "duty", "、") == []


def test_a_document_number_is_recognised_in_any_brackets():
    from desktop.services.search.match import names_a_number

    assert names_a_number("收〔2025〕0895")
    assert names_a_number("湘卫发[2025]12号")
    assert names_a_number("湘卫发【2025】12号")
    assert names_a_number("院发（2026）3号")
    assert not names_a_number("2025年第1季度")
    assert not names_a_number("医保")
    assert not names_a_number("〔2025〕")  # a year alone is in every record of the year
