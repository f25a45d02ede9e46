"""The paper a 院办 signs: hospital name, 密级 mark, signatures, 传阅, 归档; a register whose
文号 never break and whose header never wraps. PDFs are read back with pypdf."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from db.models import IncomingDocument
from desktop.reports.incoming_pdf import build_incoming_register, build_incoming_slip
from desktop.services.hospital import set_hospital_name
from desktop.services.incoming.index import reindex_documents
from desktop.services.incoming.query import IncomingFilter
from tests.reports.test_pdf_incoming import sample
from tests.reports.test_pdf_register import page_texts, squash


def _texts_at(pdf: Path) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text run on the first page, y from the bottom."""
    runs: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    PdfReader(str(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def _full_slip():
    d = sample()
    d.secrecy = "机密"
    d.pages = 12
    d.registered_by = "李文书"
    d.proposed_by = "王主任"
    d.proposed_on = "2026-03-02"
    d.circulations = [("张院长", "2026-03-03 09:00", "2026-03-03 16:00"), ("李副院长", "2026-03-04 09:00", "")]
    d.archive_volume = "2026-卷3"
    d.archive_item = "153"
    d.archived_on = "2026-03-20"
    return d


def test_slip_names_the_hospital_marks_secrecy_and_records_people_circulation_and_archive(tmp_path):
    d = _full_slip()
    d.hospital = "湘南市第一人民医院"
    out = tmp_path / "slip.pdf"
    assert build_incoming_slip(d, out) == 1
    (text,) = page_texts(out)
    flat = squash(text)
    assert "湘南市第一人民医院收文处理笺" in flat
    for expected in ("页数12", "登记人李文书", "拟办人王主任", "拟办人：王主任2026-03-02",
                     "张院长送2026-03-0309:00退2026-03-0316:00", "李副院长送2026-03-0409:00未退回",
                     "卷号：2026-卷3", "件号：153", "归档日期：2026-03-20", "医务部（主办）：已组织自查。",
                     "护理部（协办）："):
        assert expected in flat, expected
    assert "第 1 页 / 共 1 页" in text
    marks = [(x, y) for t, x, y in _texts_at(out) if t == "机密"]
    assert any(x < 80 and y > 790 for x, y in marks), marks  # top left of an A4 page (842 pt high)


def test_no_mark_below_secret_and_a_blank_archive_line_to_fill(tmp_path):
    d = sample()  # 内部
    out = tmp_path / "slip.pdf"
    build_incoming_slip(d, out)
    assert not [t for t, x, y in _texts_at(out) if y > 790 and t in ("内部", "秘密", "机密", "绝密")]
    flat = squash(page_texts(out)[0])
    assert "医院办公室收文处理笺" in flat  # no 单位名称 yet: a generic heading
    assert "卷号：" in flat and "件号：" in flat and "拟办人：" in flat


def _documents(store) -> None:
    numbers = ["国卫办医政发〔2026〕12号", "湘卫发〔2026〕12号", "湘卫办发〔2026〕1234号"]
    with store.write() as s:
        set_hospital_name(s, "湘南市第一人民医院")
        docs = [IncomingDocument(year=2026, seq=i + 1, received_at=dt.datetime(2026, 3, 2 + i, 9, 30),
                                 sender="国家卫生健康委员会办公厅", sender_doc_no=no,
                                 title="关于进一步加强医疗机构依法执业监督检查工作的通知" * 2,
                                 urgency="特急", copies=3 + i, remarks=f"原件存档{i + 1}")
                for i, no in enumerate(numbers)]
        s.add_all(docs)
        s.flush()
        reindex_documents(s, [d.id for d in docs])


def test_register_keeps_document_numbers_whole_and_headers_on_one_line(store, tmp_path):
    _documents(store)
    out = tmp_path / "register.pdf"
    with store.read() as s:
        build_incoming_register(s, IncomingFilter(), "2026年3月", out)
    (text,) = page_texts(out)
    lines = text.splitlines()
    assert "湘南市第一人民医院收文登记簿" in text
    # a wrapped cell reads back as its lines joined by a space: "〔2026〕12 号" would be a break
    for number in ("国卫办医政发〔2026〕12号", "湘卫发〔2026〕12号", "湘卫办发〔2026〕1234号"):
        assert any(number in line for line in lines), number
    assert "〔2026〕12 号" not in text and not any(line.rstrip().endswith("〔2026〕12") for line in lines)
    cells = [line.strip() for line in lines]
    for title in ("收文编号", "来文字号", "紧急程度", "办理时限", "承办科室", "份数", "备注"):
        assert title in cells, title  # each header cell one line: none wraps
    flat = squash(text)
    assert "原件存档1" in flat and "原件存档3" in flat
