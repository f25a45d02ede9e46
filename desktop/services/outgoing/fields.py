"""The 发文 register's fields, declared once (see services.fields), in the order of a
发文登记簿's columns. The draft form's validation reads them; Excel import and export
(a later piece of the 发文 issue) read the same list.
"""
from __future__ import annotations

from desktop.services.fields import CHOICE, CUSTOM, DATE, INT, TEXT, Field, Fields
from desktop.services.outgoing.vocab import DOC_TYPES, SECRECY_LEVELS, URGENCY_LEVELS

OUTGOING_FIELDS = Fields((
    Field("number", "发文字号", CUSTOM, width=18, synonyms=("文号", "发文号", "发文文号", "字号")),
    Field("title", "标题", TEXT, limit=500, required=True, width=48,
          synonyms=("文件标题", "发文标题", "文件名称", "题名")),
    Field("doc_type", "文种", CHOICE, choices=DOC_TYPES, default="通知", width=7,
          aliases={"会议纪要": "纪要", "令": "命令", "命令（令）": "命令"}, synonyms=("公文种类", "文件类型")),
    Field("main_recipients", "主送机关", TEXT, limit=1000, width=26, synonyms=("主送", "主送单位")),
    Field("cc_recipients", "抄送机关", TEXT, limit=1000, width=26, synonyms=("抄送", "抄送单位")),
    Field("drafting_department", "拟稿科室", TEXT, limit=100, required=True, width=12,
          synonyms=("拟稿部门", "主办科室", "拟稿单位")),
    Field("drafter", "拟稿人", TEXT, limit=50, required=True, width=9),
    Field("reviewer", "核稿人", TEXT, limit=50, width=9, synonyms=("核稿",)),
    Field("countersign_departments", "会签科室", TEXT, limit=500, width=16, synonyms=("会签", "会签部门")),
    Field("signed_by", "签发人", TEXT, limit=50, width=9, synonyms=("签发",)),
    Field("signed_on", "签发日期", DATE, width=12, synonyms=("签发时间",)),
    Field("written_on", "成文日期", DATE, width=12, synonyms=("发文日期",)),
    Field("secrecy", "密级", CHOICE, choices=SECRECY_LEVELS, default="公开", width=7,
          aliases={"非密": "公开", "无": "公开"}),
    Field("secrecy_term", "保密期限", TEXT, limit=20, width=9),
    Field("urgency", "紧急程度", CHOICE, choices=URGENCY_LEVELS, default="普通", width=9,
          aliases={"平件": "普通", "一般": "普通", "急件": "加急"}, synonyms=("缓急",)),
    Field("issuing_authority", "印发机关", TEXT, limit=100, width=16),
    Field("issued_on", "印发日期", DATE, width=12),
    Field("copies", "份数", INT, minimum=1, width=6, synonyms=("印数", "印发份数")),
    Field("attachment_note", "附件说明", TEXT, limit=1000, width=24, synonyms=("附件",)),
    Field("archive_volume", "归档卷号", TEXT, limit=50, width=10, synonyms=("卷号",)),
    Field("archive_item", "归档件号", TEXT, limit=50, width=10, synonyms=("件号",)),
    Field("archived_on", "归档日期", DATE, width=12),
    Field("remarks", "备注", TEXT, width=24, synonyms=("附注", "说明")),
))

# What the draft form edits (register.OutgoingInput), in the order validate() checks them.
FORM_FIELDS = (
    "title", "doc_type", "main_recipients", "cc_recipients", "drafting_department", "drafter",
    "countersign_departments", "written_on", "secrecy", "secrecy_term", "urgency", "issuing_authority",
    "attachment_note", "remarks",
)
# What only the drafting may change: frozen once the document is signed off.
BODY_FIELDS = ("title", "doc_type", "main_recipients", "cc_recipients", "attachment_note", "body")


def label(name: str) -> str:
    if name == "body":
        return "正文"
    if name in ("supervision_item_id", "supervision_number"):
        return "关联督办"
    return OUTGOING_FIELDS.label_of(name)
