"""Excel exchange of the 收文登记簿 (services.incoming_xlsx), no Qt."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from db.models import (
    IncomingAssignment,
    IncomingCirculation,
    IncomingDocument,
    IncomingEvent,
    IncomingInstruction,
    IncomingReminder,
)
from desktop.reports.incoming_xlsx import SHEET_TITLE, export_incoming_xlsx
from desktop.services.errors import ServiceError
from desktop.services.incoming.fields import HEADERS
from desktop.services.incoming.query import IncomingFilter, count
from desktop.services.incoming.steps import refresh_step
from desktop.services.incoming.xlsx_apply import (
    apply_plan,
    import_incoming_xlsx,
    preview_incoming_xlsx,
)
from desktop.services.incoming.xlsx_import import check_plan, read_incoming_workbook
from desktop.services.incoming.xlsx_text import (
    format_circulations,
    format_departments,
    format_instructions,
    format_reminders,
    format_review,
    parse_circulations,
    parse_departments,
    parse_instructions,
    parse_reminders,
    parse_review,
)
from desktop.services.numbering import NumberFormat
from desktop.services.progress import Cancelled, Progress
from desktop.services.store import Store, open_store
from desktop.services.xlsx_cells import parse_yes_no

FMT = NumberFormat("收〔{year}〕{seq:04d}")
D = IncomingDocument


def write_xlsx(path: Path, headers: list[str], rows: list[list], *, above: list[list] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r in above:
        ws.append(r)
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def row(**values: object) -> list:
    return [values.get(h) for h in HEADERS]


def doc_count(store: Store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(D.id)))


def do_import(store: Store, path: Path, **kw):
    with store.write() as s:
        return import_incoming_xlsx(s, path, "文书甲", **kw)


GOOD_ROWS = [
    row(
        收文编号="收〔2026〕0001", 收文日期=dt.datetime(2026, 3, 5, 14, 30), 来文单位="湖南省卫生健康委员会",
        来文字号="湘卫发〔2026〕12号", 文件标题="关于开展医疗质量安全专项检查的通知", 文种="通知",
        密级="内部", 紧急程度="加急", 份数=2, 页数=6, 办理时限="2026-03-20",
        拟办意见="请张院长阅示，医务科承办。",
        领导批示="张院长：请医务科牵头落实。（2026-03-06）\n李副院长：护理部配合。（2026-03-07）",
        承办科室="护理部、医务科（主办）", 办理结果="已按要求上报", 办结日期="2026年3月18日",
        归档卷号="2026-01", 归档件号="15", 归档日期="2026/3/25", 备注="原件存档",
    ),
    row(
        收文编号="收〔2026〕0002", 收文日期="2026-3-6", 来文单位="长沙市人民政府",
        文件标题="关于做好春季防火工作的函", 文种="函", 承办科室="保卫科、后勤保障部",
        领导批示="阅。",
    ),
    row(
        收文编号="收〔2026〕0003", 收文日期="2026年3月7日", 来文单位="湘雅医院",
        文件标题="学术会议邀请", 文种="", 密级="", 紧急程度="",
    ),
]


# --- import -------------------------------------------------------------------------------------


def test_good_file_imports(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", list(HEADERS), GOOD_ROWS)
    result = do_import(store, path)
    assert result.imported == 3
    assert result.skipped == []
    assert len(result.ids) == 3

    with store.read() as s:
        docs = {(d.year, d.seq): d for d in s.scalars(select(D))}
        first = docs[(2026, 1)]
        assert first.received_at == dt.datetime(2026, 3, 5, 14, 30)
        assert first.sender == "湖南省卫生健康委员会"
        assert first.sender_doc_no == "湘卫发〔2026〕12号"
        assert first.title == "关于开展医疗质量安全专项检查的通知"
        assert (first.doc_type, first.secrecy, first.urgency) == ("通知", "内部", "加急")
        assert (first.copies, first.pages) == (2, 6)
        assert first.deadline == dt.date(2026, 3, 20)
        assert first.proposal == "请张院长阅示，医务科承办。"
        assert [(i.leader, i.text, i.instructed_on, i.recorded_by) for i in first.instructions] == [
            ("张院长", "请医务科牵头落实。", dt.date(2026, 3, 6), "文书甲"),
            ("李副院长", "护理部配合。", dt.date(2026, 3, 7), "文书甲"),
        ]
        assert [(a.department, a.is_lead) for a in first.assignments] == [
            ("护理部", False), ("医务科", True),
        ]
        assert first.result == "已按要求上报"
        assert first.completed_on == dt.date(2026, 3, 18)
        assert (first.archive_volume, first.archive_item) == ("2026-01", "15")
        assert first.archived_on == dt.date(2026, 3, 25)
        assert first.remarks == "原件存档"
        assert first.step == "已归档"
        assert first.registered_by == ""  # the file has a 登记人 column, left empty: kept as it is
        assert [(e.action, e.actor) for e in first.events] == [("导入", "文书甲")]
        assert "good.xlsx" in first.events[0].detail and "第 2 行" in first.events[0].detail

        second = docs[(2026, 2)]
        assert second.received_at == dt.datetime(2026, 3, 6)
        # no mark: the first department leads
        assert [(a.department, a.is_lead) for a in second.assignments] == [
            ("保卫科", True), ("后勤保障部", False),
        ]
        # no "姓名：" form: the whole text is one instruction dated the day received
        assert [(i.leader, i.text, i.instructed_on) for i in second.instructions] == [
            ("", "阅。", dt.date(2026, 3, 6)),
        ]
        assert second.step == "承办中"

        third = docs[(2026, 3)]
        assert (third.doc_type, third.secrecy, third.urgency) == ("通知", "公开", "普通")
        assert (third.copies, third.pages) == (1, 0)
        assert third.step == "待初审"

        # indexed for search
        assert count(s, IncomingFilter(text="防火")) == 1
        assert count(s, IncomingFilter(text="湘卫发")) == 1
        assert count(s, IncomingFilter(step="已归档")) == 1


DATE_FORMS = [
    dt.datetime(2026, 3, 5),
    dt.date(2026, 3, 5),
    46086,
    "2026-3-5",
    "2026-03-05",
    "2026/03/05",
    "2026.3.5",
    "2026年3月5日",
    "2026年3月5号",
    "20260305",
    20260305,
    "２０２６年３月５日",
    "2026-03-05 14:30",
    "2026年3月5日 14:30",
]


def test_every_date_form_in_a_file(store: Store, tmp_path: Path) -> None:
    rows = [
        row(收文日期=v, 来文单位="卫健委", 文件标题=f"第{i}件", 办结日期=v, 办理时限=v, 归档日期=v)
        for i, v in enumerate(DATE_FORMS)
    ]
    path = write_xlsx(tmp_path / "dates.xlsx", list(HEADERS), rows)
    preview = read_incoming_workbook(path)
    assert preview.errors == []
    assert len(preview.rows) == len(DATE_FORMS)
    for r, v in zip(preview.rows, DATE_FORMS, strict=True):
        assert r.received_at.date() == dt.date(2026, 3, 5), v
        assert r.deadline == r.completed_on == r.archived_on == dt.date(2026, 3, 5)
    with_time = [r.received_at for r in preview.rows if r.received_at.time() != dt.time.min]
    assert with_time == [dt.datetime(2026, 3, 5, 14, 30)] * 2

    assert do_import(store, path).imported == len(DATE_FORMS)


def test_one_bad_row_imports_nothing(store: Store, tmp_path: Path) -> None:
    rows = [
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲"),
        row(收文日期="2026-03-02", 来文单位="卫健委", 文件标题="乙"),
        row(收文日期="2026-2-30", 来文单位="卫健委", 文件标题="丙"),  # Excel row 4
        row(收文日期="2026-03-04", 来文单位="卫健委", 文件标题="丁"),
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", list(HEADERS), rows)
    with pytest.raises(ServiceError) as info:
        do_import(store, path)
    message = info.value.message
    assert "第 4 行" in message
    assert "收文日期" in message and "2026-2-30" in message
    assert "1 行有错误" in message and "未导入任何数据" in message
    assert doc_count(store) == 0
    with store.read() as s:
        assert s.scalar(select(func.count(IncomingEvent.id))) == 0


def test_error_list_is_capped_at_twenty(store: Store, tmp_path: Path) -> None:
    rows = [row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题=f"第{i}件", 密级="保密") for i in range(25)]
    path = write_xlsx(tmp_path / "many.xlsx", list(HEADERS), rows)
    with pytest.raises(ServiceError) as info:
        do_import(store, path)
    message = info.value.message
    assert "25 行有错误" in message
    assert "第 21 行" in message and "第 22 行" not in message  # rows 2..21 listed
    assert "另有 5 行" in message
    assert doc_count(store) == 0


def test_skip_bad_rows_imports_the_good_ones(store: Store, tmp_path: Path) -> None:
    rows = [
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲"),
        row(收文日期="2026-2-30", 来文单位="卫健委", 文件标题="丙"),  # Excel row 3
        row(收文日期="2026-03-04", 来文单位="卫健委", 文件标题="丁"),
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", list(HEADERS), rows)
    result = do_import(store, path, skip_bad_rows=True)
    assert result.imported == 2
    assert len(result.skipped) == 1
    assert result.skipped[0][0] == 3
    assert "2026-2-30" in result.skipped[0][1]
    assert doc_count(store) == 2
    with store.read() as s:
        # numbers assigned in date order, without the skipped row
        assert s.execute(select(D.seq, D.title).order_by(D.seq)).all() == [(1, "甲"), (2, "丁")]


def test_row_validation_messages(tmp_path: Path) -> None:
    rows = [
        row(收文日期="2026-03-01", 来文单位="", 文件标题="无单位"),  # 2
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 密级="保密"),  # 3
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 紧急程度="很急"),  # 4
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 文种="便条"),  # 5
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 份数=-1),  # 6
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 页数="三页"),  # 7
        row(收文日期="2026-03-05", 来文单位="卫健委", 文件标题="甲", 办结日期="2026-03-04"),  # 8
        row(收文编号="收〔2026〕0007", 收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲"),  # 9
        row(收文编号="收〔2026〕0007", 收文日期="2026-03-01", 来文单位="卫健委", 文件标题="乙"),  # 10
        row(收文编号="第7号", 收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲"),  # 11
        row(收文日期=None, 来文单位="卫健委", 文件标题="甲"),  # 12
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 承办科室="医务科（主办）、护理部（主办）"),  # 13
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 份数=2.5),  # 14
        row(收文日期=5, 来文单位="卫健委", 文件标题="甲"),  # 15: 1900-01-05
    ]
    path = write_xlsx(tmp_path / "v.xlsx", list(HEADERS), rows)
    preview = read_incoming_workbook(path, number_format=FMT)
    errors = dict(preview.errors)
    assert errors[2] == "缺少来文单位"
    assert "密级“保密”不在可选范围（公开/内部/秘密/机密/绝密）内" in errors[3]
    assert "紧急程度“很急”不在可选范围（普通/加急/特急）内" in errors[4]
    assert "文种“便条”不在可选范围" in errors[5]
    assert "份数“-1”应为不小于 0 的整数" in errors[6]
    assert "页数“三页”应为不小于 0 的整数" in errors[7]
    assert "办结日期 2026-03-04 早于收文日期 2026-03-05" in errors[8]
    assert 9 not in errors
    assert "收文编号“收〔2026〕0007”与第 9 行重复" in errors[10]
    assert "收文编号“第7号”不符合编号格式" in errors[11]
    assert errors[12] == "缺少收文日期"
    assert "只能有一个主办" in errors[13]
    assert "份数“2.5”" in errors[14]
    assert "超出合理范围" in errors[15]
    assert [r.row_number for r in preview.rows] == [9]


def test_values_offices_type_are_understood(tmp_path: Path) -> None:
    rows = [
        row(收文编号="收[2026]0005", 收文日期="2026-03-01", 来文单位=" 卫健委 ", 文件标题="甲",
            密级="机密★5年", 紧急程度="急件", 文种="会议纪要", 份数="3份", 页数="12", 办理时限="/"),
        row(收文编号=6, 收文日期="2026-03-01", 来文单位="卫健委", 文件标题="乙", 份数=2.0),
    ]
    preview = read_incoming_workbook(write_xlsx(tmp_path / "t.xlsx", list(HEADERS), rows), number_format=FMT)
    assert preview.errors == []
    first, second = preview.rows
    assert first.number == (2026, 5)
    assert (first.sender, first.secrecy, first.urgency, first.doc_type) == ("卫健委", "机密", "加急", "纪要")
    assert (first.copies, first.pages, first.deadline) == (3, 12, None)
    assert second.number == (2026, 6)  # a bare serial takes the year received
    assert second.copies == 2


def test_wholly_empty_rows_are_skipped(store: Store, tmp_path: Path) -> None:
    rows = [
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲"),
        [None] * len(HEADERS),
        ["  "] * len(HEADERS),
        row(收文日期="2026-03-02", 来文单位="卫健委", 文件标题="乙"),
    ]
    path = write_xlsx(tmp_path / "gaps.xlsx", ["序号", *HEADERS], [[i + 1, *r] for i, r in enumerate(rows)])
    preview = read_incoming_workbook(path)
    assert preview.errors == [] and preview.unknown_headers == []
    assert [r.row_number for r in preview.rows] == [2, 5]
    assert do_import(store, path).imported == 2


def test_title_row_and_synonyms(store: Store, tmp_path: Path) -> None:
    headers = ["序号", "编号", "日期", "发文单位", "文号", "标题", "主办科室", "批示", "承办部门 "]
    path = write_xlsx(
        tmp_path / "legacy.xlsx",
        headers[:-1],
        [[1, "收〔2025〕0100", "2025.12.30", "市卫健委", "长卫发〔2025〕9号", "年终考核", "院办", "王院长：同意（2025-12-31）"]],
        above=[["某某医院2025年收文登记簿"], []],
    )
    preview = read_incoming_workbook(path)
    assert preview.header_row == 3
    assert preview.matched == {
        "编号": "收文编号", "日期": "收文日期", "发文单位": "来文单位", "文号": "来文字号",
        "标题": "文件标题", "主办科室": "承办科室", "批示": "领导批示",
    }
    assert preview.unknown_headers == [] and preview.missing_required == []
    assert [r.row_number for r in preview.rows] == [4]
    do_import(store, path)
    with store.read() as s:
        doc = s.scalars(select(D)).one()
        assert (doc.year, doc.seq, doc.sender_doc_no) == (2025, 100, "长卫发〔2025〕9号")
        assert [(a.department, a.is_lead) for a in doc.assignments] == [("院办", True)]
        assert [(i.leader, i.text) for i in doc.instructions] == [("王院长", "同意")]


def test_unknown_header_is_reported_and_accepted_with_a_mapping(store: Store, tmp_path: Path) -> None:
    headers = ["收到的日子", "来文单位", "文件标题", "经办人"]
    path = write_xlsx(tmp_path / "odd.xlsx", headers, [["2026-03-01", "卫健委", "甲", "小王"]])
    preview = read_incoming_workbook(path)
    assert preview.headers == headers
    assert preview.unknown_headers == ["收到的日子", "经办人"]
    assert preview.missing_required == ["收文日期"]
    with pytest.raises(ServiceError) as info:
        do_import(store, path)
    assert "收到的日子" in info.value.message and "缺少必填列：收文日期" in info.value.message
    assert doc_count(store) == 0

    mapping = {"收到的日子": "收文日期", "经办人": ""}  # "" = leave the column out
    preview = read_incoming_workbook(path, mapping)
    assert preview.unknown_headers == [] and preview.missing_required == []
    assert preview.ok
    assert do_import(store, path, mapping=mapping).imported == 1
    with store.read() as s:
        assert s.scalar(select(D.received_at)) == dt.datetime(2026, 3, 1)


def test_mapping_to_a_field_that_does_not_exist(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", ["收文日期", "来文单位", "文件标题"], [])
    with pytest.raises(ServiceError, match="没有这一字段"):
        read_incoming_workbook(path, {"收文日期": "收到日子"})


def test_two_columns_for_one_field_refuse(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "dup.xlsx", ["收文日期", "日期", "来文单位", "文件标题"],
        [["2026-03-01", "2026-02-27", "卫健委", "甲"]],
    )
    assert read_incoming_workbook(path).duplicate_headers == ["日期"]
    with pytest.raises(ServiceError, match="对应同一字段"):
        do_import(store, path)
    assert do_import(store, path, mapping={"日期": ""}).imported == 1


def test_missing_required_column(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "short.xlsx", ["收文编号", "收文日期", "文件标题"], [["", "2026-03-01", "甲"]])
    preview = read_incoming_workbook(path)
    assert preview.missing_required == ["来文单位"]
    assert not preview.ok
    with pytest.raises(ServiceError, match="缺少必填列：来文单位"):
        do_import(store, path, skip_bad_rows=True)
    assert doc_count(store) == 0


def test_not_an_xlsx(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_text("收文编号,收文日期,来文单位\n收〔2026〕0001,2026-03-01,卫健委\n", encoding="utf-8")
    with pytest.raises(ServiceError, match="不是 Excel"):
        do_import(store, path)
    assert doc_count(store) == 0


def test_damaged_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ServiceError, match="已损坏"):
        read_incoming_workbook(path)


def test_password_protected_and_old_xls(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    encrypted = tmp_path / "secret.xlsx"
    encrypted.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)
    with pytest.raises(ServiceError, match="密码"):
        read_incoming_workbook(encrypted)
    old = tmp_path / "old.xlsx"
    old.write_bytes(ole + "Workbook".encode("utf-16-le"))
    with pytest.raises(ServiceError, match=r"\.xls"):
        read_incoming_workbook(old)


def test_missing_file_and_no_header(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="找不到文件"):
        read_incoming_workbook(tmp_path / "nope.xlsx")
    path = write_xlsx(tmp_path / "noheader.xlsx", ["甲", "乙", "丙"], [[1, 2, 3]] * 12)
    with pytest.raises(ServiceError, match="没有找到表头行"):
        read_incoming_workbook(path)


def test_header_found_on_another_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表为2026年收文登记簿"])
    ws = wb.create_sheet("登记")
    ws.append(["收文日期", "来文单位", "文件标题"])
    ws.append(["2026-03-01", "卫健委", "甲"])
    path = tmp_path / "sheets.xlsx"
    wb.save(path)
    preview = read_incoming_workbook(path)
    assert preview.sheet == "登记" and len(preview.rows) == 1


def test_duplicate_number_against_the_database(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        s.add(D(year=2026, seq=7, received_at=dt.datetime(2026, 2, 1), sender="卫健委", title="旧"))
    rows = [
        row(收文编号="收〔2026〕0007", 收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲"),
        row(收文编号="收〔2026〕0008", 收文日期="2026-03-01", 来文单位="卫健委", 文件标题="乙"),
    ]
    path = write_xlsx(tmp_path / "dup.xlsx", list(HEADERS), rows)
    with store.read() as s:
        preview = preview_incoming_xlsx(s, path)
    assert preview.errors == [(2, "收文编号“收〔2026〕0007”在数据库中已存在")]
    with pytest.raises(ServiceError, match="第 2 行：收文编号“收〔2026〕0007”在数据库中已存在"):
        do_import(store, path)
    assert doc_count(store) == 1


def test_numbers_assigned_in_date_order_after_the_years_max(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        s.add(D(year=2026, seq=40, received_at=dt.datetime(2026, 2, 1), sender="卫健委", title="旧"))
    rows = [
        row(收文日期="2026-03-03", 来文单位="甲", 文件标题="三"),
        row(收文日期="2026-03-01 16:00", 来文单位="甲", 文件标题="一下午"),
        row(收文编号="收〔2026〕0045", 收文日期="2026-03-02", 来文单位="甲", 文件标题="带号"),
        row(收文日期="2026-03-01 09:00", 来文单位="甲", 文件标题="一上午"),
        row(收文日期="2025-12-30", 来文单位="甲", 文件标题="去年"),
    ]
    path = write_xlsx(tmp_path / "n.xlsx", list(HEADERS), rows)
    do_import(store, path)
    with store.read() as s:
        got = s.execute(select(D.year, D.seq, D.title).order_by(D.year, D.seq)).all()
    assert got == [
        (2025, 1, "去年"), (2026, 40, "旧"), (2026, 45, "带号"),
        (2026, 46, "一上午"), (2026, 47, "一下午"), (2026, 48, "三"),
    ]


def test_cancelled_document_round_trips(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        d = D(year=2026, seq=1, received_at=dt.datetime(2026, 3, 1), sender="卫健委", title="错登",
              remarks="重复登记", cancelled_at=dt.datetime(2026, 3, 2, 10, 0), cancel_reason="与0002重复")
        s.add(d)
        s.flush()
        refresh_step(d)
    out = tmp_path / "c.xlsx"
    with store.read() as s:
        export_incoming_xlsx(s, IncomingFilter(), out)
    other = open_store(tmp_path / "other.db")
    try:
        do_import(other, out)
        with other.read() as s:
            doc = s.scalars(select(D)).one()
            assert doc.cancelled_at == dt.datetime(2026, 3, 2, 10, 0)
            assert doc.cancel_reason == "与0002重复"
            assert doc.remarks == "重复登记"
            assert doc.step == "已作废"
    finally:
        other.close()


def test_a_larger_file_crosses_batch_boundaries(store: Store, tmp_path: Path) -> None:
    n = 2600
    rows = [
        row(收文日期=dt.datetime(2026, 1, 1) + dt.timedelta(hours=i), 来文单位=f"单位{i % 7}",
            文件标题=f"文件{i}", 承办科室="医务科" if i % 2 else None, 归档日期="2026-12-31" if i % 3 == 0 else None)
        for i in range(n)
    ]
    path = write_xlsx(tmp_path / "big.xlsx", list(HEADERS), rows)
    seen: list[tuple[int, int]] = []
    with store.write() as s:
        result = import_incoming_xlsx(s, path, "文书", progress=Progress(lambda d, t, stage: seen.append((d, t))))
    assert result.imported == n
    assert seen[-1] == (n, n)
    with store.read() as s:
        assert s.scalar(select(func.max(D.seq))) == n
        assert count(s, IncomingFilter(step="已归档")) == len(range(0, n, 3))
        assert count(s, IncomingFilter(step="承办中")) == len([i for i in range(n) if i % 2 and i % 3])
        assert count(s, IncomingFilter(text="文件2599")) == 1
        assert s.scalar(select(func.count(IncomingEvent.id))) == n


# --- helpers ------------------------------------------------------------------------------------


def test_instruction_text_forms() -> None:
    day = dt.date(2026, 3, 1)
    assert parse_instructions("", day) == []
    assert parse_instructions("张院长：同意。（2026-03-02）", day) == [("张院长", "同意。", dt.date(2026, 3, 2))]
    assert parse_instructions("张院长:同意(2026年3月2日)\n王书记：请办公室跟踪", day) == [
        ("张院长", "同意", dt.date(2026, 3, 2)), ("王书记", "请办公室跟踪", day),
    ]
    # a line without "姓名：" continues the instruction above
    assert parse_instructions("张院长：一、请医务科落实；\n二、月底前报结果。（2026-03-02）", day) == [
        ("张院长", "一、请医务科落实；\n二、月底前报结果。", dt.date(2026, 3, 2)),
    ]
    assert parse_instructions("请医务科、护理部阅处。", day) == [("", "请医务科、护理部阅处。", day)]
    assert parse_instructions("同意（2026-03-04）", day) == [("", "同意", dt.date(2026, 3, 4))]
    items = [("张院长", "同意", dt.date(2026, 3, 2)), ("", "阅", dt.date(2026, 3, 3))]
    assert format_instructions(items) == "张院长：同意（2026-03-02）\n阅（2026-03-03）"


def test_department_text_forms() -> None:
    assert parse_departments("") == ([], None)
    assert parse_departments("医务科、护理部（主办）") == ([("医务科", False), ("护理部", True)], None)
    assert parse_departments("医务科，护理部;院办") == ([("医务科", True), ("护理部", False), ("院办", False)], None)
    assert parse_departments("医务科(主办)、医务科") == ([("医务科", True)], None)
    assert parse_departments("医务科（协办）、护理部（协办）") == ([("医务科", False), ("护理部", False)], None)
    assert format_departments([("护理部", False), ("医务科", True)]) == "医务科（主办）、护理部"
    assert format_departments([("护理部", False), ("医务科", False)]) == "护理部（协办）、医务科（协办）"


def test_reading_review_circulation_and_reminder_text_forms() -> None:
    assert [parse_yes_no(v, "阅知件") for v in ("是", "√", "Y", 1, True, "阅知")] == [True] * 6
    assert [parse_yes_no(v, "阅知件") for v in (None, "", "否", "×", "N", 0, "—")] == [False] * 7
    with pytest.raises(ValueError, match="阅知件“待定”应填“是”或“否”"):
        parse_yes_no("待定", "阅知件")

    received = dt.datetime(2026, 3, 1, 9, 0)
    assert parse_review("张主任（2026-03-01 10:15）", received) == ("张主任", dt.datetime(2026, 3, 1, 10, 15))
    assert parse_review("2026年3月1日 10:15", received) == ("", dt.datetime(2026, 3, 1, 10, 15))
    assert parse_review("张主任", received) == ("张主任", received)  # who, without a time: on receipt
    assert parse_review(None, received) == ("", None)
    assert format_review("张主任", dt.datetime(2026, 3, 1, 10, 15)) == "张主任（2026-03-01 10:15）"

    rounds = [("王书记", dt.datetime(2026, 3, 2, 10, 0), dt.datetime(2026, 3, 4, 9, 0, 15)),
              ("李副院长", dt.datetime(2026, 3, 2, 10, 0), None)]
    text = format_circulations(rounds)
    assert text == "王书记（送 2026-03-02 10:00，退 2026-03-04 09:00:15）\n李副院长（送 2026-03-02 10:00，未退）"
    assert parse_circulations(text) == rounds
    assert parse_circulations("张三(送 2026/3/2 10:00, 退 2026年3月4日)；李四（送 2026-03-02）") == [
        ("张三", dt.datetime(2026, 3, 2, 10, 0), dt.datetime(2026, 3, 4)),
        ("李四", dt.datetime(2026, 3, 2), None),
    ]
    with pytest.raises(ValueError, match="应写成“姓名（送"):
        parse_circulations("王书记")
    with pytest.raises(ValueError, match="退回时间早于送阅时间"):
        parse_circulations("王书记（送 2026-03-05，退 2026-03-02）")

    sent = [(dt.datetime(2026, 3, 5, 10, 0), "电话", "文书甲", "请于本周内报送；逾期通报"),
            (dt.datetime(2026, 3, 6), "OA", "", "")]
    text = format_reminders(sent)
    assert text == "2026-03-05 10:00 电话（文书甲）：请于本周内报送；逾期通报\n2026-03-06 00:00 OA"
    assert parse_reminders(text) == sent  # a ； inside a note does not split it
    assert parse_reminders("2026年3月5日：请尽快") == [(dt.datetime(2026, 3, 5), "电话", "", "请尽快")]
    with pytest.raises(ValueError, match="应写成“2026-03-05 10:00 电话"):
        parse_reminders("请尽快")


def test_bad_reading_circulation_and_reminder_cells_are_reported_by_row(tmp_path: Path) -> None:
    rows = [
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 阅知件="待定"),  # 2
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 传阅="王书记"),  # 3
        row(收文日期="2026-03-01 09:00", 来文单位="卫健委", 文件标题="甲", 传阅="王书记（送 2026-02-27）"),  # 4
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 催办="2026-13-05 电话"),  # 5
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="甲", 初审="张主任（下周）"),  # 6
        row(收文日期="2026-03-01", 来文单位="卫健委", 文件标题="好", 阅知件="是", 初审="张主任",
            传阅="王书记（送 2026-03-02，退 2026-03-03）", 催办="2026-03-04 当面（文书甲）：已提醒"),  # 7
    ]
    preview = read_incoming_workbook(write_xlsx(tmp_path / "v.xlsx", list(HEADERS), rows), number_format=FMT)
    errors = dict(preview.errors)
    assert "阅知件“待定”应填“是”或“否”" in errors[2]
    assert "传阅“王书记”应写成" in errors[3]
    assert "传阅给王书记的时间早于收文日期" in errors[4]
    assert errors[5].startswith("催办：") and "2026-13-05" in errors[5]
    assert errors[6].startswith("初审：")
    [good] = preview.rows
    assert good.row_number == 7 and good.for_reading_only and good.reviewed_by == "张主任"
    assert good.circulations == [("王书记", dt.datetime(2026, 3, 2), dt.datetime(2026, 3, 3))]
    assert good.reminders == [(dt.datetime(2026, 3, 4), "当面", "文书甲", "已提醒")]


# --- export -------------------------------------------------------------------------------------

SENDERS = ["湖南省卫生健康委员会", "长沙市人民政府", "湘雅医院", "市医保局", "省疾控中心"]
DEPTS = ["医务科", "护理部", "院办", "财务科", "信息科", "保卫科"]
LEADERS = ["张院长", "李副院长", "王书记"]


def make_documents(store: Store, n: int = 50, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with store.write() as s:
        for i in range(n):
            year = 2025 if i < 10 else 2026
            received = dt.datetime(year, rnd.randint(1, 12), rnd.randint(1, 28), rnd.choice([0, 9, 14]), rnd.choice([0, 30]))
            done = rnd.random() < 0.4
            archived = done and rnd.random() < 0.5
            d = D(
                year=year, seq=i + 1 if year == 2025 else i - 9 + 100, received_at=received,
                sender=rnd.choice(SENDERS), sender_doc_no=rnd.choice(["", f"湘卫发〔{year}〕{i}号"]),
                title=f"关于第{i}项工作的{rnd.choice(['通知', '请示', '函'])}",
                doc_type=rnd.choice(["通知", "请示", "报告", "函", "纪要", "意见", "通报", "决定"]),
                secrecy=rnd.choice(["公开", "内部", "秘密", "机密", "绝密"]),
                urgency=rnd.choice(["普通", "加急", "特急"]),
                copies=rnd.randint(0, 5), pages=rnd.randint(0, 40),
                deadline=(received + dt.timedelta(days=rnd.randint(3, 30))).date() if rnd.random() < 0.6 else None,
                proposal=rnd.choice(["", "请张院长阅示。", "拟请医务科办理，\n护理部配合。"]),
                result="已办理完毕" if done else "",
                completed_on=(received + dt.timedelta(days=rnd.randint(0, 20))).date() if done else None,
                archived_on=(received + dt.timedelta(days=25)).date() if archived else None,
                archive_volume=f"{year}-0{rnd.randint(1, 9)}" if archived else "",
                archive_item=str(rnd.randint(1, 300)) if archived else "",
                remarks=rnd.choice(["", "原件存档", "附件另存"]),
            )
            for k in range(rnd.choice([0, 0, 1, 2])):
                d.instructions.append(IncomingInstruction(
                    leader=rnd.choice(LEADERS + ([""] if k == 0 else [])),
                    text=rnd.choice(["同意。", "请医务科牵头落实，月底前报结果。", "阅"]),
                    instructed_on=(received + dt.timedelta(days=k + 1)).date(),
                ))
            depts = rnd.sample(DEPTS, rnd.choice([0, 1, 2, 3]))
            lead = rnd.randrange(len(depts)) if depts else None
            for j, name in enumerate(depts):
                d.assignments.append(IncomingAssignment(
                    department=name, is_lead=j == lead, assigned_on=received.date(),
                ))
            d.for_reading_only = not depts and rnd.random() < 0.5
            if rnd.random() < 0.6:
                d.reviewed_by = rnd.choice(["", "张主任"])
                d.reviewed_at = received + dt.timedelta(hours=1, seconds=rnd.choice([0, 15]))
            for k in range(rnd.choice([0, 0, 1, 2])):
                handed = received + dt.timedelta(days=k + 1, minutes=5)
                back = handed + dt.timedelta(days=1) if rnd.random() < 0.5 else None
                d.circulations.append(IncomingCirculation(reader=rnd.choice(LEADERS), handed_at=handed,
                                                          returned_at=back))
            for k in range(rnd.choice([0, 0, 0, 1, 2])):
                d.reminders.append(IncomingReminder(
                    reminded_at=received + dt.timedelta(days=k + 3, hours=2), reminded_by=rnd.choice(["", "文书甲"]),
                    method=rnd.choice(["电话", "当面", "OA"]), note=rnd.choice(["", "请于本周内报送；逾期通报"]),
                ))
            s.add(d)
            refresh_step(d)


def snapshot(store: Store) -> dict:
    out = {}
    with store.read() as s:
        for d in s.scalars(select(D)):
            lead = [a.department for a in d.assignments if a.is_lead]
            out[(d.year, d.seq)] = (
                d.received_at, d.sender, d.sender_doc_no, d.title, d.doc_type, d.secrecy, d.urgency,
                d.copies, d.pages, d.deadline, d.proposal,
                [(i.leader, i.text, i.instructed_on) for i in d.instructions],
                sorted(a.department for a in d.assignments), lead,
                d.result, d.completed_on, d.archive_volume, d.archive_item, d.archived_on, d.remarks,
                d.for_reading_only, d.reviewed_by, d.reviewed_at,
                [(c.reader, c.handed_at, c.returned_at) for c in d.circulations],
                [(r.reminded_at, r.method, r.reminded_by, r.note) for r in d.reminders],
                d.step,
            )
    return out


def test_export_then_import_gives_the_same_rows(store: Store, tmp_path: Path) -> None:
    make_documents(store)
    out = tmp_path / "register.xlsx"
    with store.read() as s:
        assert export_incoming_xlsx(s, IncomingFilter(), out) == 50

    other = open_store(tmp_path / "second.db")
    try:
        result = do_import(other, out)
        assert result.imported == 50 and result.skipped == []
        assert snapshot(other) == snapshot(store)
    finally:
        other.close()


def test_exported_file_layout(store: Store, tmp_path: Path) -> None:
    make_documents(store, n=12)
    out = tmp_path / "sub" / "register.xlsx"
    progress: list[tuple[int, int]] = []
    with store.read() as s:
        n = export_incoming_xlsx(s, IncomingFilter(), out, progress=Progress(lambda d, t, _: progress.append((d, t))))
    assert progress[-1] == (n, n) == (12, 12)
    wb = load_workbook(out)
    assert wb.sheetnames == [SHEET_TITLE, "办理记录"]
    ws = wb[SHEET_TITLE]
    assert [c.value for c in ws[1]] == list(HEADERS)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["E"].width > ws.column_dimensions["F"].width
    numbers = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert numbers == sorted(numbers)  # by number, ascending (2025 before 2026)
    assert numbers[0] == "收〔2025〕0001"
    received = ws.cell(2, 2)
    assert isinstance(received.value, dt.datetime)
    assert received.number_format in ("yyyy-mm-dd", "yyyy-mm-dd hh:mm")
    for r in range(2, ws.max_row + 1):
        depts = ws.cell(r, HEADERS.index("承办科室") + 1).value
        if depts and "（主办）" in depts:
            assert depts.split("、")[0].endswith("（主办）")
        deadline = ws.cell(r, HEADERS.index("办理时限") + 1)
        if deadline.value is not None:
            assert isinstance(deadline.value, dt.datetime) and deadline.number_format == "yyyy-mm-dd"


def test_export_follows_the_filter(store: Store, tmp_path: Path) -> None:
    make_documents(store, n=20)
    out = tmp_path / "2025.xlsx"
    with store.read() as s:
        n = export_incoming_xlsx(s, IncomingFilter(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31)), out)
    assert n == 10
    ws = load_workbook(out)[SHEET_TITLE]
    assert ws.max_row == 11
    assert all(ws.cell(r, 1).value.startswith("收〔2025〕") for r in range(2, 12))


def test_empty_export_has_the_header(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    with store.read() as s:
        assert export_incoming_xlsx(s, IncomingFilter(), out) == 0
    ws = load_workbook(out)[SHEET_TITLE]
    assert [c.value for c in ws[1]] == list(HEADERS)
    assert ws.max_row == 1


def test_cancelled_export_leaves_no_file(store: Store, tmp_path: Path) -> None:
    # Cancelled (the shared protocol) replaces the old "return False" ServiceError
    make_documents(store, n=3)
    out = tmp_path / "x.xlsx"
    progress = Progress()
    progress.cancel()
    with store.read() as s, pytest.raises(Cancelled):
        export_incoming_xlsx(s, IncomingFilter(), out, progress=progress)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".xlsx", ".part"))] == []


def test_plan_read_without_database_checked_then_applied_in_one_write(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", list(HEADERS), GOOD_ROWS)
    plan = read_incoming_workbook(path, number_format=FMT)  # no session: no lock held while parsing
    assert plan.ok and len(plan.rows) == len(GOOD_ROWS)
    with store.read() as s:
        check_plan(s, plan)
    assert plan.errors == []
    with store.write() as s:
        result = apply_plan(s, plan, "文书甲")
    assert result.imported == len(GOOD_ROWS) == doc_count(store)
    again = read_incoming_workbook(path, number_format=FMT)  # checked against nothing yet
    with store.write() as s, pytest.raises(ServiceError, match="收文编号“收〔2026〕0001”在数据库中已存在"):
        apply_plan(s, again, "文书甲")  # apply checks the numbers itself, inside the write
    assert doc_count(store) == len(GOOD_ROWS)


def test_cancelled_reading_raises_cancelled(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", list(HEADERS), GOOD_ROWS)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        read_incoming_workbook(path, progress=progress)
