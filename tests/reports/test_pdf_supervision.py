"""督办通知单, 催办单 and 督办通报 PDFs (desktop.reports.supervision_pdf), read back with pypdf;
the 通报 as .xlsx (openpyxl)."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from desktop.reports.supervision_pdf import build_bulletin, build_notice, build_reminder
from desktop.reports.supervision_xlsx import export_bulletin_xlsx
from desktop.services.hospital import set_hospital_name
from desktop.services.incoming import workflow as incoming_workflow
from desktop.services.incoming.register import IncomingInput, register_incoming
from desktop.services.supervision import bulletin as bl
from desktop.services.supervision import workflow
from desktop.services.supervision.paper import find_by_number, notice_data, reminder_data
from desktop.services.supervision.register import SupervisionInput, create_from_instruction
from tests.reports.test_pdf_register import assert_fonts_embedded, page_texts, squash
from tests.services.supervision.data import D, at, build_register, seed_directory


@pytest.fixture
def office(store):
    seed_directory(store)
    with store.write() as s:
        set_hospital_name(s, "湘职防院")
    return store


def _from_instruction(store) -> int:
    with at(D(2026, 9, 28)), store.write() as s:
        doc_id = register_incoming(s, IncomingInput(
            received_at=dt.datetime(2026, 9, 28, 9), sender="湖南省卫生健康委员会", sender_doc_no="湘卫发〔2026〕30号",
            title="关于开展院感专项检查的通知"), "文书甲")
        ins = incoming_workflow.add_instruction(s, doc_id, "王院长", "请院感科牵头，十个工作日内完成整改。",
                                                D(2026, 9, 28), "文书甲")
        return create_from_instruction(s, ins, SupervisionInput(
            "开展院感专项检查并整改", "院感科", "", assisting_departments="医务部、护理部", deadline_workdays=10,
            responsible="赵主任", requirement="办结后报送整改报告。"), "文书甲")


def test_notice_quotes_the_source_and_the_instruction(office, tmp_path):
    item_id = _from_instruction(office)
    with office.read() as s:
        assert find_by_number(s, "督〔2026〕1号") == item_id
        data = notice_data(s, item_id, today=D(2026, 9, 28))
    out = tmp_path / "notice.pdf"
    build_notice(data, out)
    pages = page_texts(out)
    text = squash(pages[0])
    assert len(pages) == 1
    for expected in ("湘职防院督办通知单", "督办编号：督〔2026〕1号", "开展院感专项检查并整改",
                     "领导批示（收〔2026〕0001《关于开展院感专项检查的通知》）", "请院感科牵头，十个工作日内完成整改。",
                     "——王院长2026年9月28日", "院感科", "医务部、护理部", "赵主任", "2026年10月16日（10个工作日）",
                     "办结后报送整改报告。", "第1页/共1页"):
        assert expected in text, expected
    assert_fonts_embedded(out)


def test_reminder_says_how_late_and_which_round(office, tmp_path):
    item_id = _from_instruction(office)
    with at(D(2026, 10, 12)), office.write() as s:
        workflow.report_progress(s, item_id, "已完成自查", 40, "文书甲")
        workflow.remind(s, item_id, "电话", "文书甲")
    with office.read() as s:
        data = reminder_data(s, item_id, today=D(2026, 10, 20))
    out = tmp_path / "reminder.pdf"
    build_reminder(data, out)
    text = squash(page_texts(out)[0])
    for expected in ("湘职防院催办单", "督办编号：督〔2026〕1号", "逾期（已逾期4天）", "第2次",
                     "2026年10月12日报：已完成自查（完成40%）", "于2026年10月23日前"):
        assert expected in text, expected


def test_bulletin_pdf_and_xlsx_match_the_figures(office, tmp_path):
    build_register(office)
    with office.read() as s:
        b = bl.build_bulletin(s, D(2026, 10, 1), D(2026, 10, 31), today=D(2026, 11, 5))
    out = tmp_path / "bulletin.pdf"
    build_bulletin(b, out, "湘职防院")
    text = squash(page_texts(out)[0])
    for expected in ("湘职防院督办通报", "期间：2026年10月01日至2026年10月31日",
                     "督办事项共10项：按期办结4项，逾期办结2项，逾期未办结2项，正在办理2项，按期率50.0%",
                     "1信息科1001000.0%", "2医务部31110033.3%", "3护理部42101066.7%", "合计104222050.0%",
                     "1督〔2026〕4号四：逾期未办医务部2026-10-2011天", "2督〔2026〕12号-2十二：分解信息科2026-10-238天"):
        assert expected in text, expected
    xlsx = tmp_path / "bulletin.xlsx"
    export_bulletin_xlsx(b, xlsx, "湘职防院")
    wb = load_workbook(xlsx)
    depts = [tuple(r) for r in wb["各科室办理情况"].iter_rows(min_row=3, max_row=8, values_only=True)]
    assert depts[1] == ("医务部", 3, 1, 1, 1, 0, 0, pytest.approx(1 / 3))
    assert depts[-1] == ("合计", 10, 4, 2, 2, 2, 0, 0.5)
    overdue = [r[0] for r in wb["逾期未办结事项"].iter_rows(min_row=3, values_only=True)]
    assert overdue == ["督〔2026〕4号", "督〔2026〕12号-2"]


def test_long_bulletin_repeats_title_period_and_header_on_every_page(tmp_path):
    lines = [bl.OverdueLine(i, f"督〔2026〕{i}号", f"第{i}项逾期事项", "医务部", "赵主任", "王院长", None, D(2026, 9, 1), 60)
             for i in range(1, 81)]
    dept = bl.DepartmentLine("医务部", 80, 0, 0, 80, 0)
    b = bl.Bulletin(D(2026, 10, 1), D(2026, 10, 31), D(2026, 10, 31), [dept], dept, lines)
    out = tmp_path / "long.pdf"
    build_bulletin(b, out, "湘职防院")
    pages = [squash(p) for p in page_texts(out)]
    assert len(pages) == 3
    for n, page in enumerate(pages, start=1):
        assert page.startswith("湘职防院督办通报期间：2026年10月01日至2026年10月31日"), page[:40]
        assert f"第{n}页/共3页" in page
    assert "序号督办编号督办事项主办科室责任人办理时限逾期天数" in pages[1]
    assert "第80项逾期事项" in pages[2]
