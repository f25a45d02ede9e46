"""The 督办 办理 panel: where the item stands (status, deadlines, progress, parts) and ONLY
the actions its stage and the user's role allow (detail.plan, services.supervision.actions),
the usual next one first and open. Typing belongs to the item on screen: another item
empties every page."""
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

from desktop.services.supervision import actions
from desktop.services.supervision import status as st
from desktop.ui.action_page import ActionPage
from desktop.ui.directory_edit import DirectoryEdit
from desktop.ui.ops import AppContext
from desktop.ui.supervision.pages import BUTTONS, NO_PAGE, Page, build_pages

if TYPE_CHECKING:
    from desktop.services.supervision.detail import SupervisionDetail
    from desktop.services.supervision.people import Choices

_NEXT_STYLE = "QPushButton { font-weight: bold; color: white; background: #2f6fb5; padding: 3px 10px; }"
_COLUMNS = 4


class SupervisionProcess(QWidget):
    leave = Signal()  # Esc: back to the register
    edit_requested = Signal()  # 修改: the 事项 form
    print_requested = Signal(str)  # actions.PRINT_NOTICE / PRINT_REMINDER
    files_requested = Signal()  # 添加附件… on 进展 / 办结
    open_record = Signal(str, int)  # a link in the summary

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item_id: int | None = None
        self.detail: SupervisionDetail | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.summary.setMaximumHeight(150)
        self.summary.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes to the actions
        self.summary.anchorClicked.connect(self._link)
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #777;")
        self.notice.setWordWrap(True)
        self.people = {key: DirectoryEdit(several=key == "departments") for key in ("reporter", "reminder",
                                                                                    "departments")}
        self.pages: dict[str, Page] = build_pages(self.people["reporter"], self.people["reminder"],
                                                  self.people["departments"])
        self.stack = QStackedWidget()
        self._none = QWidget()
        self.stack.addWidget(self._none)
        for key, page in self.pages.items():
            self.stack.addWidget(page)
            page.submitted.connect(lambda _add, k=key: self._run(k))
            if page.files_button is not None:
                page.files_button.clicked.connect(self.files_requested)
        self.buttons: dict[str, QPushButton] = {}
        for key, text in BUTTONS.items():
            button = QPushButton(text, self)
            button.hide()
            button.setAutoDefault(True)
            button.clicked.connect(lambda _=False, k=key: self.choose(k))
            self.buttons[key] = button
        self._bar = QGridLayout()
        self._bar.setSpacing(4)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        for w in (self.heading, self.summary, self.notice):
            lay.addWidget(w)
        lay.addLayout(self._bar)
        lay.addWidget(self.stack, 1)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.leave.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.set_item(None)

    def set_choices(self, choices: Choices) -> None:
        self.people["reporter"].set_names(choices.everyone)
        self.people["reminder"].set_names(choices.everyone)
        self.people["departments"].set_names(choices.departments)

    @property
    def dirty(self) -> bool:
        return any(p.dirty for p in self.pages.values())

    @property
    def plan(self) -> actions.ActionPlan | None:
        return self.detail.plan if self.detail is not None else None

    def set_item(self, item_id: int | None, detail: SupervisionDetail | None = None) -> None:
        if item_id != self.item_id:
            for page in self.pages.values():
                page.reset()
        self.item_id, self.detail = item_id, detail if item_id is not None else None
        if self.detail is None:
            self.heading.setText("未选择")
            self.summary.setHtml("<p style='color:#777'>在登记簿中选择一项督办后，在此办理。</p>")
            self._show_actions()
            self.setEnabled(False)
            return
        self.setEnabled(True)
        d = self.detail
        self.heading.setText(f"{d.number}　{'·'.join((d.status, *d.marks))}")
        self.summary.setHtml(summary_html(d))
        for page in self.pages.values():
            page.set_detail(d)
        self._show_actions()

    def _show_actions(self) -> None:
        while self._bar.count():
            self._bar.takeAt(0)
        plan = self.plan
        shown = plan.actions if plan else ()
        for i, key in enumerate(shown):
            self._bar.addWidget(self.buttons[key], i // _COLUMNS, i % _COLUMNS)
        for key, button in self.buttons.items():
            button.setVisible(key in shown)
            button.setStyleSheet(_NEXT_STYLE if plan and key == plan.next else "")
        if self.detail is not None and self.detail.stage == st.CANCELLED:
            self.notice.setText(f"该事项已撤销（{self.detail.cancel_reason}），不能再办理。")
        elif plan is not None and not [k for k in shown if k not in NO_PAGE]:
            self.notice.setText("该事项当前没有您可以办理的操作。")
        else:
            self.notice.clear()
        current = self.stack.currentWidget()
        if not (isinstance(current, ActionPage) and current.key in shown and current.dirty):
            first = next((k for k in shown if k not in NO_PAGE), None)
            first = plan.next if plan and plan.next and plan.next not in NO_PAGE else first
            self.stack.setCurrentWidget(self.pages[first] if first else self._none)
        self._tab_order()

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.buttons[k] for k in (self.plan.actions if self.plan else ())]
        page = self.stack.currentWidget()
        if isinstance(page, Page):
            chain += [f.widget for f in page.fields] + [page.submit]
            if page.files_button is not None:
                chain.append(page.files_button)
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def shown_actions(self) -> list[str]:
        """The labels of the action buttons on screen, in order (what the user can do now)."""
        return [actions.LABELS[k] for k in (self.plan.actions if self.plan else ()) if self.buttons[k].isVisibleTo(self)]

    def choose(self, key: str) -> None:
        if not self.plan or key not in self.plan.actions:
            return
        if key == actions.EDIT:
            self.edit_requested.emit()
            return
        if key in (actions.PRINT_NOTICE, actions.PRINT_REMINDER):
            self.print_requested.emit(key)
            return
        self.stack.setCurrentWidget(self.pages[key])
        self._tab_order()
        self.pages[key].first_widget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_next(self) -> None:
        if self.plan and self.plan.next:
            self.choose(self.plan.next)
        elif self.plan and self.plan.actions:
            self.buttons[self.plan.actions[0]].setFocus()

    def _run(self, key: str) -> None:
        item_id, page = self.item_id, self.pages[key]
        if item_id is None or not self.plan or key not in self.plan.actions:
            return
        page.clear_errors()
        actor = self.ctx.actor
        result = self.ctx.ops.run(lambda s: page.call(s, item_id, actor, False), page.changes,
                                  parent=self, on_error=page.show_error)
        if result.ok:
            page.reset()  # the bus has already reloaded the panel with the new state
            self.focus_next()

    def _link(self, url) -> None:  # QUrl
        kind, _, ident = url.toString().partition(":")
        if ident.isdigit():
            self.open_record.emit(kind, int(ident))


