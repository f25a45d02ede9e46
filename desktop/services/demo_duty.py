"""The demo hospital's 值班: pools from the directory, leave, rosters for 2026 up to
December, a few swaps and log entries (called by services.demo after the directory is in).

Pools: 带班领导 are the 院领导 and the heads (主任) of the first functional departments,
about 12; 总值班 are the cadres of the functional departments, 60. The demo directory has
fewer functional cadres (36), so the missing ones are added to it first as 科员/干事 of the
functional departments (a real hospital's 总值班 pool is that size). Everything goes
through the services, so the history logs it as any office's work would be.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Department, Staff
from desktop.services import demo_words, reference
from desktop.services.duty import edit, log, plan, setup
from desktop.services.duty.period import month_bounds

LEADER_HEADS = 6  # functional department heads who also lead shifts
MAX_CADRES = 60
LEAVE_REASONS = ("休假", "外出培训", "出差", "病假")
EVENTS = (
    ("急诊科报告一名车祸伤员需多科会诊", "协调普外科、骨科会诊，已处置", "带班领导"),
    ("住院部三楼停电约十分钟", "通知总务科电工检修，已恢复供电", "带班领导"),
    ("患者家属在门诊大厅情绪激动", "会同保卫科劝解，已平息", "带班领导"),
    ("上级卫健委电话通知明日检查", "已记录并报告院办主任", "院办主任"),
    ("夜间接收两名转院危重患者", "协调ICU床位，已安置", "带班领导"),
)


def fill(session: Session, end: dt.date, seed: int = 7) -> int:
    """Pools, leave and rosters for January–December of ``end``'s year; how many people were
    added to the directory (for the demo's summary)."""
    rng = random.Random(seed)
    setup.ensure_defaults(session)
    roles = {r.name: r.id for r in setup.roles(session)}
    year_start = dt.date(end.year, 1, 1)
    leaders, heads, cadres = _directory(session)
    added = max(0, MAX_CADRES - len(cadres))
    if added:
        _add_cadres(session, rng, added)
        leaders, heads, cadres = _directory(session)
    for sid in [*leaders, *heads[:LEADER_HEADS]]:
        setup.add_to_pool(session, roles["带班领导"], sid, year_start)
    pool = cadres[:MAX_CADRES]
    for sid in pool:  # the last two join in July: their history is shorter (plan.history)
        setup.add_to_pool(session, roles["总值班"], sid, dt.date(end.year, 7, 1) if sid in pool[-2:] else year_start)
    for sid in rng.sample(cadres[:MAX_CADRES], 8):
        first = year_start + dt.timedelta(days=rng.randrange(330))
        setup.add_unavailability(session, sid, first, first + dt.timedelta(days=rng.randrange(3, 15)),
                                 rng.choice(LEAVE_REASONS))
    for month in range(1, 13):
        plan.regenerate(session, *month_bounds(end.year, month))
    _swaps_and_log(session, rng, roles, end)
    return added


def _directory(session: Session) -> tuple[list[int], list[int], list[int]]:
    rows = session.execute(select(Staff.id, Staff.title, Department.kind).join(Department)
                           .where(Staff.active).order_by(Department.sort_order, Staff.id)).all()
    leaders = [i for i, _t, kind in rows if kind == "院领导"]
    heads = [i for i, title, kind in rows if kind == "职能" and title == "主任"]
    cadres = [i for i, title, kind in rows if kind == "职能" and title != "主任"] + heads[LEADER_HEADS:]
    return leaders, heads, cadres


def _add_cadres(session: Session, rng: random.Random, count: int) -> None:
    """``count`` more 科员/干事, spread over the functional departments, with new names."""
    used = set(session.scalars(select(Staff.name)))
    departments = list(session.scalars(select(Department.name).where(Department.kind == "职能")
                                       .order_by(Department.sort_order, Department.id)))
    for i in range(count):
        while True:
            given = rng.choice(demo_words.GIVEN) + (rng.choice(demo_words.GIVEN) if rng.random() < 0.7 else "")
            name = rng.choice(demo_words.SURNAMES) + given
            if name not in used:
                used.add(name)
                break
        phone = rng.choice(("138", "139", "150", "186", "187")) + f"{rng.randrange(10**8):08d}"
        reference.save_staff(session, reference.StaffRow(
            name=name, department=departments[i % len(departments)], title=rng.choice(("科员", "干事")),
            phone=phone))


def _swaps_and_log(session: Session, rng: random.Random, roles: dict[str, int], end: dt.date) -> None:
    from desktop.services.duty.grid import month_grid

    g = month_grid(session, end.year, end.month)
    role = roles["总值班"]
    cells = [(d.day, c.shift_id) for d in g.days for c in d.cells if c.role_id == role and d.day > end]
    done = 0
    for first, second in zip(cells[::7], cells[3::7], strict=False):
        if done == 3:
            break
        try:
            edit.swap(session, role, first, second, rng.choice(("家中有事", "外出开会", "身体不适")), "院办主任")
            done += 1
        except edit.ConflictError:
            continue  # the pair would break a rule: the office would not approve it either
    nights = [(d.day, c.shift_id) for d in g.days for c in d.cells
              if c.shift == "夜班" and c.role_id == role and d.day <= end]
    for day, shift in nights[-6:]:
        event, action, reported = rng.choice(EVENTS)
        log.add_entry(session, day, shift, event, action, reported, "",
                      dt.datetime.combine(day, dt.time(rng.randrange(19, 24), rng.randrange(60))))
