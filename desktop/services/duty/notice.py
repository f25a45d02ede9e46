"""The State Council's holiday notice, pasted as text, read into days for preview.

The notice (国务院办公厅关于20XX年部分节假日安排的通知) lists one item per holiday:

    二、春节：2月15日（农历腊月二十八）至23日（农历正月初七）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

Each item gives a name, one sentence with the days off (a day, or a range whose end may
leave out the month) and, if any, one sentence of weekend days worked. Parenthesised
remarks (weekday, lunar date) are ignored. Anything that does not read that way raises
a ServiceError naming the item and the words that could not be read: the office checks
the preview before anything is saved (calendar.replace_year).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desktop.services.errors import ServiceError
from desktop.services.workcal import HOLIDAY, WORKDAY

_ITEM = re.compile(r"(?:^|\s|。)([一二三四五六七八九十]{1,3})、([^：:\n]{1,20})[：:]")
_REMARK = re.compile(r"[（(][^）)]*[）)]")
_DATE = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})日")
_COUNT = re.compile(r"共(\d+)天|放假(\d+)天")
_YEAR = re.compile(r"(20\d\d)年")


@dataclass(frozen=True)
class NoticeDay:
    day: dt.date
    kind: str  # workcal.HOLIDAY or workcal.WORKDAY
    name: str  # the holiday's name; for a make-up workday, the holiday it serves

    @property
    def label(self) -> str:
        return "放假" if self.kind == HOLIDAY else "上班"


def notice_year(text: str) -> int | None:
    """The year the notice is for (its title says 20XX年), if the pasted text has it."""
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def parse_notice(text: str, year: int) -> list[NoticeDay]:
    """The days of ``year`` the notice sets, in date order. Raises ServiceError (Chinese)."""
    items = list(_ITEM.finditer(text))
    if not items:
        raise ServiceError("没有找到“一、元旦：1月1日……放假”这样的条目，请粘贴通知中的放假安排部分。")
    days: dict[dt.date, NoticeDay] = {}
    for i, m in enumerate(items):
        end = items[i + 1].start() if i + 1 < len(items) else len(text)
        label, name = f"{m.group(1)}、{m.group(2).strip()}", _name(m.group(2))
        for day in _item_days(text[m.end():end], year, label, name):
            if day.day in days:
                raise ServiceError(f"“{label}”中的 {day.day.month}月{day.day.day}日 与前面的条目重复。")
            days[day.day] = day
    return [days[d] for d in sorted(days)]


def _name(raw: str) -> str:
    """国庆节、中秋节 (one combined holiday) is named after its first holiday."""
    return raw.strip().split("、")[0]


def _item_days(body: str, year: int, label: str, name: str) -> list[NoticeDay]:
    out: list[NoticeDay] = []
    off_seen = False
    for sentence in re.split(r"[。；;\n]", _REMARK.sub("", body)):
        sentence = sentence.strip()
        if not sentence or not _DATE.search(sentence):
            continue
        if "放假" in sentence:
            off = _off_days(sentence, year, label)
            _check_count(sentence, len(off), label)
            out += [NoticeDay(d, HOLIDAY, name) for d in off]
            off_seen = True
        elif "上班" in sentence:
            out += [NoticeDay(d, WORKDAY, name) for d in _dates(sentence, year, label)]
        else:
            raise ServiceError(f"“{label}”中的“{sentence}”看不懂：应为“……放假”或“……上班”。")
    if not off_seen:
        raise ServiceError(f"“{label}”中没有找到放假日期（如“1月1日放假”）。")
    return out


def _dates(sentence: str, year: int, label: str) -> list[dt.date]:
    out: list[dt.date] = []
    month: int | None = None
    for m in _DATE.finditer(sentence):
        if m.group(1):
            month = int(m.group(1))
        if month is None:
            raise ServiceError(f"“{label}”中的“{m.group(0)}”缺少月份。")
        try:
            out.append(dt.date(year, month, int(m.group(2))))
        except ValueError:
            raise ServiceError(f"“{label}”中的“{month}月{m.group(2)}日”不是有效日期。") from None
    return out


def _off_days(sentence: str, year: int, label: str) -> list[dt.date]:
    dates = _dates(sentence, year, label)
    if "至" not in sentence:
        if len(dates) != 1:
            raise ServiceError(f"“{label}”中的“{sentence}”应为一天或“……至……”的一段日期。")
        return dates
    if len(dates) != 2:
        raise ServiceError(f"“{label}”中的“{sentence}”应为“某月某日至某日”。")
    first, last = dates
    if last < first:
        raise ServiceError(f"“{label}”中的放假日期“{sentence}”结束早于开始。")
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _check_count(sentence: str, n: int, label: str) -> None:
    m = _COUNT.search(sentence)
    if m:
        said = int(m.group(1) or m.group(2))
        if said != n:
            raise ServiceError(f"“{label}”写明共{said}天，但日期算出来是{n}天，请核对。")
