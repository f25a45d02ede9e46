"""The roster's exports read back (pypdf, openpyxl, icalendar) and compared with the database:
the 国庆 holiday roster, the month's .xlsx, the .ics (times, UIDs, one person), the log PDF."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import icalendar
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.reports.duty_ics import export_roster_ics
from desktop.reports.duty_log_pdf import build_log_pdf
from desktop.reports.duty_pdf import build_roster_pdf
from desktop.reports.duty_xlsx import export_roster_xlsx
from desktop.services import clock, reference, workcal
from desktop.services.duty import edit, export, log, plan, setup

D = dt.date
SH = ZoneInfo("Asia/Shanghai")
LEADERS = ("赵院长", "钱书记", "孙副院长", "李副院长")
CADRES = ("周明", "吴芳", "郑强", "王磊", "冯敏", "陈静", "褚涛", "卫军", "蒋丽", "沈洋")
HOSPITAL = "湘江市第一人民医院"


@pytest.fixture(autouse=True)
def clean_calendar() -> Iterator[None]:
    workcal.set_overrides({})
    yield
    workcal.set_overrides({})


@pytest.fixture
def office(store):
    """September–October 2026 drawn up; 10-01's night set by hand: 周明 with 赵院长."""
    with store.write() as s:
        reference.save_department(s, reference.DepartmentRow(name="院领导", kind="院领导"))
        reference.save_department(s, reference.DepartmentRow(name="医务部"))
        for i, name in enumerate(LEADERS):
            reference.save_staff(s, reference.StaffRow(name=name, department="院领导", phone=f"1380000000{i}",
                                                       roles=("带班领导",)))
        for i, name in enumerate(CADRES):
            reference.save_staff(s, reference.StaffRow(name=name, department="医务部", phone=f"1390000000{i}",
                                                       roles=("总值班",)))
        setup.seed_pools_from_directory(s)
        plan.regenerate(s, D(2026, 9, 1), D(2026, 10, 31))
        ids = {p.name: p.id for p in setup.people(s).values()}
        # shift 4 = 休息日夜班, role 1 = 带班领导, 2 = 总值班 (a fresh database's defaults)
        edit.set_cell(s, D(2026, 10, 1), 4, 2, ids["周明"], force=True)
        edit.set_cell(s, D(2026, 10, 1), 4, 1, ids["赵院长"], force=True)
    return store


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_national_day_holiday_roster(office, tmp_path) -> None:
    with office.read() as s:
        g = export.roster_period(s, D(2026, 9, 30), D(2026, 10, 8))
    assert (g.holiday, g.covered, len(g.days)) == ("国庆节", True, 9)
    out = tmp_path / "国庆.pdf"
    assert build_roster_pdf(g, out, hospital=HOSPITAL, made_on=D(2026, 9, 20)) == 1
    text = _text(out)
    lines = text.splitlines()
    assert lines[0] == "湘江市第一人民医院2026年国庆节假期行政总值班表"
    assert lines[1].strip() == "（2026年9月30日至10月8日）"
    flat = "".join(text.split())
    assert "9月30日三" in flat and "10月8日四" in flat and "9月29日" not in flat and "10月9日" not in flat
    assert flat.count("国庆节") == 8  # the title and the seven days 10-01…10-07
    assert "10月1日四国庆节" in flat and "10月10日" not in flat
    assert "赵院长13800000000" in flat and "周明13900000000" in flat
    assert "湘江市第一人民医院院办公室制表日期：2026年9月20日" in flat
    assert "第 1 页 / 共 1 页" in text
    for day in g.days:
        for cell in day.cells:
            assert f"{cell.name} {cell.phone}" in text


def test_a_range_without_a_holiday_and_a_month_keep_their_plain_titles(office) -> None:
    with office.read() as s:
        week = export.roster_period(s, D(2026, 10, 12), D(2026, 10, 18))
        month = export.month_roster(s, 2026, 10)
    assert week.title(HOSPITAL) == "湘江市第一人民医院行政总值班表 2026年10月12日至10月18日"
    assert month.title(HOSPITAL) == "湘江市第一人民医院行政总值班表 2026年10月"


