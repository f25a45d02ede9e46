"""The 办理 panel: the stage a document waits in and only the actions possible now.

What is possible, and which action is the usual next one, is
services.incoming.actions.allowed_actions(); the panel renders it: the next action
first and prominent, its page open, the others one key away (Alt+letter). Each
action is one service call through ctx.ops; everything shown is rebuilt from the
document's detail after every change. Typing belongs to the document on screen:
selecting another document empties every page (``set_document``).
"""
from __future__ import annotations

import html
import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services.incoming import actions, register, workflow
from desktop.services.incoming.steps import with_marks
from desktop.ui.incoming.action_pages import BUTTONS, ActionPage, build_pages
from desktop.ui.incoming.pickers import CirculationList, DirectoryEdit
from desktop.ui.messages import Messages
from desktop.ui.ops import INCOMING, AppContext

if TYPE_CHECKING:
    from desktop.services.incoming.register import IncomingDetail

_NEXT_STYLE = "QPushButton { font-weight: bold; color: white; background: #2f6fb5; padding: 3px 10px; }"
_COLUMNS = 4  # action buttons per row: 13 actions at most, three rows in 460 px


class ProcessPanel(QWidget):
    changed = Signal(int)  # document id, after an action succeeded
    leave = Signal()  # Esc: back to the register

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id: int | None = None
        self.detail: IncomingDetail | None = None
        self.plan: actions.ActionPlan | None = None
        self._confirmed: set[tuple[int, str]] = set()  # skip questions answered yes
        self._build()
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.leave.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.set_document(None)

    # --- building -------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.summary.setMaximumHeight(130)
        self.summary.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes to the actions
        self.circulations = CirculationList()
        self.circulations.return_requested.connect(self._return_circulation)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #777;")
        self.notice.setWordWrap(True)
        self.directory = {key: DirectoryEdit(several=key == "departments")
                          for key in ("departments", "leader", "reader", "task_dept", "reply_dept")}
        d = self.directory
        self.pages: dict[str, ActionPage] = build_pages(d["departments"], d["leader"], d["reader"],
                                                        d["task_dept"], d["reply_dept"])
        self.stack = QStackedWidget()
        self._no_action = QWidget()  # keeps the layout in place when nothing is on offer
        self.stack.addWidget(self._no_action)
        self.buttons: dict[str, QPushButton] = {}
        for key, page in self.pages.items():
            self.stack.addWidget(page)
            page.submitted.connect(lambda add, k=key: self._run(k, add))
            button = QPushButton(BUTTONS[key], self)  # a parentless shown button is a window
            button.hide()
            button.setAutoDefault(True)
            button.clicked.connect(lambda _=False, k=key: self.choose(k))
            self.buttons[key] = button
        self._bar = QGridLayout()
        self._bar.setSpacing(4)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.heading)
        lay.addWidget(self.summary)
        lay.addWidget(self.circulations)
        lay.addWidget(self.error)
        lay.addWidget(self.notice)
        lay.addLayout(self._bar)
        lay.addWidget(self.stack, 1)

    def set_directory(self, departments: list[str], leaders: list[str], everyone: list[str]) -> None:
        """Completion lists from 设置 → 科室与人员."""
        for key, names in (("departments", departments), ("task_dept", departments), ("reply_dept", departments),
                           ("leader", everyone if not leaders else [*leaders, *everyone]), ("reader", everyone)):
            self.directory[key].set_names(list(dict.fromkeys(names)))

    # --- state --------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Something typed on a page and not yet used."""
        return any(page.dirty for page in self.pages.values())

    def set_document(self, doc_id: int | None, detail: IncomingDetail | None = None) -> None:
        """Show ``doc_id`` (its detail, when the caller has read it already). Another
        document empties every page; the same one keeps what is being typed."""
        if doc_id != self.doc_id:
            for page in self.pages.values():
                page.reset()
            self._confirmed.clear()
        self.doc_id = doc_id
        self.error.clear()
        if doc_id is None:
            self.detail = self.plan = None
            self.heading.setText("未选择")
            self.summary.setHtml("<p style='color:#777'>在登记簿中选择一份收文后，在此办理。</p>")
            self.circulations.set_rows([], False)
            self._show_actions(None)
            self.setEnabled(False)
            return
        self.setEnabled(True)
        if detail is None:
            detail = self.ctx.ops.read(lambda s: register.get_incoming(s, doc_id))
        self.detail = detail
        self.plan = actions.allowed_actions(detail, self.ctx.principal)
        self.heading.setText(heading_text(detail))
        self.summary.setHtml(summary_html(detail))
        self.circulations.set_rows(detail.circulations, editable=not self.plan.frozen_reason)
        for page in self.pages.values():
            page.set_detail(detail)
        self._show_actions(self.plan)

    def _show_actions(self, plan: actions.ActionPlan | None) -> None:
        while self._bar.count():
            self._bar.takeAt(0)
        shown = plan.actions if plan else ()
        for i, key in enumerate(shown):
            self._bar.addWidget(self.buttons[key], i // _COLUMNS, i % _COLUMNS)
        for key, button in self.buttons.items():
            button.setVisible(key in shown)
            button.setStyleSheet(_NEXT_STYLE if plan and key == plan.next else "")
        self.notice.setText(f"该文{plan.frozen_reason}，不能再办理。" if plan and plan.frozen_reason else "")
        current = self.stack.currentWidget()
        keep = isinstance(current, ActionPage) and current.key in shown and current.dirty
        if not keep:
            first = plan.next if plan and plan.next else (shown[0] if shown else None)
            self._show_page(first)
        self._set_tab_order()

    def _show_page(self, key: str | None) -> None:
        if key is None:
            self.stack.setCurrentWidget(self._no_action)
            return
        page = self.pages[key]
        self.stack.setCurrentWidget(page)
        for k, p in self.pages.items():
            p.submit.setStyleSheet(_NEXT_STYLE if self.plan and k == self.plan.next else "")

    def _set_tab_order(self) -> None:
        """Top to bottom as on screen: the 收回 buttons, the action buttons, the open page."""
        chain: list[QWidget] = list(self.circulations.buttons)
        chain += [self.buttons[k] for k in (self.plan.actions if self.plan else ())]
        page = self.stack.currentWidget()
        if isinstance(page, ActionPage):
            chain += [f.widget for f in page.fields] + [page.submit]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    # --- keyboard -----------------------------------------------------------------------

    def choose(self, key: str) -> None:
        """Open the page of an action on offer and put the cursor in its first field."""
        if not self.plan or key not in self.plan.actions:
            return
        self._show_page(key)
        self._set_tab_order()
        self.pages[key].first_widget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_next(self) -> None:
        """Focus the usual next action's first field (Enter on a register row lands here)."""
        if self.plan and self.plan.next:
            self.choose(self.plan.next)
        elif self.plan and self.plan.actions:
            self.buttons[self.plan.actions[0]].setFocus()
        else:
            self.setFocus()

    # --- actions ----------------------------------------------------------------------

    def _run(self, key: str, add_to_directory: bool) -> None:
        doc_id, detail, page = self.doc_id, self.detail, self.pages[key]
        if doc_id is None or detail is None or not self.plan or key not in self.plan.actions:
            return
        question = actions.skip_question(detail, key)
        if question and (doc_id, key) not in self._confirmed:
            if not Messages.confirm(self, question):
                return
            self._confirmed.add((doc_id, key))
        page.clear_errors()
        actor = self.ctx.actor
        result = self.ctx.ops.run(lambda s: page.call(s, doc_id, actor, add_to_directory), page.changes,
                                  parent=self, on_error=page.show_error)
        if result.ok:
            self._after_change(doc_id, page)
            if key == actions.REPLY and isinstance(result.value, int):  # on to the new draft, in 发文
                self.ctx.bus.show_record.emit("outgoing", result.value)
            if key == actions.SUPERVISE and isinstance(result.value, int):  # on to the new item, in 督办
                self.ctx.bus.show_record.emit("supervision", result.value)

    def _return_circulation(self, circulation_id: int) -> None:
        doc_id = self.doc_id
        if doc_id is None:
            return
        self.error.clear()
        actor = self.ctx.actor
        result = self.ctx.ops.run(lambda s: workflow.return_circulation(s, circulation_id, None, actor), {INCOMING},
                                  parent=self, on_error=lambda e: self.error.setText(e.message))
        if result.ok:
            self._after_change(doc_id, None)

    def _after_change(self, doc_id: int, page: ActionPage | None) -> None:
        if page is not None:
            page.reset()
        if self.doc_id == doc_id:  # the bus may already have shown the new state
            self.set_document(doc_id)
        self.changed.emit(doc_id)
        self.focus_next()


def heading_text(d: IncomingDetail) -> str:
    """The number and where the document waits, with its marks: the register column's words."""
    return f"{d.number}　环节：{with_marks(d.step, d.marks)}"


def summary_html(d: IncomingDetail) -> str:
    """What has been recorded, for reading (传阅 has its own list with 收回 buttons)."""
    e = html.escape
    parts = [f"<b>{e(d.title)}</b>"]
    if d.reviewed_at:
        parts.append(f"初审：{e(d.reviewed_by)} {d.reviewed_at:%Y-%m-%d %H:%M}")
    if d.proposal:
        parts.append(f"拟办意见：{e(d.proposal)}")
    for i in d.instructions:
        parts.append(f"批示：{e(i.text)} —— {e(i.leader)}（{i.instructed_on}）")
    if d.assignments:
        parts.append("承办科室：" + "、".join(e(a.department) + ("（主办）" if a.is_lead else "") for a in d.assignments))
    for a in d.assignments:
        if a.opinion:
            parts.append(f"{e(a.department)}意见：{e(a.opinion)}")
    for r in d.reminders:
        parts.append(f"催办：{r.reminded_at:%Y-%m-%d %H:%M} {e(r.method)} {e(r.note)}")
    if d.result:
        parts.append(f"办理结果：{e(d.result)}（{d.completed_on or '已撤销办结'}）")
    if d.archived_on:
        parts.append(f"归档：卷号 {e(d.archive_volume)} 件号 {e(d.archive_item)}（{d.archived_on}）")
    for ref in d.supervision_items:
        parts.append(f"督办：{e(ref.number)} {e(ref.title)}")
    for ref in d.replies:
        parts.append(f"复文：{e(ref.number or '未编号')} {e(ref.title)}")
    if d.cancel_reason:
        parts.append(f"<span style='color:#999'>已作废：{e(d.cancel_reason)}</span>")
    return "<br>".join(parts)
