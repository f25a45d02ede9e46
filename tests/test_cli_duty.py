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


# --- the names: roster generate, export roster (.pdf/.xlsx/.ics, a range, a person), duty-log


def test_roster_generate_and_its_lock_existing(capsys, office):
    code, out, _ = _run(capsys, "roster", "generate", "--db", str(office), "--month", "2026-10")
    assert code == 0 and out.splitlines()[0] == "2026-10-01 至 2026-10-31：排班 124 个，保留锁定 0 个"
    assert "总值班 夜班：最少 3，最多 4，差 1" in out.splitlines()
    code, out, _ = _run(capsys, "roster", "generate", "--db", str(office), "--month", "2026-10", "--lock-existing")
    assert code == 0 and out.splitlines()[0] == "2026-10-01 至 2026-10-31：排班 0 个，保留锁定 124 个"


def _grid(office, start, end):
    from desktop.services.duty.export import roster_period

    store = open_store(office)
    try:
        with store.read() as s:
            return roster_period(s, start, end)
    finally:
        store.close()


def test_export_roster_as_pdf_xlsx_and_ics(capsys, office, tmp_path):
    import icalendar
    from openpyxl import load_workbook

    assert _run(capsys, "roster", "generate", "--db", str(office), "--month", "2026-10")[0] == 0
    g = _grid(office, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    with clock.frozen(dt.datetime(2026, 9, 25, 10)):
        for name in ("值班表.pdf", "值班表.xlsx", "值班.ics"):
            code, out, err = _run(capsys, "export", "roster", "--db", str(office), "--month", "2026-10",
                                  "-o", str(tmp_path / name))
            assert (code, out, err) == (0, f"已导出 {tmp_path / name}\n", "")
    assert "湖南省职业病防治院行政总值班表2026年10月" in _text(tmp_path / "值班表.pdf")
    ws = load_workbook(tmp_path / "值班表.xlsx").active
    assert ws["A1"].value == "湖南省职业病防治院行政总值班表 2026年10月"
    assert [[c.value for c in row][3:] for row in ws.iter_rows(min_row=3, max_row=33)] == [
        [v for c in d.cells for v in (c.name, c.phone)] for d in g.days]
    cal = icalendar.Calendar.from_ical((tmp_path / "值班.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 124 and str(cal["X-WR-CALNAME"]) == "湖南省职业病防治院行政总值班 2026年10月"
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(
        f"行政总值班·{c.role} {c.name}" for d in g.days for c in d.cells)


def test_export_a_holiday_range_and_one_persons_calendar(capsys, office, tmp_path):
    import icalendar

    assert _run(capsys, "roster", "generate", "--db", str(office), "--month", "2026-09")[0] == 0
    assert _run(capsys, "roster", "generate", "--db", str(office), "--month", "2026-10")[0] == 0
    pdf = tmp_path / "国庆.pdf"
    code, _out, err = _run(capsys, "export", "roster", "--db", str(office), "--from", "2026-09-30",
                           "--to", "2026-10-08", "-o", str(pdf))
    assert (code, err) == (0, "")
    assert _text(pdf).startswith("湖南省职业病防治院2026年国庆节假期行政总值班表（2026年9月30日至10月8日）")
    ics = tmp_path / "周明.ics"
    code, _out, err = _run(capsys, "export", "roster", "--db", str(office), "--from", "2026-09-30",
                           "--to", "2026-10-08", "-o", str(ics), "--person", "周明")
    assert (code, err) == (0, "")
    g = _grid(office, dt.date(2026, 9, 30), dt.date(2026, 10, 8))
    mine = [(d.day, c.shift) for d in g.days for c in d.cells if c.name == "周明"]
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == len(mine) > 0
    assert {str(e["SUMMARY"]) for e in events} == {"行政总值班·总值班 周明"}
    assert sorted(e.decoded("DTSTART").date() for e in events) == sorted(day for day, _s in mine)


def test_export_duty_log(capsys, office, tmp_path):
    from desktop.services.duty import log

    assert _run(capsys, "roster", "generate", "--db", str(office), "--month", "2026-10")[0] == 0
    store = open_store(office)
    with clock.frozen(dt.datetime(2026, 10, 3, 22, 5)), store.write() as s:
        night = next(sh.id for sh in setup.shifts(s) if sh.name == "夜班" and sh.day_kind == "restday")
        log.add_entry(s, dt.date(2026, 10, 3), night, "门诊楼电梯困人", "联系电梯维保，22:30解困", "钱书记", "吴芳")
    store.close()
    pdf = tmp_path / "值班日志.pdf"
    code, out, err = _run(capsys, "export", "duty-log", "--db", str(office), "--from", "2026-10-01",
                          "--to", "2026-10-07", "-o", str(pdf))
    assert (code, out, err) == (0, f"已导出 {pdf}\n", "")
    text = _text(pdf)
    assert text.startswith("湖南省职业病防治院行政总值班日志期间：2026年10月1日至10月7日共1条")
    assert "10月3日夜班" in text and "22:05门诊楼电梯困人联系电梯维保，22:30解困钱书记吴芳" in text


@pytest.mark.parametrize(("argv", "message"), [
    (("--month", "2026-10", "--from", "2026-10-01", "--to", "2026-10-07", "-o", "x.pdf"),
     "--month 与 --from/--to 只能给出一种"),
    (("-o", "x.pdf"), "请给出 --month，或同时给出 --from 和 --to"),
    (("--from", "2026-10-01", "-o", "x.pdf"), "请给出 --month，或同时给出 --from 和 --to"),
    (("--from", "2026-10-08", "--to", "2026-10-01", "-o", "x.pdf"), "--to 不能早于 --from"),
    (("--month", "2026-10", "-o", "x.pdf", "--person", "周明"), "--person 只用于导出 .ics 日历"),
    (("--month", "2026-10", "-o", "x.docx"), "输出文件应以 .pdf 或 .xlsx 或 .ics 结尾：x.docx"),
    (("--month", "2026-13", "-o", "x.pdf"), "月份应为 YYYY-MM（如 2027-01）：2026-13"),
    (("--from", "2026-10-32", "--to", "2026-10-08", "-o", "x.pdf"), "日期应为 YYYY-MM-DD：2026-10-32"),
])
def test_export_roster_usage_errors_are_one_line_and_exit_2(capsys, office, argv, message):
    code, out, err = _run(capsys, "export", "roster", "--db", str(office), *argv)
    assert (code, out) == (2, "") and err.count("\n") == 1 and message in err


def test_unknown_person_is_one_line_and_exit_1(capsys, office, tmp_path):
    out_file = tmp_path / "x.ics"
    code, out, err = _run(capsys, "export", "roster", "--db", str(office), "--month", "2026-10",
                          "-o", str(out_file), "--person", "周敏")
    assert (code, out, err) == (1, "", "错误：人员名录中没有“周敏”。\n")
    assert not out_file.exists()
