"""The State Council's notice, pasted as text, read into days and checked against
chinesecalendar's own data for the same years (the package was built from these notices)."""
from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from desktop.services.duty.notice import notice_year, parse_notice
from desktop.services.errors import ServiceError

NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。"""

NOTICE_2026 = (
    "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"
    "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。"
    "2月14日（周六）、2月28日（周六）上班。"
    "三、清明节：4月4日（周六）至6日（周一）放假，共3天。"
    "四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。"
    "五、端午节：6月19日（周五）至21日（周日）放假，共3天。"
    "六、中秋节：9月25日（周五）至27日（周日）放假，共3天。"
    "七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。"
)


def _package(year: int) -> tuple[set[dt.date], set[dt.date]]:
    """chinesecalendar's named holidays and weekend workdays of ``year``."""
    days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    days = [d for d in days if d.year == year]
    off = {d for d in days if chinese_calendar.get_holiday_detail(d)[1] is not None
           and not chinese_calendar.is_workday(d)}
    worked = {d for d in days if d.weekday() >= 5 and chinese_calendar.is_workday(d)}
    return off, worked


@pytest.mark.parametrize(("text", "year"), [(NOTICE_2025, 2025), (NOTICE_2026, 2026)])
def test_the_notice_gives_the_package_s_days(text: str, year: int) -> None:
    parsed = parse_notice(text, year)
    off = {d.day for d in parsed if d.kind == "holiday"}
    worked = {d.day for d in parsed if d.kind == "workday"}
    assert (off, worked) == _package(year)


def test_2026_literal_days_and_names() -> None:
    days = {d.day: (d.label, d.name) for d in parse_notice(NOTICE_2026, 2026)}
    assert days[dt.date(2026, 2, 14)] == ("上班", "春节")
    assert days[dt.date(2026, 2, 15)] == ("放假", "春节")
    assert days[dt.date(2026, 2, 23)] == ("放假", "春节")
    assert dt.date(2026, 2, 24) not in days
    assert days[dt.date(2026, 9, 20)] == ("上班", "国庆节")
    assert days[dt.date(2026, 1, 4)] == ("上班", "元旦")
    assert len(days) == 33 + 6


def test_combined_holiday_takes_its_first_name_and_year_is_read() -> None:
    days = {d.day: d.name for d in parse_notice(NOTICE_2025, 2025)}
    assert days[dt.date(2025, 10, 6)] == "国庆节"
    assert days[dt.date(2025, 6, 2)] == "端午节"  # a range ending in the next month
    assert notice_year(NOTICE_2025) == 2025
    assert notice_year(NOTICE_2026) is None


@pytest.mark.parametrize(("text", "message"), [
    ("元旦放假一天", "没有找到“一、元旦：1月1日……放假”这样的条目，请粘贴通知中的放假安排部分。"),
    ("一、元旦：1月1日（周五）放假，共1天。二、春节：2月30日至3月2日放假，共2天。",
     "“二、春节”中的“2月30日”不是有效日期。"),
    ("一、元旦：1月1日至3日放假，共4天。", "“一、元旦”写明共4天，但日期算出来是3天，请核对。"),
    ("一、元旦：1月1日至3日放假。1月4日调班。", "“一、元旦”中的“1月4日调班”看不懂：应为“……放假”或“……上班”。"),
    ("一、元旦：不放假。", "“一、元旦”中没有找到放假日期（如“1月1日放假”）。"),
    ("一、元旦：1月3日至1日放假。", "“一、元旦”中的放假日期“1月3日至1日放假”结束早于开始。"),
    ("一、元旦：1月1日放假。二、新年：1月1日放假。", "“二、新年”中的 1月1日 与前面的条目重复。"),
])
def test_malformed_text_names_the_bad_part(text: str, message: str) -> None:
    with pytest.raises(ServiceError) as err:
        parse_notice(text, 2027)
    assert err.value.message == message