def test_month_xlsx_reads_back_as_the_database_holds_it(office, tmp_path) -> None:
    with office.read() as s:
        g = export.month_roster(s, 2026, 10)
    out = tmp_path / "值班表.xlsx"
    export_roster_xlsx(g, out, hospital=HOSPITAL, made_on=D(2026, 9, 25))
    ws = load_workbook(out).active
    assert ws["A1"].value == "湘江市第一人民医院行政总值班表 2026年10月"
    assert [c.value for c in ws[2]] == ["日期", "星期", "备注", "白班/午班·带班领导", "白班/午班·带班领导电话",
                                        "白班/午班·总值班", "白班/午班·总值班电话", "夜班·带班领导",
                                        "夜班·带班领导电话", "夜班·总值班", "夜班·总值班电话"]
    assert ws.freeze_panes == "A3"
    row = [c.value for c in ws[3]]
    assert row[:3] == [dt.datetime(2026, 10, 1), "四", "国庆节"]
    assert row[7:] == ["赵院长", "13800000000", "周明", "13900000000"]
    assert [c.value for c in ws[12]][:3] == [dt.datetime(2026, 10, 10), "六", "调休上班"]
    for r, day in enumerate(g.days, start=3):
        values = [c.value for c in ws[r]]
        assert values[0].date() == day.day
        assert values[3:] == [v for c in day.cells for v in (c.name, c.phone)]
    assert ws.cell(row=35, column=1).value == "湘江市第一人民医院院办公室　制表日期：2026年9月25日"


def test_an_unknown_year_is_flagged_in_the_xlsx(office, tmp_path) -> None:
    with office.write() as s:
        plan.regenerate(s, D(2027, 1, 1), D(2027, 1, 31))
    with office.read() as s:
        g = export.month_roster(s, 2027, 1)
    out = tmp_path / "2027.xlsx"
    export_roster_xlsx(g, out, hospital=HOSPITAL, made_on=D(2026, 12, 15))
    ws = load_workbook(out).active
    assert ws.cell(row=35, column=1).value == "注意：2027年的法定节假日安排尚未录入，本表按普通周末排列，请以国务院通知为准核对。"


def _ics(office, tmp_path, person: str | None = None, name: str = "值班.ics"):
    with office.read() as s:
        g = export.month_roster(s, 2026, 10)
        staff = export.find_person(s, person) if person else None
        events = export.duty_events(s, g, staff)
    out = tmp_path / name
    export_roster_ics(events, out, name="行政总值班 2026年10月", hospital=HOSPITAL,
                      stamp=dt.datetime(2026, 9, 25, 10, 0, tzinfo=SH))
    return g, icalendar.Calendar.from_ical(out.read_bytes())


