"""Field declarations (services.fields) and the 收文 register's one list of them."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from desktop.services.errors import ServiceError
from desktop.services.fields import CHOICE, DATE, INT, TEXT, Field, Fields
from desktop.services.incoming.fields import FORM_FIELDS, HEADERS, INCOMING_FIELDS, REQUIRED
from desktop.services.incoming.register import IncomingInput

# A register that is not 收文 (as 发文 or 督办 will be): the shared checks need no copying.
OTHER = Fields((
    Field("task", "督办事项", TEXT, limit=10, required=True),
    Field("level", "级别", CHOICE, choices=("一般", "重点")),
    Field("count", "次数", INT, minimum=0),
    Field("due", "办结时限", DATE, required=True),
))


@pytest.mark.parametrize(("values", "message", "field"), [
    ({"task": " "}, "请填写督办事项。", "task"),
    ({"task": "一二三四五六七八九十一"}, "督办事项不能超过 10 个字。", "task"),
    ({"level": "特别"}, "级别须为：一般、重点。", "level"),
    ({"count": -1}, "次数不能为负数。", "count"),
    ({"count": "3"}, "次数应为整数。", "count"),
    ({"due": None}, "请填写办结时限。", "due"),
])
def test_shared_checks_name_the_field_of_any_register(values, message, field):
    good = {"task": "督办", "level": "一般", "count": 0, "due": dt.date(2026, 5, 1)}
    with pytest.raises(ServiceError) as err:
        OTHER.check({**good, **values}, ("task", "level", "count", "due"))
    assert (err.value.message, err.value.field) == (message, field)


def test_incoming_headers_are_the_register_columns_in_order():
    assert HEADERS == (
        "收文编号", "收文日期", "来文单位", "来文字号", "文件标题", "文种", "密级", "紧急程度",
        "份数", "页数", "办理时限", "阅知件", "初审", "拟办意见", "拟办人", "拟办时间", "领导批示",
        "承办科室", "承办科室意见", "传阅", "催办", "办理结果", "办结日期", "归档卷号", "归档件号",
        "归档日期", "备注", "登记人", "录入时间",
    )
    assert REQUIRED == ("收文日期", "来文单位", "文件标题")


def test_every_form_field_is_declared():
    assert set(FORM_FIELDS) == {f.name for f in dataclasses.fields(IncomingInput)}
    assert INCOMING_FIELDS["title"].limit == 500 and INCOMING_FIELDS["sender"].limit == 200


def test_duplicate_labels_are_refused():
    with pytest.raises(ValueError):
        Fields((Field("a", "甲"), Field("b", "甲")))
