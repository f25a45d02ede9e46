"""The 发文 办理 panel: where the document waits and ONLY what its stage and the user's
role allow (services.outgoing.actions). Typing belongs to the document on screen:
another document empties every page."""
from __future__ import annotations

import html
import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.services.outgoing import actions, register
from desktop.ui.action_page import ActionPage
from desktop.ui.directory_edit import DirectoryEdit
from desktop.ui.ops import AppContext
from desktop.ui.outgoing.pages import BUTTONS, SignOffPage, build_pages

if TYPE_CHECKING:
    from desktop.services.outgoing.query import DirectoryChoices
    from desktop.services.outgoing.register import OutgoingDetail

_NEXT_STYLE = "QPushButton { font-weight: bold; color: white; background: #2f6fb5; padding: 3px 10px; }"
_COLUMNS = 3


class OutgoingProcess(QWidget):
    leave = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id: int | None = None
        self.detail: OutgoingDetail | None = None
        self.plan: actions.ActionPlan | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #777;")
        self.notice.setWordWrap(True)
        self.reviewer = DirectoryEdit()
        self.pages = build_pages(self.reviewer)
        self.stack = QStackedWidget()
        self._none = QWidget()
        self.stack.addWidget(self._none)
        self.buttons: dict[str, QPushButton] = {}
        for key, page in self.pages.items():
            self.stack.addWidget(page)
            page.submitted.connect(lambda _add, k=key: self._run(k))
            button = QPushButton(BUTTONS[key], self)
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
        self.set_document(None)

    def set_choices(self, choices: DirectoryChoices) -> None:
        self.reviewer.set_names(choices.staff)
        page = self.pages[actions.SIGN_OFF]
        assert isinstance(page, SignOffPage)
        page.choices = choices
        if self.detail is not None:
            page.set_detail(self.detail)

    @property
    def dirty(self) -> bool:
        return any(p.dirty for p in self.pages.values())

    def set_document(self, doc_id: int | None, detail: OutgoingDetail | None = None) -> None:
        if doc_id != self.doc_id:
            for page in self.pages.values():
                page.reset()
        self.doc_id = doc_id
        if doc_id is None:
            self.detail = self.plan = None
            self.heading.setText("未选择")
            self.summary.setText("<span style='color:#777'>在登记簿中选择一份发文后，在此办理。</span>")
            self._show_actions(None)
            self.setEnabled(False)
            return
        self.setEnabled(True)
        if detail is None:
            detail = self.ctx.ops.read(lambda s: register.get_detail(s, doc_id))
        self.detail = detail
        self.plan = actions.allowed_actions(detail.step, detail.marks, self.ctx.principal)
        marks = "·".join((detail.step, *detail.marks))
        self.heading.setText(f"{detail.number or '（未编号）'}　环节：{marks}")
        self.summary.setText(summary_html(detail))
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
        if plan and plan.frozen_reason:
            self.notice.setText(f"该文{plan.frozen_reason}，不能再办理。")
        elif plan is not None and not shown:
            self.notice.setText("该环节没有您可以办理的操作。")
        else:
            self.notice.clear()
        current = self.stack.currentWidget()
        if not (isinstance(current, ActionPage) and current.key in shown and current.dirty):
            first = plan.next if plan and plan.next else (shown[0] if shown else None)
            self.stack.setCurrentWidget(self.pages[first] if first else self._none)
        self._tab_order()

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.buttons[k] for k in (self.plan.actions if self.plan else ())]
        page = self.stack.currentWidget()
        if isinstance(page, ActionPage):
            chain += [f.widget for f in page.fields] + [page.submit]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def shown_actions(self) -> list[str]:
        """The labels of the action buttons on screen, in order (what the user can do)."""
        return [actions.LABELS[k] for k in (self.plan.actions if self.plan else ()) if self.buttons[k].isVisibleTo(self)]

    def choose(self, key: str) -> None:
        if not self.plan or key not in self.plan.actions:
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
        doc_id, page = self.doc_id, self.pages[key]
        if doc_id is None or not self.plan or key not in self.plan.actions:
            return
        page.clear_errors()
        actor = self.ctx.actor
        result = self.ctx.ops.run(lambda s: page.call(s, doc_id, actor, False), page.changes,
                                  parent=self, on_error=page.show_error)
        if result.ok:
            page.reset()
            if self.doc_id == doc_id:
                self.set_document(doc_id)
            self.focus_next()


def summary_html(d: OutgoingDetail) -> str:
    """What has been recorded so far, one line per step."""
    e = html.escape
    parts = [f"<b>{e(d.title)}</b>（{e(d.doc_type)}）"]
    if d.reviewed_at:
        parts.append(f"核稿：{e(d.reviewer)} {d.reviewed_at:%Y-%m-%d %H:%M}")
    if d.countersigned_at:
        parts.append(f"会签：{e(d.countersign_departments)} {d.countersigned_at:%Y-%m-%d}")
    if d.signed_on:
        parts.append(f"签发：{e(d.signed_by)} {d.signed_on}，{e(d.number)}")
    if d.rechecked_at:
        parts.append(f"复核：{e(d.rechecked_by)} {d.rechecked_at:%Y-%m-%d}")
    if d.printed_at:
        parts.append(f"印制：{d.printed_at:%Y-%m-%d}" + (f" {d.copies} 份" if d.copies else ""))
    if d.dispatched_at:
        parts.append(f"核发：{d.issued_on or ''} 印发" + (f" {d.copies} 份" if d.copies else ""))
    if d.archived_on:
        parts.append(f"归档：卷号 {e(d.archive_volume)} 件号 {e(d.archive_item)}（{d.archived_on}）")
    if d.return_reason and not d.reviewed_at:
        parts.append(f"<span style='color:#a05a00'>已退回修改：{e(d.return_reason)}</span>")
    if d.cancel_reason:
        parts.append(f"<span style='color:#999'>已作废：{e(d.cancel_reason)}</span>")
    return "<br>".join(parts)
