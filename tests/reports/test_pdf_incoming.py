"""收文处理笺 and 收文登记簿 PDFs (desktop.reports.incoming_pdf)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from db.models import IncomingDocument
from desktop.reports import incoming_pdf
from desktop.reports.incoming_pdf import (
    REGISTER_TITLE,
    build_incoming_register,
    build_incoming_slip,
)
from desktop.reports.pdf_base import EMPTY_TEXT
from desktop.services.incoming import query
from desktop.services.incoming.index import reindex_documents
from desktop.services.incoming.query import IncomingFilter
from desktop.services.incoming.slip import SlipData
from desktop.services.progress import Cancelled, Progress
from tests.reports.test_pdf_register import assert_fonts_embedded, page_texts, squash

LABELS = ("来文单位", "来文字号", "收文编号", "收文日期", "文件标题", "文种", "密级", "紧急程度",
          "份数", "办理时限", "拟办意见", "领导批示", "承办科室意见", "办理结果", "办结日期")


def sample() -> SlipData:
    return SlipData(
        number="收〔2026〕0153",
        received_at="2026-03-02 09:30",
        sender="湖南省卫生健康委员会",
        sender_doc_no="湘卫发〔2026〕12号",
        title="关于开展2026年度医疗质量安全专项检查工作的通知",
        doc_type="通知",
        secrecy="内部",
        urgency="加急",
        copies=3,
        deadline="2026-03-20",
        proposal="拟请医务部牵头，护理部配合办理。",
        instructions=[("张院长", "同意，请医务部3月15日前报送自查报告。", "2026-03-03")],
        departments=[("医务部", True, "已组织自查。"), ("护理部", False, "")],
        result="已按要求报送自查报告。",
        completed_on="2026-03-14",
    )


def test_slip_prints_every_label_and_value_on_one_page(tmp_path: Path):
    out = tmp_path / "slip.pdf"
    assert build_incoming_slip(sample(), out, hospital="湖南省职业病防治院") == 1
    (text,) = page_texts(out)
    flat = squash(text)
    assert "湖南省职业病防治院收文处理笺" in flat
    for label in LABELS:
        assert label in flat, label
    d = sample()
    for value in (d.number, d.received_at, d.sender, d.sender_doc_no, d.title, d.doc_type,
                  d.secrecy, d.urgency, str(d.copies), d.deadline, d.proposal, d.result,
                  d.completed_on, "同意，请医务部3月15日前报送自查报告。", "——张院长", "2026-03-03",
                  "医务部（主办）：已组织自查。", "护理部（协办）"):
        assert squash(value) in flat, value
    assert "第 1 页 / 共 1 页" in text
    assert_fonts_embedded(out)


def test_slip_default_hospital_and_blank_form(tmp_path: Path):
    out = tmp_path / "blank.pdf"
    assert build_incoming_slip(SlipData(number="收〔2026〕0001"), out) == 1
    (text,) = page_texts(out)
    flat = squash(text)
    assert "医院办公室收文处理笺" in flat
    assert all(label in flat for label in LABELS)
    assert "年月日" in flat  # 办结日期 left blank to fill in by hand


def test_long_title_and_eight_instructions_still_fit_one_page(tmp_path: Path):
    """Chosen behaviour: shrink writing room, then type size, to keep the slip on one page."""
    d = sample()
    d.title = "关于" + "进一步加强和改进医疗机构依法执业监督管理工作" * 8 + "的通知"
    d.instructions = [
        (f"副院长{i}", f"第{i}条批示：同意拟办意见。" + "请相关科室高度重视，认真对照文件要求逐项落实。" * 2,
         f"2026-03-{i + 2:02d}")
        for i in range(8)
    ]
    out = tmp_path / "long.pdf"
    assert build_incoming_slip(d, out) == 1
    texts = page_texts(out)
    assert len(texts) == 1
    flat = squash(texts[0])
    assert squash(d.title) in flat
    for leader, text, date in d.instructions:
        assert squash(text) in flat and f"——{leader}" in flat and date in flat
    assert d.result in flat and "医务部（主办）" in flat


def test_text_beyond_one_page_flows_on_with_headers_and_page_numbers(tmp_path: Path):
    d = sample()
    d.instructions = [
        (f"领导{i}", f"第{i}条批示。" + "请相关科室高度重视，认真对照文件要求逐项落实，形成书面报告。" * 6,
         "2026-03-05")
        for i in range(30)
    ]
    out = tmp_path / "huge.pdf"
    pages = build_incoming_slip(d, out)
    texts = page_texts(out)
    assert pages == len(texts) == 3
    footers = ["第 1 页 / 共 3 页", "第 2 页 / 共 3 页", "第 3 页 / 共 3 页"]
    for number, (text, footer) in enumerate(zip(texts, footers, strict=True), start=1):
        assert footer in text
        if number > 1:
            assert "收文处理笺（续）" in text and d.number in text
    # an instruction may break across pages: read the pages without their furniture
    body = "".join(
        squash(t).replace(squash(footer), "")
        .replace(f"收文处理笺（续）收文编号：{d.number}", "")
        for t, footer in zip(texts, footers, strict=True)
    )
    for leader, text, _ in d.instructions:
        assert squash(text) in body and f"——{leader}" in body
    flat = squash("".join(texts))
    assert d.result in flat and "办结日期：2026-03-14" in flat
    assert_fonts_embedded(out)


def test_markup_characters_are_printed_literally(tmp_path: Path):
    d = sample()
    d.title = "关于<测试>&“引号”的通知"
    out = tmp_path / "escape.pdf"
    build_incoming_slip(d, out)
    assert "关于<测试>&“引号”的通知" in squash(page_texts(out)[0])


# --- the register from a real database ---------------------------------------------------


def _add_documents(store, specs) -> list[int]:
    with store.write() as session:
        docs = [
            IncomingDocument(year=2026, seq=seq, received_at=received, sender=sender, title=title,
                             sender_doc_no=f"湘卫函〔2026〕{seq}号")
            for seq, received, sender, title in specs
        ]
        session.add_all(docs)
        session.flush()
        ids = [d.id for d in docs]
        reindex_documents(session, ids)
    return ids


def test_register_from_database(store, tmp_path: Path):
    _add_documents(store, [
        (1, dt.datetime(2026, 3, 1, 9, 0), "湖南省卫生健康委员会", "关于做好春季传染病防控工作的通知"),
        (2, dt.datetime(2026, 3, 2, 10, 30), "长沙市人民政府办公厅", "关于开展安全生产大检查的通知"),
        (3, dt.datetime(2026, 3, 3, 15, 45), "湘雅医院", "关于商请派员参加学术会议的函"),
    ])
    out = tmp_path / "incoming.pdf"
    calls = []
    with store.read() as session:
        build_incoming_register(session, IncomingFilter(), "2026年3月", out,
                                progress=Progress(lambda d, t, _: calls.append((d, t))))
    (text,) = page_texts(out)
    flat = squash(text)
    assert REGISTER_TITLE in text and "2026年3月" in text
    for title in ("关于做好春季传染病防控工作的通知", "关于开展安全生产大检查的通知", "关于商请派员参加学术会议的函"):
        assert title in flat
    for number in ("收〔2026〕0001", "收〔2026〕0002", "收〔2026〕0003"):
        assert number in flat
    assert flat.index("收〔2026〕0001") < flat.index("收〔2026〕0002") < flat.index("收〔2026〕0003")
    assert "湖南省卫生健康委员会" in flat and "2026-03-0215:45" not in flat
    assert "2026-03-0315:45" in flat
    for header in ("收文编号", "收文日期", "来文单位", "来文字号", "文件标题", "承办科室"):
        assert header in flat
    assert calls[-1] == (3, 3)
    assert_fonts_embedded(out)


def test_register_applies_the_filter(store, tmp_path: Path):
    _add_documents(store, [
        (1, dt.datetime(2026, 3, 1, 9, 0), "湖南省卫生健康委员会", "关于做好春季传染病防控工作的通知"),
        (2, dt.datetime(2026, 3, 2, 9, 0), "长沙市人民政府办公厅", "关于开展安全生产大检查的通知"),
    ])
    out = tmp_path / "filtered.pdf"
    with store.read() as session:
        build_incoming_register(session, IncomingFilter(text="传染病"), "检索：传染病", out)
    flat = squash(page_texts(out)[0])
    assert "关于做好春季传染病防控工作的通知" in flat
    assert "关于开展安全生产大检查的通知" not in flat


def test_register_with_no_match_says_so(store, tmp_path: Path):
    out = tmp_path / "none.pdf"
    with store.read() as session:
        build_incoming_register(session, IncomingFilter(), "2026年3月", out)
    (text,) = page_texts(out)
    assert EMPTY_TEXT in text and REGISTER_TITLE in text


def test_register_fetches_rows_in_batches_of_500(store, tmp_path: Path, monkeypatch):
    start = dt.datetime(2026, 1, 1, 8, 0)
    _add_documents(store, [
        (i, start + dt.timedelta(hours=i), "湖南省卫生健康委员会", f"批量文件第{i:04d}号")
        for i in range(1, 1101)
    ])
    sizes: list[int] = []
    real = query.fetch_rows

    def spy(session, ids, today=None):
        sizes.append(len(ids))
        return real(session, ids, today=today)

    monkeypatch.setattr(incoming_pdf.query, "fetch_rows", spy)
    out = tmp_path / "batched.pdf"
    with store.read() as session:
        build_incoming_register(session, IncomingFilter(), "2026年", out)
    assert sizes == [500, 500, 100]
    flat = squash("".join(page_texts(out)))
    assert "批量文件第0001号" in flat and "批量文件第1100号" in flat


def test_cancelled_register_leaves_no_file(store, tmp_path: Path):
    _add_documents(store, [(1, dt.datetime(2026, 3, 1, 9, 0), "湘雅医院", "某函")])
    out = tmp_path / "cancelled.pdf"
    with store.read() as session, pytest.raises(Cancelled):
        progress = Progress()
        progress.cancel()
        build_incoming_register(session, IncomingFilter(), "2026年3月", out, progress=progress)
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == []


def test_ten_instructions_fit_one_page(tmp_path: Path):
    d = sample()
    d.instructions = [(f"院领导{i}", f"第{i}条：同意，请医务部牵头落实，按期报送办理情况。", "2026-03-04")
                      for i in range(10)]
    d.departments = [(f"科室{i}", i == 0, "已阅，按要求落实。") for i in range(6)]
    out = tmp_path / "ten.pdf"
    assert build_incoming_slip(d, out) == 1
    flat = squash(page_texts(out)[0])
    assert all(f"第{i}条：同意" in flat and f"——院领导{i}" in flat for i in range(10))
    assert "科室0（主办）：已阅，按要求落实。" in flat and "科室5（协办）" in flat
