"""Handling a registered document: 初审 → 拟办 → 批示 → 承办 → 传阅 → 催办 → 办结 → 归档.

Each button is one service call through ctx.ops; the summary above them is rebuilt
from get_incoming() after every change, never kept in widgets. The rules (which
department leads, which circulation comes back, which 批示 a 督办 follows, what time
it is) are the services'; the panel only passes what was typed.
"""
from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services.incoming import links, register, workflow
from desktop.ui.ops import INCOMING, OUTGOING, SUPERVISION, AppContext


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ProcessPanel(QWidget):
    changed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id: int | None = None
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        body = QWidget()
        self._grid = QVBoxLayout(body)
        self._build_actions()
        self._grid.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary, 2)
        lay.addWidget(self.error)
        lay.addWidget(scroll, 3)
        self.set_document(None)

    # --- building -------------------------------------------------------------------

    def _group(self, title: str, fields: list[tuple[str, QWidget]], button: str, slot: Callable[[], None]) -> QPushButton:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        for i, (label, widget) in enumerate(fields):
            grid.addWidget(QLabel(label), i, 0)
            grid.addWidget(widget, i, 1)
        btn = QPushButton(button)
        btn.clicked.connect(slot)
        grid.addWidget(btn, len(fields), 1)
        self._grid.addWidget(box)
        return btn

    def _build_actions(self) -> None:
        self.review_btn = self._group("初审", [], "初审通过", lambda: self._do(lambda s, d: workflow.review(s, d, self.ctx.actor)))
        self.proposal = QLineEdit()
        self.proposal.setPlaceholderText("如：拟请医务部牵头办理，报分管院领导阅示。")
        self._group("拟办意见", [("意见", self.proposal)], "保存拟办",
                    lambda: self._do(lambda s, d: workflow.propose(s, d, self.proposal.text(), self.ctx.actor), clear=[self.proposal]))
        self.leader = QLineEdit()
        self.instruction = QLineEdit()
        self.instruction_date = _date_edit()
        self._group("领导批示", [("批示领导", self.leader), ("批示内容", self.instruction), ("批示日期", self.instruction_date)],
                    "添加批示", self._add_instruction)
        self.departments = QLineEdit()
        self.departments.setPlaceholderText("多个科室用“、”分隔，第一个为主办")
        self._group("承办科室", [("科室", self.departments)], "交办", self._assign)
        self.reader = QLineEdit()
        self._group("传阅", [("传阅人", self.reader)], "送传阅",
                    lambda: self._do(lambda s, d: workflow.circulate(s, d, self.reader.text().strip(), None, self.ctx.actor), clear=[self.reader]))
        self.return_btn = self._group("收回传阅", [], "最早一份未收回的传阅已退回", self._return_circulation)
        self.method = QComboBox()
        self.method.addItems(["电话", "当面", "书面", "OA"])
        self.remind_note = QLineEdit()
        self._group("催办", [("方式", self.method), ("说明", self.remind_note)], "记录催办",
                    lambda: self._do(lambda s, d: workflow.remind(s, d, self.method.currentText(), self.remind_note.text(), self.ctx.actor), clear=[self.remind_note]))
        self.result = QLineEdit()
        self.completed_on = _date_edit()
        self._group("办结", [("办理结果", self.result), ("办结日期", self.completed_on)], "办结",
                    lambda: self._do(lambda s, d: workflow.complete(s, d, self.result.text(), self.completed_on.date().toPython(), self.ctx.actor), clear=[self.result]))
        self.volume = QLineEdit()
        self.item = QLineEdit()
        self.archived_on = _date_edit()
        self._group("归档", [("卷号", self.volume), ("件号", self.item), ("归档日期", self.archived_on)], "归档",
                    lambda: self._do(lambda s, d: workflow.archive(s, d, self.volume.text().strip(), self.item.text().strip(), self.archived_on.date().toPython(), self.ctx.actor)))
        self.task = QLineEdit()
        self.task_dept = QLineEdit()
        self.task_deadline = _date_edit()
        self._group("据最近一条批示建督办", [("督办事项", self.task), ("主办科室", self.task_dept), ("办理时限", self.task_deadline)],
                    "建立督办", self._create_supervision)
        self.reply_title = QLineEdit()
        self.reply_dept = QLineEdit()
        self._group("复文（发文）", [("发文标题", self.reply_title), ("拟稿科室", self.reply_dept)], "建立复文",
                    lambda: self._do(lambda s, d: links.create_reply_outgoing(s, d, self.reply_title.text().strip(), self.reply_dept.text().strip(), self.ctx.actor),
                                     changes={INCOMING, OUTGOING}, clear=[self.reply_title]))
        self.cancel_reason = QLineEdit()
        self._group("作废", [("作废原因", self.cancel_reason)], "作废（保留编号）",
                    lambda: self._do(lambda s, d: register.cancel_incoming(s, d, self.cancel_reason.text().strip(), self.ctx.actor), clear=[self.cancel_reason]))

    # --- actions ----------------------------------------------------------------------

    def _do(self, fn, *, changes: set[str] | None = None, clear: list[QLineEdit] | None = None) -> bool:
        if self.doc_id is None:
            return False
        doc_id = self.doc_id
        self.error.clear()
        result = self.ctx.ops.run(lambda s: fn(s, doc_id), changes or {INCOMING}, parent=self,
                                  on_error=lambda e: self.error.setText(e.message))
        if result.ok:
            for edit in clear or []:
                edit.clear()
            self.set_document(doc_id)
            self.changed.emit(doc_id)
        return result.ok

    def _add_instruction(self) -> None:
        self._do(lambda s, d: workflow.add_instruction(s, d, self.leader.text().strip(), self.instruction.text().strip(),
                                                       self.instruction_date.date().toPython(), self.ctx.actor),
                 clear=[self.instruction])

    def _assign(self) -> None:
        names = workflow.parse_departments(self.departments.text())
        self._do(lambda s, d: workflow.assign_departments(s, d, names, None, self.ctx.actor))

    def _return_circulation(self) -> None:
        self._do(lambda s, d: workflow.return_earliest_circulation(s, d, self.ctx.actor))

    def _create_supervision(self) -> None:
        task, dept = self.task.text().strip(), self.task_dept.text().strip()
        deadline = self.task_deadline.date().toPython()
        self._do(lambda s, d: links.create_supervision_from_latest_instruction(s, d, task, dept, deadline, self.ctx.actor),
                 changes={INCOMING, SUPERVISION}, clear=[self.task])

    # --- display ------------------------------------------------------------------------

    def set_document(self, doc_id: int | None, detail=None) -> None:
        """Show ``doc_id``; pass its IncomingDetail when the caller has already read it."""
        self.doc_id = doc_id
        self.error.clear()
        self.setEnabled(doc_id is not None)
        if doc_id is None:
            self.summary.setHtml("<p style='color:#777'>保存登记后，在此办理：初审、拟办、批示、承办、传阅、催办、办结、归档。</p>")
            return
        if detail is None:
            detail = self.ctx.ops.read(lambda s: register.get_incoming(s, doc_id))
        self.summary.setHtml(summary_html(detail))