def summary_html(d: SupervisionDetail) -> str:
    """What the director reads first: the task, who, by when (the original and the
    effective deadline), how late, how far along, and what was decided."""
    e = html.escape
    parts = [f"<b>{e(d.task)}</b>"]
    who = f"主办：{e(d.lead_department)}" + (f"（{e(d.responsible)}）" if d.responsible else "")
    if d.assisting_departments:
        who += f"　协办：{e(d.assisting_departments)}"
    parts.append(f"{e(d.assigned_by)} {d.assigned_on} 交办　{who}")
    if d.due_on is None:
        parts.append("办理时限：不设时限")
    elif d.deadline != d.due_on:
        parts.append(f"办理时限：{d.due_on}（经批准延期；原时限 {d.deadline}）")
    else:
        parts.append(f"办理时限：{d.due_on}" + (f"（{d.deadline_workdays} 个工作日）" if d.deadline_workdays else ""))
    if d.status == st.OVERDUE:
        parts.append(f"<span style='color:#c0392b'><b>已逾期 {d.days_overdue} 天</b></span>")
    elif d.stage == st.CLOSED_LATE:
        parts.append(f"<span style='color:#c0392b'>逾期 {d.days_overdue} 天办结</span>")
    if d.reports:
        last = d.reports[-1]
        parts.append(f"最近进展：{last.reported_on} 完成 {d.percent}%：{e(last.text)}")
    pending = [x for x in d.extensions if not x.decision]
    for x in pending:
        parts.append(f"<span style='color:#a05a00'>待审批延期：{x.requested_on} 申请延至 {x.new_deadline}："
                     f"{e(x.reason)}</span>")
    if d.return_reason:
        parts.append(f"<span style='color:#a05a00'>审结退回：{e(d.return_reason)}</span>")
    if d.closed_on:
        parts.append(f"办结：{d.closed_on}　{e(d.result)}" + (f"（佐证：{e(d.evidence)}）" if d.evidence else ""))
    if d.accepted_at:
        parts.append(f"审结：{e(d.accepted_by)} {d.accepted_at:%Y-%m-%d}")
    if d.evaluation:
        parts.append(f"评价：{e(d.evaluation)}" + (f"（{e(d.evaluation_note)}）" if d.evaluation_note else ""))
    for p in d.parts:
        parts.append(f"分项 <a href='supervision:{p.id}'>{e(p.number)}</a> {e(p.department)} "
                     f"{e(p.responsible)}　时限 {p.due_on or '—'}　{e(p.status)}")
    if d.parent_id:
        parts.append(f"属总项 <a href='supervision:{d.parent_id}'>{e(d.parent_number)}</a>")
    return "<br>".join(parts)



def links_html(d: SupervisionDetail) -> str:
    """Where the item came from and how it is split, as links (click: open it)."""
    e = html.escape
    parts = []
    if d.source_incoming_id is not None:
        parts.append(f"来源收文：<a href='incoming:{d.source_incoming_id}'>{e(d.source_incoming_number)}</a> "
                     f"{e(d.source_incoming_title)}")
    if d.parent_id is not None:
        parts.append(f"分项，属总项 <a href='supervision:{d.parent_id}'>{e(d.parent_number)}</a>")
    if d.parts:
        items = "；".join(f"<a href='supervision:{p.id}'>{e(p.number)}</a> {e(p.department)}（{e(p.status)}）"
                         for p in d.parts)
        parts.append(f"已分解为 {len(d.parts)} 个分项：{items}")
    return "<br>".join(parts)
