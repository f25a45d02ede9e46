"""The 发文 register's filters, each on a small hand-made register with literal expected ids."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop.services import clock
from desktop.services.outgoing import numbering, query, workflow
from desktop.services.outgoing.query import OutgoingFilter
from desktop.services.outgoing.register import OutgoingInput, create_draft
from desktop.services.users import Principal

from .conftest import SIGNER

SECRETARY = Principal("李文书", "文书", "内部")
ALL = ("公开", "内部", "秘密", "机密", "绝密")


@pytest.fixture
def register(office):
    """Six 发文 (ids 1..6):
    1 院发〔2026〕1号 通知 院办 signed 03-02, dispatched, 待归档
    2 院函〔2026〕1号 函 医务部 signed 03-10, 待复核
    3 draft 请示 院办, 待核稿, 密级 秘密
    4 draft 通知 护理部, reviewed, 待签发
    5 院发〔2026〕2号 通知 院办 signed 04-01 by 王主任, then 作废
    6 draft 报告 医务部 sent back after 签发: 待核稿·已退回
    """
    with clock.frozen(dt.datetime(2026, 3, 1, 9, 0)), office.write() as s:
        d1 = draft(s, "关于开展安全生产检查的通知", main_recipients="各科室")
        workflow.review(s, d1, "王主任", "王主任")
        workflow.sign_off(s, d1, SIGNER, dt.date(2026, 3, 2), "院发", "李文书")
        workflow.recheck(s, d1, "李文书")
        workflow.print_copies(s, d1, "李文书", copies=20)
        workflow.dispatch(s, d1, "李文书", issued_on=dt.date(2026, 3, 3))
        d2 = draft(s, "关于商请协助开展职业病筛查的函", doc_type="函", main_recipients="长沙市疾控中心")
        _set_department(s, d2, "医务部")
        workflow.review(s, d2, "王主任", "王主任")
        workflow.sign_off(s, d2, SIGNER, dt.date(2026, 3, 10), "院函", "李文书")
        draft(s, "关于申请购置职业病诊断设备的请示", doc_type="请示", secrecy="秘密",
              main_recipients="湖南省卫生健康委员会")
        d4 = draft(s, "关于护理质量检查结果的通报", doc_type="通报")
        _set_department(s, d4, "护理部")
        workflow.review(s, d4, "王主任", "王主任")
        d5 = draft(s, "关于调整值班安排的通知")
        workflow.review(s, d5, "王主任", "王主任")
        workflow.sign_off(s, d5, "王主任", dt.date(2026, 4, 1), "院发", "李文书")
        numbering.cancel_number(s, d5, "标题有误，重新发文", "周主任")
        d6 = draft(s, "关于第一季度医疗质量的报告", doc_type="报告")
        _set_department(s, d6, "医务部")
        workflow.review(s, d6, "王主任", "王主任")
        workflow.sign_off(s, d6, SIGNER, dt.date(2026, 4, 2), "院发", "李文书")
        workflow.send_back(s, d6, "数据需核实", "李文书")
    return office


def draft(s, title: str, **kw) -> int:
    kw.setdefault("main_recipients", "各科室")
    return create_draft(s, OutgoingInput(title=title, drafting_department="院办", drafter="李文书", **kw), "李文书")


def _set_department(s, doc_id: int, dept: str) -> None:
    from db.models import OutgoingDocument

    s.get(OutgoingDocument, doc_id).drafting_department = dept


def ids(store, sort: str = "created_at", descending: bool = False, **kw) -> list[int]:
    kw.setdefault("visible", ALL)
    with store.read() as s:
        return list(query.list_ids(s, OutgoingFilter(**kw), sort, descending))


@pytest.mark.parametrize(("kw", "expected"), [
    ({}, [1, 2, 3, 4, 5, 6]),
    ({"text": "职业病"}, [2, 3]),
    ({"text": "疾控"}, [2]),  # 主送
    ({"text": "院函〔2026〕1号"}, [2]),  # the number, as shown
    ({"text": "檢查"}, [1, 4]),  # traditional finds simplified
    ({"text": "查"}, [1, 2, 4]),  # one character (检查, 筛查)
    ({"text": "没有这个词"}, []),
    ({"date_from": dt.date(2026, 3, 5)}, [2, 5]),  # 6 was sent back: no 签发日期 any more
    ({"date_to": dt.date(2026, 3, 2)}, [1]),
    ({"date_from": dt.date(2026, 3, 2), "date_to": dt.date(2026, 3, 10)}, [1, 2]),
    ({"code": "院发"}, [1, 5, 6]),
    ({"code": "院函"}, [2]),
    ({"doc_type": "通知"}, [1, 5]),
    ({"doc_type": "请示"}, [3]),
    ({"step": "未办结"}, [2, 3, 4, 6]),
    ({"step": "待签发"}, [4]),
    ({"step": "待归档"}, [1]),
    ({"step": "已作废"}, [5]),
    ({"step": "已退回"}, [6]),
    ({"signed_by": SIGNER}, [1, 2]),
    ({"signed_by": "王主任"}, [5]),
    ({"drafting_department": "医务部"}, [2, 6]),
    ({"drafting_department": "院办"}, [1, 3, 5]),
    ({"secrecy": "秘密"}, [3]),
    ({"code": "院发", "step": "未办结"}, [6]),
])
def test_each_filter(register, kw, expected):
    assert ids(register, **kw) == expected


def test_rows_above_the_viewers_clearance_are_never_listed_nor_counted(register):
    assert ids(register, visible=("公开", "内部")) == [1, 2, 4, 5, 6]
    assert ids(register, visible=("公开", "内部"), text="职业病") == [2]
    with register.read(SECRETARY) as s:  # the signed-in user's clearance by default
        assert list(query.list_ids(s, OutgoingFilter())) == [6, 5, 4, 2, 1]
        assert query.count(s, OutgoingFilter()) == 5
    conn = sqlite3.connect(register.path)
    try:  # the plain reader without a clearance: 公开 and 内部 only
        assert query.count(conn, OutgoingFilter()) == 5
    finally:
        conn.close()


def test_sorting_in_sql(register):
    assert ids(register, "number") == [3, 4, 2, 1, 5, 6]  # drafts (no number) first ascending; 6 keeps 院发 3
    assert ids(register, "signed_on", descending=True) == [5, 2, 1, 6, 4, 3]


def test_rows_show_the_number_and_the_stage_with_its_marks(register):
    with register.read() as s:
        rows = query.fetch_rows(s, [1, 3, 5, 6])
    assert rows[1].values == ("院发〔2026〕1号", "关于开展安全生产检查的通知", "通知", "各科室", "院办", SIGNER,
                              "2026-03-02", "待归档", "公开", "普通", "2026-03-01")
    assert rows[3].values[0] == "（未编号）"
    assert (rows[5].values[0], rows[5].values[7], rows[5].cancelled) == ("院发〔2026〕2号", "已作废", True)
    assert (rows[6].values[0], rows[6].values[7]) == ("院发〔2026〕3号", "待核稿·已退回")


def test_choices_for_the_filter_combos(register):
    with register.read() as s:
        assert query.distinct_values(s, "code") == ["院发", "院函"]
        assert query.distinct_values(s, "drafting_department") == ["院办", "医务部", "护理部"]
