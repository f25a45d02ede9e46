"""What may be done to a 督办事项 now, by whom, and what is usually done next: the rule
the tab's action panel follows (it shows only these, the usual next one first).

Roles (services.roles): 主任 does everything; 文书 registers and keeps the log (立项,
修改, 进展, 催办, 申请延期, 办结, 分解); only the 主任 approves (批准/驳回延期, 审结,
退回, 评价) and 撤销; 领导 and 只读 read and print.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.services.supervision import status as st

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.services.users import Principal

CREATE = "create"  # 立项
EDIT = "edit"  # 修改
REPORT = "report"  # 进展
REMIND = "remind"  # 催办
REQUEST_EXTENSION = "request_extension"  # 申请延期
APPROVE_EXTENSION = "approve_extension"  # 批准延期
REFUSE_EXTENSION = "refuse_extension"  # 驳回延期
CLOSE = "close"  # 办结
ACCEPT = "accept"  # 审结通过
SEND_BACK = "send_back"  # 审结退回
EVALUATE = "evaluate"  # 评价
SPLIT = "split"  # 分解
CANCEL = "cancel"  # 撤销
PRINT_NOTICE = "print_notice"  # 督办通知单
PRINT_REMINDER = "print_reminder"  # 催办单

LABELS = {
    CREATE: "立项", EDIT: "修改", REPORT: "进展", REMIND: "催办", REQUEST_EXTENSION: "申请延期",
    APPROVE_EXTENSION: "批准延期", REFUSE_EXTENSION: "驳回延期", CLOSE: "办结", ACCEPT: "审结",
    SEND_BACK: "退回", EVALUATE: "评价", SPLIT: "分解", CANCEL: "撤销", PRINT_NOTICE: "打印通知单",
    PRINT_REMINDER: "打印催办单",
}
# the action's name in a refusal (“没有‘撤销督办’的权限”)
PERMISSION_TEXT = {**LABELS, CREATE: "立项督办", EDIT: "修改督办事项", ACCEPT: "审结督办", SEND_BACK: "退回督办",
                   EVALUATE: "评价督办", CANCEL: "撤销督办", SPLIT: "分解督办"}

# the order of the work, when no action is the usual next one
ORDER = (REPORT, REMIND, REQUEST_EXTENSION, APPROVE_EXTENSION, REFUSE_EXTENSION, CLOSE, ACCEPT, SEND_BACK,
         EVALUATE, EDIT, SPLIT, PRINT_NOTICE, PRINT_REMINDER, CANCEL)

# the permission each action needs (services.roles.PERMISSIONS); the rest need "edit"
PERMISSION = {APPROVE_EXTENSION: "approve", REFUSE_EXTENSION: "approve", ACCEPT: "approve", SEND_BACK: "approve",
              EVALUATE: "approve", CANCEL: "cancel", PRINT_NOTICE: "read", PRINT_REMINDER: "read"}

_NEXT = {st.OVERDUE: REMIND, st.DUE_SOON: REMIND, st.OPEN: REPORT, st.AWAIT_REVIEW: ACCEPT}


@dataclass(frozen=True)
class ItemFacts:
    """What the rule needs to know of an item (the detail carries it)."""

    status: str  # one of status.STATUSES
    due_on: dt.date | None
    has_parts: bool  # split into sub-items
    is_part: bool  # a sub-item itself
    pending_extension: bool
    evaluation: str


@dataclass(frozen=True)
class ActionPlan:
    status: str
    actions: tuple[str, ...]  # the usual next first, then in the order of the work
    next: str | None


def _possible(f: ItemFacts, today: dt.date) -> set[str]:
    if f.status == st.CANCELLED:
        return set()
    if f.status == st.AWAIT_REVIEW:
        return {ACCEPT, SEND_BACK, PRINT_NOTICE}
    if f.status in st.CLOSED_STAGES:
        return {PRINT_NOTICE, EVALUATE}  # an evaluation can be corrected (the 主任 only)
    possible = {EDIT, REPORT, REMIND, CANCEL, PRINT_NOTICE, PRINT_REMINDER}
    if f.pending_extension:
        possible |= {APPROVE_EXTENSION, REFUSE_EXTENSION}
    elif f.due_on is not None and today <= f.due_on and not f.has_parts:
        possible.add(REQUEST_EXTENSION)  # asked before the deadline, never after
    if not f.has_parts and not f.pending_extension:
        possible.add(CLOSE)  # a split item closes when its parts are accepted
    if not f.is_part:
        possible.add(SPLIT)
    return possible


def allowed_actions(facts: ItemFacts, today: dt.date, who: Principal | None = None) -> ActionPlan:
    """The status and what ``who`` may do now (None: the program itself, everything)."""
    possible = _possible(facts, today)
    if who is not None:
        possible = {a for a in possible if who.may(PERMISSION.get(a, "edit"))}
    nxt = EVALUATE if facts.status in st.CLOSED_STAGES and not facts.evaluation else _NEXT.get(facts.status)
    if facts.pending_extension and APPROVE_EXTENSION in possible:
        nxt = APPROVE_EXTENSION
    if nxt not in possible:
        nxt = None
    first: tuple[str, ...] = (nxt,) if nxt else ()
    if nxt == APPROVE_EXTENSION and REFUSE_EXTENSION in possible:
        first += (REFUSE_EXTENSION,)  # the decision's two answers side by side
    ordered = tuple(a for a in ORDER if a in possible and a not in first)
    return ActionPlan(facts.status, first + ordered, nxt)


def require_action(session: Session, action: str) -> None:
    """The role check, refused in this register's words: a 文书 who tries 撤销 is told it is
    “撤销督办” she may not do (the shared permission is named for 发文's 作废编号)."""
    from desktop.services.users import PermissionDenied, principal_of

    who = principal_of(session)
    if not who.may(PERMISSION.get(action, "edit")):
        raise PermissionDenied(f"{who.name}（{who.role}）没有“{PERMISSION_TEXT[action]}”的权限。")


def may_create(who: Principal | None) -> bool:
    return who is None or who.may(PERMISSION.get(CREATE, "edit"))
