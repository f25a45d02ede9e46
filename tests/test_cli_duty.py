"""The 值班 commands: duty generate prints the spread report; export duty-roster writes the
posted roster; a month the calendar does not know is warned about; bad months exit 2."""
from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.services import clock, reference, workcal
from desktop.services.duty import setup
from desktop.services.hospital import set_hospital_name
from desktop.services.store import open_store

LEADERS = ("赵院长", "钱书记", "孙副院长", "李副院长")
CADRES = ("周明", "吴芳", "郑强", "王磊", "冯敏", "陈静", "褚涛", "卫军", "蒋丽", "沈洋")


@pytest.fixture
def office(tmp_path):
    workcal.set_overrides({})
    path = tmp_path / "office.db"
    store = open_store(path)
    with store.write() as s:
        set_hospital_name(s, "湖南省职业病防治院")
        reference.save_department(s, reference.DepartmentRow(name="院领导", kind="院领导"))
        reference.save_department(s, reference.DepartmentRow(name="医务部"))
        for i, name in enumerate(LEADERS):
            reference.save_staff(s, reference.StaffRow(name=name, department="院领导", phone=f"1380000000{i}",
                                                       roles=("带班领导",)))
        for i, name in enumerate(CADRES):
            reference.save_staff(s, reference.StaffRow(name=name, department="医务部", phone=f"1390000000{i}",
                                                       roles=("总值班",)))
        setup.seed_pools_from_directory(s)
    store.close()
    yield path
    workcal.set_overrides({})


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err.removeprefix("此数据库还没有账户：已创建主任账户“测试主任”。\n")


def _text(pdf) -> str:
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)


def test_generate_prints_the_spread_report_and_warns_of_an_unknown_month(capsys, office):
    code, out, err = _run(capsys, "duty", "generate", "--db", str(office), "--month", "2027-01")
    assert code == 0
    assert err == ("警告：2027年的节假日安排尚未录入，2027年1月按普通周末排列"
                   "（请在 设置 → 节假日… 中录入国务院通知）。\n")
    lines = out.splitlines()
    assert lines[0] == "2027-01-01 至 2027-01-31：排班 124 个，保留锁定 0 个"
    assert lines[1] == "注意：该期间的节假日安排尚未录入，按普通周末排班。"
    # 31 days × 2 shifts = 62 cells per role: 10 cadres get 6 or 7, 31 nights give 3 or 4
    assert "总值班 全部班次：最少 6，最多 7，差 1" in lines
    assert "总值班 夜班：最少 3，最多 4，差 1" in lines
    assert "带班领导 全部班次：最少 15，最多 16，差 1" in lines
    assert "带班领导 夜班：最少 7，最多 8，差 1" in lines
    code, out, _ = _run(capsys, "duty", "generate", "--db", str(office), "--month", "2027-01", "--keep-existing")
    assert code == 0 and out.splitlines()[0] == "2027-01-01 至 2027-01-31：排班 0 个，保留锁定 124 个"


def test_export_roster_of_a_known_and_an_unknown_month(capsys, office, tmp_path):
    assert _run(capsys, "duty", "generate", "--db", str(office), "--month", "2026-10")[0] == 0
    pdf = tmp_path / "值班表.pdf"
    with clock.frozen(dt.datetime(2026, 9, 25, 10)):
        code, out, err = _run(capsys, "export", "duty-roster", "--db", str(office), "--month", "2026-10",
                              "-o", str(pdf))
    assert (code, out, err) == (0, f"已导出 {pdf}\n", "")
    text = _text(pdf)
    assert "湖南省职业病防治院行政总值班表2026年10月" in text
    assert "国庆节" in text and "尚未录入" not in text
    assert "制表日期：2026年9月25日" in text
    unknown = tmp_path / "2027年1月.pdf"
    code, out, err = _run(capsys, "export", "duty-roster", "--db", str(office), "--month", "2027-01",
                          "-o", str(unknown))
    assert code == 0 and err.startswith("警告：2027年的节假日安排尚未录入")
    assert "注意：2027年的法定节假日安排尚未录入" in _text(unknown)


@pytest.mark.parametrize("month", ["2027-13", "27-01", "2027/01", "一月"])
def test_bad_month_is_one_chinese_line_and_exit_2(capsys, office, month):
    for argv in (("duty", "generate", "--db", str(office), "--month", month),
                 ("export", "duty-roster", "--db", str(office), "--month", month, "-o", "x.pdf")):
        code, out, err = _run(capsys, *argv)
        assert code == 2 and out == ""
        assert err.startswith("错误：参数错误") and f"月份应为 YYYY-MM（如 2027-01）：{month}" in err
        assert err.count("\n") == 1


def test_roster_output_must_be_pdf(capsys, office, tmp_path):
    code, _out, err = _run(capsys, "export", "duty-roster", "--db", str(office), "--month", "2027-01",
                           "-o", str(tmp_path / "值班表.xlsx"))
    assert code == 2 and "输出文件应以 .pdf 结尾" in err