def test_ics_has_one_event_per_shift_in_shanghai_time(office, tmp_path) -> None:
    g, cal = _ics(office, tmp_path)
    events = list(cal.walk("VEVENT"))
    assert len(events) == sum(1 for d in g.days for c in d.cells if c.name) == 124
    for ev in events:  # what a calendar program requires of every event
        assert all(ev.get(key) is not None for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"))
    assert len({str(ev["UID"]) for ev in events}) == 124
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    night = next(ev for ev in events if str(ev["UID"]) == "20261001-s4-r2@duty.yuanbantong")
    assert str(night["SUMMARY"]) == "行政总值班·总值班 周明"
    assert night["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert night.decoded("DTSTART") == dt.datetime(2026, 10, 1, 18, 0, tzinfo=SH)
    assert night.decoded("DTEND") == dt.datetime(2026, 10, 2, 8, 0, tzinfo=SH)
    assert night.decoded("DTSTAMP") == dt.datetime(2026, 9, 25, 2, 0, tzinfo=dt.UTC)
    assert str(night["DESCRIPTION"]).split("\n") == [
        "10月1日 夜班 18:00—次日08:00", "总值班：周明（医务部）", "电话：13900000000",
        "带班领导：赵院长 13800000000", "湘江市第一人民医院院办公室"]
    noon = [ev for ev in events if ev.decoded("DTSTART") == dt.datetime(2026, 10, 9, 12, 0, tzinfo=SH)]
    assert len(noon) == 2 and {ev.decoded("DTEND") for ev in noon} == {dt.datetime(2026, 10, 9, 14, 0, tzinfo=SH)}
    # 10-10 is a make-up Saturday: workday shifts (午班), not the rest day's 白班
    assert {str(ev["SUMMARY"]).split(" ")[0] for ev in events
            if ev.decoded("DTSTART").date() == D(2026, 10, 10)} == {"行政总值班·带班领导", "行政总值班·总值班"}
    assert {ev.decoded("DTSTART").hour for ev in events if ev.decoded("DTSTART").date() == D(2026, 10, 10)} == {12, 18}


def test_ics_uids_are_kept_across_a_swap_so_a_reimport_updates(office, tmp_path) -> None:
    _g, before = _ics(office, tmp_path, name="before.ics")
    with office.write() as s:
        ids = {p.name: p.id for p in setup.people(s).values()}
        edit.set_cell(s, D(2026, 10, 1), 4, 2, ids["吴芳"], force=True)
    _g, after = _ics(office, tmp_path, name="after.ics")
    uids = [str(ev["UID"]) for ev in before.walk("VEVENT")]
    assert uids == [str(ev["UID"]) for ev in after.walk("VEVENT")]
    changed = {str(ev["UID"]): str(ev["SUMMARY"]) for ev in after.walk("VEVENT")}
    assert changed["20261001-s4-r2@duty.yuanbantong"] == "行政总值班·总值班 吴芳"


def test_ics_of_one_person(office, tmp_path) -> None:
    g, cal = _ics(office, tmp_path, person="周明")
    summaries = [str(ev["SUMMARY"]) for ev in cal.walk("VEVENT")]
    held = [c for d in g.days for c in d.cells if c.name == "周明"]
    assert len(summaries) == len(held) > 0 and set(summaries) == {"行政总值班·总值班 周明"}


def test_person_lookup(office) -> None:
    from desktop.services.errors import ServiceError

    with office.read() as s:
        assert export.find_person(s, "周明（医务部）") == export.find_person(s, "周明")
        with pytest.raises(ServiceError) as err:
            export.find_person(s, "周敏")
    assert err.value.message == "人员名录中没有“周敏”。"


def test_duty_log_pdf(office, tmp_path) -> None:
    with office.write() as s:
        night = 4
        with clock.frozen(dt.datetime(2026, 10, 1, 21, 40)):
            log.add_entry(s, D(2026, 10, 1), night, "急诊科反映住院部三楼停电", "通知总务科电工抢修，22:10恢复供电",
                          "赵院长", "吴芳")
        with clock.frozen(dt.datetime(2026, 10, 2, 2, 15)):
            log.add_entry(s, D(2026, 10, 1), night, "120送来车祸伤员三名", "协调骨科、神经外科会诊", "医务部主任")
    with office.read() as s:
        rows = export.log_for_print(s, D(2026, 10, 1), D(2026, 10, 8))
    assert [r.on_duty for r in rows] == ["带班领导 赵院长\n总值班 周明"] * 2
    out = tmp_path / "日志.pdf"
    build_log_pdf(rows, out, hospital=HOSPITAL, period=export.period_text(D(2026, 10, 1), D(2026, 10, 8)))
    lines = _text(out).splitlines()
    assert [x.strip() for x in lines[:3]] == ["湘江市第一人民医院行政总值班日志", "期间：2026年10月1日至10月8日", "共 2 条"]
    assert [x.strip() for x in lines[3:12]] == ["日期", "班次", "值班人员", "时间", "值班情况", "处理情况", "报告对象",
                                                "交班给", "记录人"]
    assert lines[12:] == [
        "10月1日 夜班 带班领导 赵院长 总值班 周明 21:40 急诊科反映住院部三楼停电 通知总务科电工抢修，22:10恢复供电 "
        "赵院长 吴芳 系统",
        # past midnight of the night shift: the entry's own date is shown with its time
        "10月1日 夜班 带班领导 赵院长 总值班 周明 10月2日 02:15 120送来车祸伤员三名 协调骨科、神经外科会诊 医务部主任 系统",
        "第 1 页 / 共 1 页"]
    assert PdfReader(str(out)).pages[0].mediabox.width > PdfReader(str(out)).pages[0].mediabox.height  # A4 landscape