def summary_html(d) -> str:
    e = html.escape
    parts = [f"<b>{e(d.number)}</b> 环节：<b>{e(d.step)}</b>"]
    if d.proposal:
        parts.append(f"拟办意见：{e(d.proposal)}")
    for i in d.instructions:
        parts.append(f"批示：{e(i.text)} —— {e(i.leader)}（{i.instructed_on}）")
    if d.assignments:
        parts.append("承办科室：" + "、".join(e(a.department) + ("（主办）" if a.is_lead else "") for a in d.assignments))
    for c in d.circulations:
        back = f"，{str(c.returned_at)[:16]} 收回" if c.returned_at else "，未收回"
        parts.append(f"传阅：{e(c.reader)} {str(c.handed_at)[:16]}{back}")
    for r in d.reminders:
        parts.append(f"催办：{str(r.reminded_at)[:16]} {e(r.method)} {e(r.note)}")
    if d.result:
        parts.append(f"办理结果：{e(d.result)}（{d.completed_on}）")
    if d.archived_on:
        parts.append(f"归档：卷号 {e(d.archive_volume)} 件号 {e(d.archive_item)}（{d.archived_on}）")
    for item in getattr(d, "supervision_items", []):
        parts.append(f"督办：{e(str(item.title if hasattr(item, 'title') else item))}")
    for item in getattr(d, "replies", []):
        parts.append(f"复文：{e(str(item.title if hasattr(item, 'title') else item))}")
    if d.cancel_reason:
        parts.append(f"<span style='color:#999'>已作废：{e(d.cancel_reason)}</span>")
    return "<br>".join(parts)
