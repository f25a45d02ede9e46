"""What may be done to a 发文 now, by whom: the 发文 办理 panel's rule.

The stage (services.outgoing.steps) decides which step comes next; the signed-in
user's role decides which of those they may take (the same permissions
records.record_event checks: 签发 needs "instruct", 作废 "cancel", the rest "edit").
An action offered here does not fail for the document's stage; a typed value may
still be refused. Correcting the draft's text is the form's job, not an action.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.services.outgoing import steps
from desktop.services.records import ACTION_PERMISSIONS

if TYPE_CHECKING:
    from desktop.services.roles import Principal

REVIEW = "review"  # 核稿
COUNTERSIGN = "countersign"  # 会签
SIGN_OFF = "sign_off"  # 签发 (and the 发文字号)
RECHECK = "recheck"  # 复核
PRINT = "print"  # 印制
DISPATCH = "dispatch"  # 核发
ARCHIVE = "archive"  # 归档
SEND_BACK = "send_back"  # 退回修改
CANCEL = "cancel"  # 作废

LABELS = {
    REVIEW: "核稿", COUNTERSIGN: "会签", SIGN_OFF: "签发", RECHECK: "复核", PRINT: "印制",
    DISPATCH: "核发", ARCHIVE: "归档", SEND_BACK: "退回修改", CANCEL: "作废",
}

# The step each stage waits for: offered first.
NEXT_BY_STAGE = {
    steps.AWAIT_REVIEW: REVIEW,
    steps.AWAIT_COUNTERSIGN: COUNTERSIGN,
    steps.AWAIT_SIGN_OFF: SIGN_OFF,
    steps.AWAIT_RECHECK: RECHECK,
    steps.AWAIT_PRINT: PRINT,
    steps.AWAIT_DISPATCH: DISPATCH,
    steps.AWAIT_ARCHIVE: ARCHIVE,
}
# workflow.send_back refuses a draft nobody has reviewed yet and anything dispatched
_RETURNABLE = (steps.AWAIT_COUNTERSIGN, steps.AWAIT_SIGN_OFF, steps.AWAIT_RECHECK, steps.AWAIT_PRINT,
               steps.AWAIT_DISPATCH)
# numbering.cancel_number refuses a dispatched document: it went out, a new one must recall it
_CANCELLABLE = steps.OPEN_STEPS


def permission(action: str) -> str:
    """The permission (services.roles) an action needs: as the audit hook checks it."""
    return ACTION_PERMISSIONS.get(LABELS[action], "edit")


@dataclass(frozen=True)
class ActionPlan:
    stage: str
    marks: tuple[str, ...]
    actions: tuple[str, ...]  # the usual next first, then 退回修改, then 作废
    next: str | None  # the step the stage waits for, if this user may take it
    frozen_reason: str = ""  # "已归档" / "已作废": why nothing is offered


def allowed_actions(stage: str, marks: tuple[str, ...] = (), who: Principal | None = None) -> ActionPlan:
    """What ``who`` may do to a document at ``stage`` (None: the program, every action)."""
    if stage in steps.FROZEN_STEPS:
        return ActionPlan(stage, (), (), None, frozen_reason=stage)
    possible = [NEXT_BY_STAGE[stage]] if stage in NEXT_BY_STAGE else []
    if stage in _RETURNABLE:
        possible.append(SEND_BACK)
    if stage in _CANCELLABLE:
        possible.append(CANCEL)
    if who is not None:
        possible = [a for a in possible if who.may(permission(a))]
    nxt = NEXT_BY_STAGE.get(stage)
    return ActionPlan(stage, tuple(marks), tuple(possible), nxt if nxt in possible else None)
