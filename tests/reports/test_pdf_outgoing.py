"""发文 paper: the 发文稿纸 with its boxes (empty until signed) and the 发文登记簿 for a period,
read back with pypdf."""
from __future__ import annotations

import datetime as dt

from db.models import OutgoingDocument
from desktop.reports.outgoing_pdf import build_draft_sheet, build_outgoing_register
from desktop.services import clock
from desktop.services.hospital import set_hospital_name
from desktop.services.outgoing import numbering, workflow
from desktop.services.outgoing.draft_sheet import draft_sheet_data
from tests.reports.test_pdf_register import assert_fonts_embedded, page_texts, squash
from tests.services.outgoing.conftest import SIGNER, draft, setup_office, signed


def _office(store):
    with clock.frozen(dt.datetime(2026, 3, 2, 9)), store.write() as s:
        setup_office(s)
        set_hospital_name(s, "湖南省职业病防治院")
    return store


def test_draft_sheet_of_a_draft_leaves_the_signature_boxes_empty(store, tmp_path):
    office = _office(store)
    with clock.frozen(dt.datetime(2026, 3, 2, 9)), office.write() as s:
        doc_id = draft(s, title="关于开展安全生产检查的通知", countersign_departments="保卫科、后勤保障部",
                       cc_recipients="院领导", attachment_note="检查表")
        data = draft_sheet_data(s, doc_id)
    pdf = tmp_path / "sheet.pdf"
    build_draft_sheet(data, pdf)
    (text,) = page_texts(pdf)
    flat = squash(text)
    for part in ("湖南省职业病防治院发文稿纸", "签发", "签发人：年月日", "会签", "保卫科、后勤保障部",
                 "会签日期：年月日", "核稿人：年月日", "拟稿科室：院办", "拟稿人：李文书2026年3月2日",
                 "标题关于开展安全生产检查的通知", "主送各科室", "抄送院领导", "文种通知", "附件检查表"):
        assert part in flat, part
    assert flat.index("签发") < flat.index("会签") < flat.index("核稿") < flat.index("标题")
    assert "第 1 页 / 共 1 页" in text
    assert_fonts_embedded(pdf)


def test_draft_sheet_of_a_signed_document_names_who_signed_and_when(store, tmp_path):
    office = _office(store)
    with clock.frozen(dt.datetime(2026, 3, 2, 9)), office.write() as s:
        doc_id, number = signed(s, day=dt.date(2026, 3, 3), secrecy="机密", secrecy_term="5年", urgency="加急")
        data = draft_sheet_data(s, doc_id)
    pdf = tmp_path / "sheet.pdf"
    build_draft_sheet(data, pdf)
    flat = squash(page_texts(pdf)[0])
    for part in (f"签发人：{SIGNER}2026年3月3日", "核稿人：王主任2026年3月2日", "发文字号院发〔2026〕1号",
                 "机密★5年加急"):
        assert part in flat, part


def test_register_lists_numbers_of_the_period_with_cancelled_ones_and_their_reason(store, tmp_path):
    office = _office(store)
    with clock.frozen(dt.datetime(2026, 3, 2, 9)), office.write() as s:
        first, _ = signed(s, title="关于调整安全生产领导小组的通知")
        second, _ = signed(s, title="关于印发值班制度的通知")
        numbering.cancel_number(s, second, "标题有误，已重新发文", "测试主任")
        signed(s, code="院函", title="关于商请协助做好培训工作的函", doc_type="函", day=dt.date(2026, 3, 5))
        signed(s, title="去年的通知", day=dt.date(2025, 12, 30))
        draft(s, title="尚未签发的草稿")
        workflow.recheck(s, first, "李文书")
    pdf = tmp_path / "register.pdf"
    with office.read() as s:
        assert build_outgoing_register(s, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                       "2026-01-01 至 2026-12-31", pdf) == 3
    (text,) = page_texts(pdf)
    flat = squash(text)
    assert "湖南省职业病防治院发文登记簿" in flat and "期间：2026-01-01至2026-12-31" in flat and "共3条" in flat
    for header in ("发文字号", "成文日期", "标题", "文种", "主送机关", "拟稿科室", "签发人", "签发日期", "份数",
                   "密级", "环节/归档"):
        assert header in flat, header
    assert flat.index("院发〔2026〕1号") < flat.index("院发〔2026〕2号") < flat.index("院函〔2026〕1号")
    assert "作废：标题有误，已重新发文" in flat and "待印制" in flat
    assert "去年的通知" not in flat and "尚未签发的草稿" not in flat
    assert "第 1 页 / 共 1 页" in text


def test_long_register_repeats_title_period_and_header_on_every_page(store, tmp_path):
    office = _office(store)
    with office.write() as s:
        s.add_all(OutgoingDocument(
            code="院办发", year=2026, seq=n, title=f"关于做好第{n}项工作的通知", doc_type="通知",
            main_recipients="各科室", drafting_department="院办", drafter="李文书", signed_by=SIGNER,
            signed_on=dt.date(2026, 1, 5), written_on=dt.date(2026, 1, 5), step="待复核",
        ) for n in range(1, 161))
    pdf = tmp_path / "register.pdf"
    with office.read() as s:
        build_outgoing_register(s, dt.date(2026, 1, 1), dt.date(2026, 1, 31), "2026年1月", pdf)
    pages = page_texts(pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        flat = squash(text)
        assert "湖南省职业病防治院发文登记簿" in flat and "期间：2026年1月" in flat and "发文字号" in flat
        assert f"第 {number} 页 / 共 {len(pages)} 页" in text
    everything = squash("".join(pages))
    assert "院办发〔2026〕1号" in everything and "院办发〔2026〕160号" in everything
