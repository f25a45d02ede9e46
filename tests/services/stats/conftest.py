"""A small office whose every figure is counted by hand in the tests (today: 2026-11-20).

收文 (id: received, sender, 文种, 密级, 时限, 办结, stored 环节):
  A1 10-08 09:00 省卫健委 通知 公开 时限10-16 办结10-14   5 working days (9,10 调休,12,13,14), in time
  A2 09-30 10:00 省卫健委 通知 公开 时限10-08 办结10-09   2 working days (10-1..7 国庆), late
  A3 10-12       省卫健委 函   内部 —         办结10-19   5 working days
  A4 10-13       市卫健委 通知 公开 时限10-30 open 承办中   overdue today
  A5 10-15       市卫健委 请示 公开 —         open 待初审
  A6 10-20       省卫健委 通知 秘密 —         办结10-30   8 working days
  A7 10-21       省医保局 通知 公开 作废
  A8 10-31 23:00 省卫健委 通知 公开 时限11-03 办结11-02   1 working day
  B1 09-10       省卫健委 通知 公开 时限09-20 办结09-15   3 working days (11,14,15)
  B2 09-21       市卫健委 函   公开 —         open 承办中
  C1 2025-10-15  省卫健委 通知 公开 open;  C2 2025-11-03 省卫健委 通知 公开 open
发文 (签发): D1 2026-10-09, D2 2026-10-20, D3 2026-10-22 作废, D4 2026-09-03, D5 2025-10-10, D6 draft.
督办 (主办, 交办, 时限, 办结), all 2026, numbered 1–6 in this order:
  S1 医务部 09-01 10-10 10-09 | S2 医务部 10-05 10-20 10-25 | S3 医务部 10-12 10-28 open
  S4 护理部 10-01 11-30 open  | S5 护理部 08-01 09-15 11-05 | S6 财务部 09-10 09-20 09-18
"""
from __future__ import annotations

import datetime as dt

import pytest

from db.models import (
    Department,
    DutyAssignment,
    DutyEligibility,
    DutyRole,
    DutyShift,
    IncomingDocument,
    OutgoingDocument,
    Staff,
    SupervisionItem,
)

TODAY = dt.date(2026, 11, 20)
ALL = ("公开", "内部", "秘密", "机密", "绝密")
CLERK = ("公开", "内部")

D = dt.date
T = dt.datetime
SHENG, SHI, YIBAO = "湖南省卫生健康委员会", "长沙市卫生健康委员会", "湖南省医疗保障局"

INCOMING = [  # received, sender, type, secrecy, deadline, completed, step, cancelled
    (T(2026, 10, 8, 9), SHENG, "通知", "公开", D(2026, 10, 16), D(2026, 10, 14), "待归档", False),
    (T(2026, 9, 30, 10), SHENG, "通知", "公开", D(2026, 10, 8), D(2026, 10, 9), "待归档", False),
    (T(2026, 10, 12, 9), SHENG, "函", "内部", None, D(2026, 10, 19), "待归档", False),
    (T(2026, 10, 13, 9), SHI, "通知", "公开", D(2026, 10, 30), None, "承办中", False),
    (T(2026, 10, 15, 9), SHI, "请示", "公开", None, None, "待初审", False),
    (T(2026, 10, 20, 9), SHENG, "通知", "秘密", None, D(2026, 10, 30), "待归档", False),
    (T(2026, 10, 21, 9), YIBAO, "通知", "公开", None, None, "已作废", True),
    (T(2026, 10, 31, 23), SHENG, "通知", "公开", D(2026, 11, 3), D(2026, 11, 2), "待归档", False),
    (T(2026, 9, 10, 9), SHENG, "通知", "公开", D(2026, 9, 20), D(2026, 9, 15), "待归档", False),
    (T(2026, 9, 21, 9), SHI, "函", "公开", None, None, "承办中", False),
    (T(2025, 10, 15, 9), SHENG, "通知", "公开", None, None, "承办中", False),
    (T(2025, 11, 3, 9), SHENG, "通知", "公开", None, None, "承办中", False),
]
OUTGOING = [(D(2026, 10, 9), False), (D(2026, 10, 20), False), (D(2026, 10, 22), True),
            (D(2026, 9, 3), False), (D(2025, 10, 10), False), (None, False)]
