"""The 收文 register's fields, declared once (see services.fields).

In the order of the 收文登记簿's columns. The form's validation (register.validate),
Excel import (header names, synonyms, cell parsing, limits) and Excel export (headers,
widths) all read this list.
"""
from __future__ import annotations

import re

from desktop.services.fields import BOOL, CHOICE, CUSTOM, DATE, DATETIME, INT, TEXT, Field, Fields
from desktop.services.incoming.vocab import DOC_TYPES, SECRECY_LEVELS, URGENCY_LEVELS


def _docno(text: str) -> str:
    # imported here: docno needs SQLAlchemy, and the register's columns (query.py)
    # are read before the window paints, when SQLAlchemy is not loaded yet
    from desktop.services.incoming import docno

    return docno.normalise(text)


def _secrecy_level(text: str) -> str:
    """机密★5年 → 机密: the level only, not its term."""
    return re.split(r"[★*]", text, maxsplit=1)[0].strip()


INCOMING_FIELDS = Fields((
    Field("number", "收文编号", CUSTOM, width=14,
          synonyms=("编号", "收文号", "收文登记号", "登记号", "登记编号", "收文编码")),
    Field("received_at", "收文日期", DATETIME, required=True, width=17,
          synonyms=("日期", "收文时间", "收文日期时间", "收到日期", "收到时间", "签收日期", "签收时间",
                    "登记日期", "登记时间")),
    Field("sender", "来文单位", TEXT, limit=200, required=True, width=26,
          synonyms=("发文单位", "来文机关", "发文机关", "来文机构", "来文部门", "来文单位名称",
                    "来文单位(部门)")),
    Field("sender_doc_no", "来文字号", TEXT, limit=100, width=20, normalise=_docno,
          synonyms=("文号", "来文文号", "发文字号", "来文号", "原文号", "发文文号")),
    Field("title", "文件标题", TEXT, limit=500, required=True, width=48,
          synonyms=("标题", "文件名称", "文件名", "来文标题", "题名", "文件题名", "来文名称",
                    "文件标题(事由)", "事由")),
    Field("doc_type", "文种", CHOICE, choices=DOC_TYPES, default="通知", width=7,
          aliases={"会议纪要": "纪要", "令": "命令"},
          synonyms=("文件类型", "公文种类", "文件种类", "类型", "文种类别")),
    Field("secrecy", "密级", CHOICE, choices=SECRECY_LEVELS, default="公开", width=7,
          aliases={"非密": "公开", "无": "公开"}, excel_clean=_secrecy_level,
          synonyms=("秘密等级", "保密等级", "密级程度")),
    Field("urgency", "紧急程度", CHOICE, choices=URGENCY_LEVELS, default="普通", width=9,
          aliases={"平件": "普通", "一般": "普通", "急件": "加急", "急": "加急", "特急件": "特急"},
          synonyms=("缓急", "紧急", "缓急程度", "急缓程度", "紧急度")),
    Field("copies", "份数", INT, minimum=1, default=1, width=6, synonyms=("收文份数", "件数")),
    Field("pages", "页数", INT, minimum=0, default=0, width=6, synonyms=("页码数", "总页数")),
    Field("deadline", "办理时限", DATE, width=12,
          synonyms=("时限", "办理期限", "期限", "截止日期", "办结时限", "办理时间要求")),
    Field("for_reading_only", "阅知件", BOOL, default=False, width=7,
          synonyms=("阅知", "阅件", "是否阅知件", "阅知类", "阅知件(是/否)")),
    Field("review", "初审", CUSTOM, width=22, synonyms=("初审人", "初审情况", "初审(人员/时间)")),
    Field("proposal", "拟办意见", TEXT, width=30, synonyms=("拟办", "办公室拟办意见", "拟办意见(办公室)")),
    Field("proposed_by", "拟办人", TEXT, limit=50, width=9),
    Field("proposed_at", "拟办时间", DATETIME, width=17),
    Field("instructions", "领导批示", CUSTOM, width=40,
          synonyms=("批示", "领导意见", "批示意见", "领导批示意见", "院领导批示")),
    Field("departments", "承办科室", CUSTOM, width=24,
          synonyms=("主办科室", "承办部门", "承办单位", "办理科室", "承办", "主办部门", "承办科室(部门)")),
    Field("opinions", "承办科室意见", CUSTOM, width=30, synonyms=("科室意见", "承办意见")),
    Field("circulations", "传阅", CUSTOM, width=40, synonyms=("传阅情况", "传阅记录", "阅文情况", "传阅人")),
    Field("reminders", "催办", CUSTOM, width=36, synonyms=("催办情况", "催办记录")),
    Field("result", "办理结果", TEXT, width=30, synonyms=("结果", "办理情况", "落实情况", "办理结果(情况)")),
    Field("completed_on", "办结日期", DATE, width=12, synonyms=("办结时间", "完成日期", "办结")),
    Field("archive_volume", "归档卷号", TEXT, limit=50, width=10, synonyms=("卷号", "案卷号")),
    Field("archive_item", "归档件号", TEXT, limit=50, width=10, synonyms=("件号",)),
    Field("archived_on", "归档日期", DATE, width=12, synonyms=("归档时间",)),
    Field("remarks", "备注", TEXT, width=24, synonyms=("附注", "说明")),
    # Who entered the document and when: kept through an export → import round trip.
    Field("registered_by", "登记人", TEXT, limit=50, width=9, synonyms=("登记者", "录入人")),
    Field("created_at", "录入时间", DATETIME, width=17),
))

# What the registration form edits (services.incoming.register.IncomingInput), in the
# order validate() checks them.
FORM_FIELDS = (
    "received_at", "sender", "sender_doc_no", "title", "doc_type", "secrecy", "urgency",
    "copies", "pages", "deadline", "for_reading_only", "remarks",
)

HEADERS: tuple[str, ...] = INCOMING_FIELDS.labels
REQUIRED: tuple[str, ...] = INCOMING_FIELDS.required_labels


def label(name: str) -> str:
    return INCOMING_FIELDS.label_of(name)
