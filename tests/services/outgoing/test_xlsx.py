"""发文登记簿 in Excel: export → import keeps every field; a legacy register with synonyms,
odd brackets, gaps and 重号 imports as history that the 断号/重号 report sees; bad rows are
all reported, by row, and nothing is written."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select

from db.models import OutgoingDocument
from desktop.reports.outgoing_xlsx import export_outgoing_xlsx
from desktop.services import clock
from desktop.services.errors import ServiceError
from desktop.services.outgoing import numbering, workflow
from desktop.services.outgoing.xlsx_apply import import_outgoing_xlsx
from desktop.services.store import open_store

from .conftest import SIGNER, draft, setup_office, signed

D = OutgoingDocument
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _fill(s) -> None:
    first, _ = signed(s, title="=1+2 关于调整安全生产领导小组的通知", cc_recipients="院领导、工会",
                      secrecy="内部", urgency="加急", attachment_note="1.名单\n2.职责", remarks="@SUM(A1:A9)\n第二行")
    workflow.recheck(s, first, "李文书")
    workflow.print_copies(s, first, "李文书", copies=30)
    workflow.dispatch(s, first, "李文书", issued_on=dt.date(2026, 3, 3), issuing_authority="院办公室")
    workflow.archive(s, first, "2026-WS-001", "007", "李文书", on_date=dt.date(2026, 3, 20))
    second, _ = signed(s, title="关于印发值班制度的通知", secrecy="秘密", secrecy_term="5年")
    numbering.cancel_number(s, second, "标题有误，已重新发文", "测试主任")
    letter = draft(s, title="关于商请协助做好培训工作的函", doc_type="函", countersign_departments="医务部")
    workflow.review(s, letter, "王主任", "王主任")
    workflow.countersign(s, letter, "李文书")
    workflow.sign_off(s, letter, SIGNER, dt.date(2026, 3, 5), "院函", "李文书")
    draft(s, title="尚未签发的草稿")


def _sheet(path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.values)


def test_export_then_import_keeps_every_field_the_stage_and_the_cancelled_number(office, tmp_path):
    with clock.frozen(dt.datetime(2026, 3, 2, 9)), office.write() as s:
        _fill(s)
    first = tmp_path / "发文登记簿.xlsx"
    with office.read() as s:
        assert export_outgoing_xlsx(s, *YEAR, first) == 3
    rows = _sheet(first)
    assert rows[0][:4] == ("发文字号", "标题", "文种", "主送机关") and rows[0][-1] == "备注"
    assert rows[1][0] == "院发〔2026〕1号" and rows[1][1] == "=1+2 关于调整安全生产领导小组的通知"
    assert rows[2][-1] == "【作废】标题有误，已重新发文"
    cell = openpyxl.load_workbook(first).active["B2"]
    assert cell.data_type == "s"  # text, not a live formula

    fresh = open_store(tmp_path / "fresh.db")
    try:
        with clock.frozen(dt.datetime(2026, 4, 1, 9)), fresh.write() as s:
            setup_office(s)
            result = import_outgoing_xlsx(s, first, "导入")
        assert result.imported == 3 and result.skipped == [] and result.unknown_codes == []
        again = tmp_path / "again.xlsx"
        with fresh.read() as s:
            export_outgoing_xlsx(s, *YEAR, again)
            docs = {(d.code, d.seq): d for d in s.scalars(select(D))}
            assert {k: d.step for k, d in docs.items()} == {
                ("院发", 1): "已归档", ("院发", 2): "已作废", ("院函", 1): "待复核"}
            assert all(d.imported for d in docs.values())
            assert docs[("院发", 2)].cancel_reason == "标题有误，已重新发文"
            assert [e.detail for e in docs[("院发", 1)].events] == ["院发〔2026〕1号，从“发文登记簿.xlsx”第 2 行导入"]
        assert _sheet(again) == rows
    finally:
        fresh.close()


def _legacy(path, rows: list[list]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年发文"
    ws.append(["湖南省职业病防治院2025年发文登记簿"])
    ws.append(["序号", "文号", "文件标题", "公文种类", "主送", "拟稿部门", "拟稿人", "签发", "签发时间", "印数",
               "卷号", "件号", "备注"])
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    wb.save(path)


def test_legacy_register_keeps_its_gaps_and_duplicates_for_the_number_report(office, tmp_path):
    path = tmp_path / "旧登记簿.xlsx"
    _legacy(path, [
        ["院发[2025]1号", "关于甲的通知", "通知", "各科室", "院办", "李文书", SIGNER, "2025-01-06", "30份", "", "", ""],
        ["院发【2025】2号", "关于乙的通知", "通知", "各科室", "院办", "李文书", SIGNER, "2025/1/8", 20, "", "", ""],
        ["院发〔2025〕2号", "关于乙的通知（重复登记）", "通知", "各科室", "院办", "李文书", SIGNER, "2025年1月9日", "",
         "", "", ""],
        ["院发（2025）5号", "关于丙的决定", "决定", "各科室", "院办", "李文书", SIGNER, "2025.2.1", "", "2025-WS", 15,
         "已归档"],
        ["院函〔2025〕1号", "关于丁的函", "函", "省卫健委", "医务部", "赵医生", SIGNER, "2025-03-01", "", "", "", ""],
    ])
    with clock.frozen(dt.datetime(2026, 4, 1, 9)), office.write() as s:
        result = import_outgoing_xlsx(s, path, "导入")
        assert result.imported == 5
        report = {(r.code, r.year): r for r in numbering.number_report(s, year=2025)}
        assert report[("院发", 2025)].gaps == (3, 4)
        assert report[("院发", 2025)].duplicates == (2,)
        assert report[("院函", 2025)].clean
        docs = {(d.seq, d.repeat): d for d in s.scalars(select(D).where(D.code == "院发"))}
        assert docs[(2, 1)].title == "关于乙的通知（重复登记）" and docs[(2, 0)].copies == 20
        assert docs[(1, 0)].copies == 30 and docs[(1, 0)].signed_on == dt.date(2025, 1, 6)
        assert docs[(5, 0)].archive_item == "15" and docs[(5, 0)].remarks == "已归档"
        assert all(d.imported and d.step == "待复核" for d in docs.values())
        # new numbers of the year carry on after the imported ones, never repeating them
        doc_id, number = signed(s, day=dt.date(2025, 12, 30))
        assert number == "院发〔2025〕6号"


def test_bad_rows_are_all_reported_by_row_and_nothing_is_written(office, tmp_path):
    path = tmp_path / "bad.xlsx"
    _legacy(path, [
        ["院发〔2025〕1号", "关于甲的通知", "通知", "各科室", "院办", "李文书", SIGNER, "2025-01-06", "", "", "", ""],
        ["2025-7", "关于乙的通知", "通知", "各科室", "院办", "李文书", SIGNER, "2025-01-08", "", "", "", ""],
        ["院发〔2025〕3号", "", "通知", "各科室", "院办", "李文书", SIGNER, "2025-01-08", "", "", "", ""],
        ["院发〔2025〕4号", "关于丙的通知", "通告书", "各科室", "院办", "李文书", SIGNER, "不是日期", "", "", "", ""],
        ["", "关于丁的通知", "通知", "各科室", "院办", "李文书", SIGNER, "2025-01-08", "", "", "", ""],
    ])
    with clock.frozen(dt.datetime(2026, 4, 1, 9)), office.write() as s:
        with pytest.raises(ServiceError) as info:
            import_outgoing_xlsx(s, path, "导入")
        message = info.value.message
        assert "文件中有 4 行有错误，未导入任何数据" in message
        assert "第 4 行：发文字号“2025-7”不符合格式（例如 院发〔2025〕7号）" in message
        assert "第 5 行：" in message and "标题" in message
        assert "第 6 行：" in message and "通告书" in message and "不是日期" in message
        assert "第 7 行：发文字号为空" in message
        assert s.scalar(select(D.id).limit(1)) is None
        result = import_outgoing_xlsx(s, path, "导入", skip_bad_rows=True)
        assert result.imported == 1 and [r for r, _m in result.skipped] == [4, 5, 6, 7]


def test_the_same_register_twice_is_refused(office, tmp_path):
    path = tmp_path / "reg.xlsx"
    _legacy(path, [["院发〔2025〕1号", "关于甲的通知", "通知", "各科室", "院办", "李文书", SIGNER, "2025-01-06",
                    "", "", "", ""]])
    with clock.frozen(dt.datetime(2026, 4, 1, 9)), office.write() as s:
        import_outgoing_xlsx(s, path, "导入")
        with pytest.raises(ServiceError, match="第 3 行：发文字号“院发〔2025〕1号”在数据库中已存在"):
            import_outgoing_xlsx(s, path, "导入")