SUPERVISION = [
    ("医务部", D(2026, 9, 1), D(2026, 10, 10), D(2026, 10, 9)),
    ("医务部", D(2026, 10, 5), D(2026, 10, 20), D(2026, 10, 25)),
    ("医务部", D(2026, 10, 12), D(2026, 10, 28), None),
    ("护理部", D(2026, 10, 1), D(2026, 11, 30), None),
    ("护理部", D(2026, 8, 1), D(2026, 9, 15), D(2026, 11, 5)),
    ("财务部", D(2026, 9, 10), D(2026, 9, 20), D(2026, 9, 18)),
]


def fill(session) -> None:
    for k, (at, sender, typ, secrecy, deadline, done, step, cancelled) in enumerate(INCOMING, start=1):
        session.add(IncomingDocument(
            year=at.year, seq=k, received_at=at, sender=sender, title=f"测试收文{k}", doc_type=typ,
            secrecy=secrecy, deadline=deadline, completed_on=done, step=step,
            cancelled_at=T(2026, 10, 22, 9) if cancelled else None))
    for k, (signed, cancelled) in enumerate(OUTGOING, start=1):
        session.add(OutgoingDocument(
            code="院发", year=signed.year if signed else None, seq=k if signed else None, title=f"测试发文{k}",
            signed_on=signed, cancelled_at=T(2026, 10, 23, 9) if cancelled else None,
            step="已签发" if signed else "待核稿"))
    for k, (dept, assigned, deadline, closed) in enumerate(SUPERVISION, start=1):
        session.add(SupervisionItem(year=2026, seq=k, task=f"督办事项{k}", lead_department=dept,
                                    assigned_on=assigned, deadline=deadline, due_on=deadline, closed_on=closed))


@pytest.fixture
def office(store):
    with store.write() as session:
        fill(session)
    return store


DUTIES = [  # person, role, day, shift
    ("乙", 2, D(2026, 10, 1), 3), ("乙", 2, D(2026, 10, 9), 2), ("乙", 2, D(2026, 10, 31), 4),
    ("乙", 2, D(2025, 11, 1), 3), ("乙", 2, D(2025, 10, 31), 2),
    ("丙", 2, D(2026, 10, 8), 1), ("丙", 2, D(2026, 10, 10), 2), ("丙", 2, D(2026, 6, 1), 1),
    ("丁", 2, D(2026, 5, 1), 3),
    ("戊", 2, D(2026, 7, 1), 2),
    ("甲", 1, D(2026, 10, 1), 3), ("甲", 1, D(2026, 10, 9), 2),
]


def fill_roster(s) -> None:
    """The roster of tests/services/stats/test_duty_load.py (counted by hand there)."""
    s.add_all([DutyRole(id=1, name="带班领导", sort_order=1), DutyRole(id=2, name="总值班", sort_order=2)])
    s.add_all([DutyShift(id=1, name="午班", day_kind="workday", start="12:00", end="14:00"),
               DutyShift(id=2, name="夜班", day_kind="workday", start="18:00", end="08:00", overnight=True,
                         night=True),
               DutyShift(id=3, name="白班", day_kind="restday", start="08:00", end="18:00"),
               DutyShift(id=4, name="夜班", day_kind="restday", start="18:00", end="08:00", overnight=True,
                         night=True)])
    depts = {n: Department(name=n) for n in ("医务部", "护理部", "财务部")}
    s.add_all(depts.values())
    people = {n: Staff(name=n, department=depts[d]) for n, d in
              (("甲", "医务部"), ("乙", "护理部"), ("丙", "财务部"), ("丁", "医务部"), ("戊", "护理部"))}
    s.add_all(people.values())
    s.flush()
    s.add(DutyEligibility(role_id=1, staff_id=people["甲"].id))
    for n in ("乙", "丙", "丁"):
        s.add(DutyEligibility(role_id=2, staff_id=people[n].id))
    s.add(DutyEligibility(role_id=2, staff_id=people["戊"].id, start=D(2026, 1, 1), end=D(2026, 8, 31)))
    for name, role, day, shift in DUTIES:
        s.add(DutyAssignment(day=day, shift_id=shift, role_id=role, staff_id=people[name].id))
