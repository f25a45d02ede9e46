"""The 督办 register's fields, declared once (see services.fields): the form's checks,
the list's column titles and the printed forms read them."""
from __future__ import annotations

from desktop.services.fields import CHOICE, CUSTOM, DATE, INT, TEXT, Field, Fields

SOURCES = ("领导批示", "院长办公会", "党委会", "上级交办", "来信来访", "其他")
PRIORITIES = ("一般", "重要", "紧急")
REPORT_CYCLES = ("", "每周", "每两周", "每月")  # "" = 不要求定期报送
REMINDER_METHODS = ("电话", "催办单", "当面", "OA")
EVALUATIONS = ("满意", "基本满意", "不满意")

SUPERVISION_FIELDS = Fields((
    Field("number", "督办编号", CUSTOM, width=14),
    Field("task", "督办事项", TEXT, limit=1000, required=True, width=40),
    Field("source", "来源", CHOICE, choices=SOURCES, default="领导批示", width=9),
    Field("source_detail", "来源说明", TEXT, limit=200, width=20),
    Field("instruction", "领导批示", TEXT, limit=2000, width=30, synonyms=("交办意见",)),
    Field("assigned_by", "交办领导", TEXT, limit=50, required=True, width=9),
    Field("lead_department", "主办科室", TEXT, limit=100, required=True, width=12),
    Field("assisting_departments", "协办科室", TEXT, limit=500, width=16),
    Field("responsible", "责任人", TEXT, limit=50, width=8),
    Field("assigned_on", "交办日期", DATE, required=True, width=11),
    Field("deadline", "办理时限", DATE, width=11),
    Field("deadline_workdays", "时限工作日", INT, minimum=1, width=6),
    Field("requirement", "办复要求", TEXT, limit=1000, width=24),
    Field("priority", "重要程度", CHOICE, choices=PRIORITIES, default="一般", width=7),
    Field("report_cycle", "进展报送", CHOICE, choices=REPORT_CYCLES, default="", width=7),
))

# What the item form edits (workflow.SupervisionInput), in the order validate() checks them.
FORM_FIELDS = ("task", "source", "source_detail", "instruction", "assigned_by", "lead_department",
               "assisting_departments", "responsible", "assigned_on", "requirement", "priority", "report_cycle")


def label(name: str) -> str:
    return SUPERVISION_FIELDS.label_of(name)

# Every column's name in the 历史 pane (services.history): the form's labels, then the
# caches, the closing and the logs' own columns.
HISTORY_LABELS = {
    **{f.name: f.label for f in SUPERVISION_FIELDS.all},
    "deadline": "原办理时限", "due_on": "现办理时限", "report_due_on": "下次进展报送日", "step": "环节",
    "part": "分项号", "parent_id": "总项", "source_incoming_id": "来源收文", "source_instruction_id": "来源批示",
    "closed_on": "办结日期", "result": "办理结果", "evidence": "佐证材料", "closed_by": "办结登记人",
    "accepted_at": "审结时间", "accepted_by": "审结人", "returned_at": "退回时间", "return_reason": "退回理由",
    "evaluation": "评价", "evaluation_note": "评价说明", "evaluated_by": "评价人", "cancelled_at": "撤销时间",
    "cancel_reason": "撤销理由", "updated_at": "修改时间", "created_at": "立项时间",
    "reported_on": "报送日期", "text": "进展情况", "percent": "完成进度", "reported_by": "报送人",
    "reminded_on": "催办日期", "method": "催办方式", "reminded_by": "催办人", "answer": "科室答复",
    "requested_on": "申请日期", "requested_by": "申请人", "reason": "理由", "new_deadline": "延至",
    "decision": "审批结果", "decided_by": "审批人", "decided_at": "审批时间", "decision_note": "审批意见",
}
