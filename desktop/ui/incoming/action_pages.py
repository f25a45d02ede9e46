"""收文's 办理 pages: one per action, built on the shared ui.action_page.

Which pages are shown, and in what order, is services.incoming.actions' rule.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop.services.incoming import actions as A
from desktop.services.incoming import links, register, workflow
from desktop.ui.action_page import ActionPage, CallPage, Field, date_edit
from desktop.ui.incoming.pickers import DirectoryEdit
from desktop.ui.ops import INCOMING, OUTGOING, SUPERVISION

if TYPE_CHECKING:
    from desktop.services.incoming.register import IncomingDetail

__all__ = ["BUTTONS", "ActionPage", "Field", "build_pages"]

# Action bar button texts: every action has its own mnemonic (Alt+letter).
BUTTONS = {
    A.REVIEW: "初审(&C)", A.PROPOSE: "拟办(&N)", A.INSTRUCT: "批示(&P)", A.ASSIGN: "交办(&J)",
    A.OPINION: "承办意见(&O)", A.CIRCULATE: "传阅(&Y)", A.REMIND: "催办(&U)", A.COMPLETE: "办结(&B)",
    A.REOPEN: "撤销办结(&X)", A.ARCHIVE: "归档(&G)", A.SUPERVISE: "立督办(&D)", A.REPLY: "复文(&W)",
    A.CANCEL: "作废(&Z)",
}


class _Page(CallPage):
    """收文's pages announce a 收文 change unless they say otherwise."""

    def __init__(self, key: str, submit_text: str, fields: list[Field],
                 fn: Callable[..., Any], changes: set[str] | None = None) -> None:
        super().__init__(key, submit_text, fields, fn, changes or {INCOMING})


class OpinionPage(_Page):
    def set_detail(self, detail: IncomingDetail) -> None:
        box = next(f.widget for f in self.fields if f.key == "department")
        assert isinstance(box, QComboBox)
        current = box.currentText()
        box.clear()
        box.addItems([a.department for a in detail.assignments])
        if current:
            box.setCurrentText(current)


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def _methods() -> QComboBox:
    box = QComboBox()
    box.addItems(["电话", "当面", "书面", "OA"])
    box.setProperty("fixed_choices", True)
    return box


def build_pages(departments: DirectoryEdit, leader: DirectoryEdit, reader: DirectoryEdit,
                task_dept: DirectoryEdit, reply_dept: DirectoryEdit) -> dict[str, ActionPage]:
    """Every action's page, keyed by services.incoming.actions' names."""
    departments.setPlaceholderText("从目录选择，多个用“、”分隔，第一个为主办")
    pages: list[ActionPage] = [
        _Page(A.REVIEW, "初审通过", [], lambda s, d, who, add, p: workflow.review(s, d, who)),
        _Page(A.PROPOSE, "保存拟办", [Field("proposal", "拟办意见", _line("如：拟请医务部牵头办理，报分管院领导阅示。"))],
              lambda s, d, who, add, p: workflow.propose(s, d, p.value("proposal"), who)),
        _Page(A.INSTRUCT, "添加批示", [Field("leader", "批示领导", leader), Field("instruction", "批示内容", _line()),
                                      Field("instructed_on", "批示日期", date_edit())],
              lambda s, d, who, add, p: workflow.add_instruction(
                  s, d, p.value("leader"), p.value("instruction"), p.value("instructed_on"), who, add_to_directory=add)),
        _Page(A.ASSIGN, "交办", [Field("departments", "承办科室", departments)],
              lambda s, d, who, add, p: workflow.assign_departments(
                  s, d, workflow.parse_departments(p.value("departments")), None, who, add_to_directory=add)),
        OpinionPage(A.OPINION, "保存意见", [Field("department", "科室", QComboBox()), Field("opinion", "意见", _line())],
                    lambda s, d, who, add, p: workflow.record_opinion(s, d, p.value("department"), p.value("opinion"), who)),
        _Page(A.CIRCULATE, "送传阅", [Field("reader", "传阅人", reader)],
              lambda s, d, who, add, p: workflow.circulate(s, d, p.value("reader"), None, who, add_to_directory=add)),
        _Page(A.REMIND, "记录催办", [Field("method", "方式", _methods()), Field("note", "说明", _line())],
              lambda s, d, who, add, p: workflow.remind(s, d, p.value("method"), p.value("note"), who)),
        _Page(A.COMPLETE, "办结", [Field("result", "办理结果", _line()), Field("completed_on", "办结日期", date_edit())],
              lambda s, d, who, add, p: workflow.complete(s, d, p.value("result"), p.value("completed_on"), who)),
        _Page(A.REOPEN, "撤销办结", [Field("reason", "撤销原因", _line())],
              lambda s, d, who, add, p: workflow.reopen(s, d, who, p.value("reason"))),
        _Page(A.ARCHIVE, "归档", [Field("archive_volume", "卷号", _line()), Field("archive_item", "件号", _line()),
                                 Field("archived_on", "归档日期", date_edit())],
              lambda s, d, who, add, p: workflow.archive(
                  s, d, p.value("archive_volume"), p.value("archive_item"), p.value("archived_on"), who)),
        _Page(A.SUPERVISE, "建立督办", [Field("task", "督办事项", _line("据最近一条批示")),
                                       Field("lead_department", "主办科室", task_dept),
                                       Field("deadline", "办理时限", date_edit())],
              lambda s, d, who, add, p: links.create_supervision_from_latest_instruction(
                  s, d, p.value("task"), p.value("lead_department"), p.value("deadline"), who, add_to_directory=add),
              {INCOMING, SUPERVISION}),
        _Page(A.REPLY, "建立复文", [Field("title", "发文标题", _line()), Field("drafting_department", "拟稿科室", reply_dept)],
              lambda s, d, who, add, p: links.create_reply_outgoing(
                  s, d, p.value("title"), p.value("drafting_department"), who),
              {INCOMING, OUTGOING}),
        _Page(A.CANCEL, "作废（保留编号）", [Field("reason", "作废原因", _line())],
              lambda s, d, who, add, p: register.cancel_incoming(s, d, p.value("reason"), who)),
    ]
    for page in pages:
        page.setObjectName(f"page_{page.key}")
    return {page.key: page for page in pages}

