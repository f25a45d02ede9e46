"""What may be done to a 收文 now, and what is usually done next: the 办理 panel's rule.

The panel shows only these actions, the usual next one first; an action offered here
does not fail for the document's stage (a typed value may still be refused). An
action that jumps over steps not yet taken (交办 before 批示) is offered, since offices
do skip steps, but with a question naming what is skipped (``skipped``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.services.incoming import steps

if TYPE_CHECKING:
    from desktop.services.incoming.register import IncomingDetail
    from desktop.services.users import Principal

REVIEW = "review"  # 初审
PROPOSE = "propose"  # 拟办
INSTRUCT = "instruct"  # 批示
ASSIGN = "assign"  # 交办 (承办科室)
OPINION = "opinion"  # 承办科室意见
CIRCULATE = "circulate"  # 传阅
REMIND = "remind"  # 催办
COMPLETE = "complete"  # 办结
REOPEN = "reopen"  # 撤销办结
ARCHIVE = "archive"  # 归档
SUPERVISE = "supervise"  # 据批示立督办
REPLY = "reply"  # 拟复文
CANCEL = "cancel"  # 作废

# The display order when no action is the usual next one: the order of the work.
ORDER = (REVIEW, PROPOSE, INSTRUCT, ASSIGN, OPINION, CIRCULATE, REMIND, COMPLETE, ARCHIVE,
         REOPEN, SUPERVISE, REPLY, CANCEL)

LABELS = {
    REVIEW: "初审", PROPOSE: "拟办", INSTRUCT: "批示", ASSIGN: "交办", OPINION: "承办意见",
    CIRCULATE: "传阅", REMIND: "催办", COMPLETE: "办结", REOPEN: "撤销办结", ARCHIVE: "归档",
    SUPERVISE: "立督办", REPLY: "拟复文", CANCEL: "作废",
}

NEXT_BY_STAGE = {
    steps.AWAIT_REVIEW: REVIEW,
    steps.AWAIT_PROPOSAL: PROPOSE,
    steps.AWAIT_INSTRUCTION: INSTRUCT,
    steps.AWAIT_ASSIGNMENT: ASSIGN,
    steps.IN_HAND: COMPLETE,
    steps.AWAIT_ARCHIVE: ARCHIVE,
}

# The steps of the work in order; an action at step k skips every earlier step not taken.
_SEQUENCE = (REVIEW, PROPOSE, INSTRUCT, ASSIGN, COMPLETE, ARCHIVE)


@dataclass(frozen=True)
class ActionPlan:
    stage: str
    marks: tuple[str, ...]
    actions: tuple[str, ...]  # the usual next first, then in the order of the work
    next: str | None  # the usual next action, or None (nothing left, or frozen)
    frozen_reason: str = ""  # "已归档" / "已作废": why nothing is offered


def _done(detail: IncomingDetail) -> dict[str, bool]:
    return {
        REVIEW: detail.reviewed_at is not None,
        PROPOSE: bool(detail.proposal.strip()),
        INSTRUCT: bool(detail.instructions),
        ASSIGN: bool(detail.assignments),
        COMPLETE: detail.completed_on is not None,
        ARCHIVE: detail.archived_on is not None,
    }


def skipped_steps(detail: IncomingDetail, action: str) -> list[str]:
    """The labels of earlier steps not taken that ``action`` would jump over (a 阅知件
    needs no 交办 before 办结 or 归档)."""
    if action not in _SEQUENCE:
        return []
    done = _done(detail)
    before = _SEQUENCE[:_SEQUENCE.index(action)]
    return [LABELS[a] for a in before
            if not done[a] and not (a == ASSIGN and detail.for_reading_only) and a != COMPLETE]


def skip_question(detail: IncomingDetail, action: str) -> str | None:
    """The question to ask once before an action that skips steps, or None."""
    missing = skipped_steps(detail, action)
    if not missing:
        return None
    return f"该文尚未{'、'.join(missing)}，确定直接{LABELS[action]}？"


def _possible(detail: IncomingDetail) -> set[str]:
    completed = detail.completed_on is not None
    possible = {CIRCULATE, REPLY, CANCEL}
    if detail.reviewed_at is None and not completed:
        possible.add(REVIEW)
    if not completed:
        possible |= {PROPOSE, INSTRUCT, ASSIGN}
        if detail.assignments or detail.for_reading_only:
            possible.add(COMPLETE)
        if detail.assignments:
            possible |= {OPINION, REMIND}
    if completed or detail.for_reading_only:
        possible.add(ARCHIVE)
    if completed:
        possible.add(REOPEN)
    if detail.instructions:
        possible.add(SUPERVISE)
    return possible


# The permission (services.users) each action needs; the rest need "edit".
PERMISSION = {INSTRUCT: "instruct", CANCEL: "cancel"}


def allowed_actions(detail: IncomingDetail, who: Principal | None = None) -> ActionPlan:
    """The stage, its marks, and what ``who`` may do now (the usual next one first).

    ``who`` None: the program itself (every action the stage allows)."""
    stage = detail.step
    if stage in steps.FROZEN_STEPS:
        return ActionPlan(stage, (), (), None, frozen_reason=stage)
    possible = _possible(detail)
    if who is not None:
        possible = {a for a in possible if who.may(PERMISSION.get(a, "edit"))}
    nxt = NEXT_BY_STAGE.get(stage)
    if nxt not in possible:
        nxt = None
    ordered = [a for a in ORDER if a in possible and a != nxt]
    return ActionPlan(stage, tuple(detail.marks), tuple([nxt] if nxt else []) + tuple(ordered), nxt)
