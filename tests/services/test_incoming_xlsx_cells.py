"""What offices' workbooks hold besides clean text: error cells, stray columns, two-level
headers, numbers and TRUE in text fields, and files that unpack out of proportion."""
from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.services.errors import ServiceError
from desktop.services.incoming.xlsx_import import read_incoming_workbook


def workbook(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


HEAD = ["收文日期", "来文单位", "文件标题", "办结日期"]


def test_error_cells_are_bad_cells_never_titles(tmp_path: Path) -> None:
    path = workbook(tmp_path / "e.xlsx", [
        HEAD,
        ["2026-03-02", "卫健委", "#DIV/0!", None],
        ["2026-03-03", "#REF!", "正常标题", None],
        ["2026-03-04", "卫健委", "另一份", "#N/A"],
        ["2026-03-05", "卫健委", "好的一行", "2026-03-09"],
    ])
    plan = read_incoming_workbook(path)
    assert plan.errors == [
        (2, "文件标题是 Excel 错误值“#DIV/0!”"),
        (3, "来文单位是 Excel 错误值“#REF!”"),
        (4, "办结日期是 Excel 错误值“#N/A”"),
    ]
    assert [r.title for r in plan.rows] == ["好的一行"]


def test_an_error_cell_written_by_excel_is_reported(tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", [HEAD, ["2026-03-02", "卫健委", "标题", None]])
    # Excel stores a failed formula as <c t="e"><f>1/0</f><v>#DIV/0!</v></c>: write that cell
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace('<c r="C2" t="inlineStr"><is><t>标题</t></is></c>',
                          '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    sheet = sheet.replace('<c r="C2" t="s"><v>', '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v><!--')  # shared-string form
    if "<!--" in sheet:
        start = sheet.index("<!--")
        sheet = sheet[:start] + sheet[sheet.index("</c>", start):]
    assert 't="e"' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    plan = read_incoming_workbook(path)
    assert plan.errors == [(2, "文件标题是 Excel 错误值“#DIV/0!”")] and plan.rows == []


def test_a_column_with_data_under_no_header_is_reported_then_mapped(tmp_path: Path) -> None:
    path = workbook(tmp_path / "h.xlsx", [
        ["收文日期", "来文单位", "文件标题", None, "备注"],
        ["2026-03-02", "卫健委", "甲", None, ""],
        ["2026-03-03", "卫健委", "乙", "2026-03-10", "已办"],
    ])
    plan = read_incoming_workbook(path)
    assert plan.unnamed_with_data == ["D列（无表头）（第 3 行起有数据）"]
    assert any("以下列有数据但没有表头：D列（无表头）" in p for p in plan.structure_problems)
    assert not plan.ok
    mapped = read_incoming_workbook(path, {"D列（无表头）": "办结日期"})
    assert mapped.structure_problems == [] and mapped.ok
    assert [str(r.completed_on) for r in mapped.rows] == ["None", "2026-03-10"]
    skipped = read_incoming_workbook(path, {"D列（无表头）": ""})
    assert skipped.ok and [r.completed_on for r in skipped.rows] == [None, None]


def test_data_right_of_the_last_header_is_reported(tmp_path: Path) -> None:
    path = workbook(tmp_path / "r.xlsx", [
        ["收文日期", "来文单位", "文件标题"],
        ["2026-03-02", "卫健委", "甲", None, "多出来的"],
    ])
    plan = read_incoming_workbook(path)
    assert plan.unnamed_with_data == ["E列（无表头）（第 2 行起有数据）"]


def test_two_level_header_as_real_registers_have(tmp_path: Path) -> None:
    rows = [
        ["某某医院收文登记簿", None, None, None, None, None],
        ["收文编号", "收文日期", "来文单位", "文件标题", "办理情况", None],
        [None, None, None, None, "承办科室", "办结日期"],
        ["收〔2026〕0001", "2026-03-02", "卫健委", "关于检查的通知", "医务科", "2026-03-09"],
        ["收〔2026〕0002", "2026-03-03", "市政府", "关于防火的函", "保卫科、后勤保障部", None],
    ]
    path = workbook(tmp_path / "two.xlsx", rows,
                    merges=("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2"))
    plan = read_incoming_workbook(path)
    assert plan.header_row == 3
    assert plan.structure_problems == [] and plan.errors == []
    assert plan.matched == {"收文编号": "收文编号", "收文日期": "收文日期", "来文单位": "来文单位",
                            "文件标题": "文件标题", "承办科室": "承办科室", "办结日期": "办结日期"}
    first, second = plan.rows
    assert first.departments == [("医务科", True)] and first.result == ""
    assert first.registered_by is None  # no 登记人 column: the person importing becomes it
    assert str(first.completed_on) == "2026-03-09"
    assert second.departments == [("保卫科", True), ("后勤保障部", False)] and second.completed_on is None


def test_two_level_header_whose_lower_row_names_more(tmp_path: Path) -> None:
    rows = [
        ["收文日期", "来文", None, "文件标题", "办理情况", None, None],
        [None, "来文单位", "来文字号", None, "承办科室", "办理结果", "办结日期"],
        ["2026-03-02", "卫健委", "湘卫发〔2026〕3号", "通知", "医务科", "已办", "2026-03-09"],
    ]
    path = workbook(tmp_path / "low.xlsx", rows, merges=("A1:A2", "B1:C1", "D1:D2", "E1:G1"))
    plan = read_incoming_workbook(path)
    assert plan.header_row == 2 and plan.structure_problems == [] and plan.errors == []
    (row,) = plan.rows
    assert (row.sender, row.sender_doc_no, row.title, row.result) == ("卫健委", "湘卫发〔2026〕3号", "通知", "已办")
    assert row.departments == [("医务科", True)] and str(row.completed_on) == "2026-03-09"


def test_a_bool_or_a_number_in_a_text_field_is_reported_with_its_row(tmp_path: Path) -> None:
    path = workbook(tmp_path / "n.xlsx", [
        ["收文日期", "来文单位", "文件标题", "归档件号", "备注"],
        ["2026-03-02", "卫健委", 12345, None, None],
        ["2026-03-03", True, "标题", None, None],
        ["2026-03-04", "卫健委", "标题", 15, False],
        ["2026-03-05", "卫健委", "好标题", 16, "好"],
    ])
    plan = read_incoming_workbook(path)
    assert plan.errors == [
        (2, "文件标题“12345”是数字，应为文字（可在 Excel 中设为文本格式）"),
        (3, "来文单位“TRUE”是逻辑值，应为文字"),
        (4, "备注“FALSE”是逻辑值，应为文字"),
    ]
    assert [(r.title, r.archive_item) for r in plan.rows] == [("好标题", "16")]  # 件号 typed as a number is fine


def _crafted(path: Path, unpacked_mb: int) -> Path:
    """A real workbook with one member that unpacks to ``unpacked_mb`` MB of spaces (a few hundred KB packed)."""
    workbook(path, [HEAD, ["2026-03-02", "卫健委", "标题", None]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/media/padding.xml", "w") as member:
        block = b" " * (1024 * 1024)
        for _ in range(unpacked_mb):
            member.write(block)
    return path


def test_a_workbook_out_of_proportion_is_refused_before_loading(tmp_path: Path) -> None:
    path = _crafted(tmp_path / "bomb.xlsx", 600)
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ServiceError) as err:
            read_incoming_workbook(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "解压后有 600 MB" in str(err.value) and "未导入" in str(err.value)
    assert peak < 5 * 1024 * 1024  # only the zip's directory was read


def test_a_workbook_that_compresses_well_but_is_small_is_read(tmp_path: Path) -> None:
    path = _crafted(tmp_path / "ok.xlsx", 20)  # 20 MB of padding: large ratio, small size
    plan = read_incoming_workbook(path)
    assert [r.title for r in plan.rows] == ["标题"]
