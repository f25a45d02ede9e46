"""The 发文 办理 panel's rule: per stage and role, exactly these actions (the next step first)."""
from __future__ import annotations

import pytest

from desktop.services.outgoing.actions import LABELS, allowed_actions
from desktop.services.users import Principal

DIRECTOR = Principal("周主任", "主任", "机密")
SECRETARY = Principal("李文书", "文书", "内部")
LEADER = Principal("张院长", "领导", "机密")
READER = Principal("赵查阅", "只读", "公开")


def labels(stage: str, who: Principal | None) -> list[str]:
    return [LABELS[a] for a in allowed_actions(stage, (), who).actions]


@pytest.mark.parametrize(("stage", "director", "secretary", "leader"), [
    ("待核稿", ["核稿", "作废"], ["核稿"], []),
    ("待会签", ["会签", "退回修改", "作废"], ["会签", "退回修改"], []),
    ("待签发", ["签发", "退回修改", "作废"], ["签发", "退回修改"], ["签发"]),
    ("待复核", ["复核", "退回修改", "作废"], ["复核", "退回修改"], []),
    ("待印制", ["印制", "退回修改", "作废"], ["印制", "退回修改"], []),
    ("待核发", ["核发", "退回修改", "作废"], ["核发", "退回修改"], []),
    ("待归档", ["归档"], ["归档"], []),
    ("已归档", [], [], []),
    ("已作废", [], [], []),
])
def test_actions_per_stage_and_role(stage, director, secretary, leader):
    assert labels(stage, DIRECTOR) == director
    assert labels(stage, SECRETARY) == secretary
    assert labels(stage, LEADER) == leader
    assert labels(stage, READER) == []


def test_the_step_a_stage_waits_for_is_the_next_one_only_for_who_may_take_it():
    assert allowed_actions("待签发", (), LEADER).next == "sign_off"
    assert allowed_actions("待核稿", (), LEADER).next is None
    assert allowed_actions("待归档", (), SECRETARY).next == "archive"


def test_frozen_documents_say_why_nothing_is_offered():
    plan = allowed_actions("已作废", (), DIRECTOR)
    assert (plan.actions, plan.next, plan.frozen_reason) == ((), None, "已作废")
    assert allowed_actions("已归档", (), None).frozen_reason == "已归档"


def test_marks_are_kept_for_the_heading():
    assert allowed_actions("待核稿", ("已退回",), SECRETARY).marks == ("已退回",)
