"""Generation against the database: the facts of a period read into a Problem, the answer
written back (open cells replaced, locked ones kept), a report with the spreads."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, false
from sqlalchemy.orm import Session

from db.models import DutyAssignment
from desktop.services import workcal
from desktop.services.users import require

from .cells import Held, all_shifts, held_between
from .generate import generate_roster
from .model import BALANCED, CATEGORY_NAMES, Counts, Pool, Problem, Roster, Slot
from .period import days, slots
from .setup import ensure_defaults, people, pools, roles, shifts, unavailability

WINDOW_DAYS = 365  # the rolling window of earlier duties that fairness counts
GAP_DAYS = 62  # earlier duties looked at for the gaps between a person's duties


@dataclass(frozen=True)
class SpreadLine:
    role: str
    category: str
    low: int
    high: int
    reasons: tuple[str, ...]

    @property
    def spread(self) -> int:
        return self.high - self.low

    def __str__(self) -> str:
        why = f"（{'；'.join(self.reasons)}）" if self.reasons else ""
        return f"{self.role} {self.category}：最少 {self.low}，最多 {self.high}，差 {self.spread}{why}"


@dataclass(frozen=True)
class GenerationReport:
    start: dt.date
    end: dt.date
    filled: int
    kept: int
    empty: tuple[str, ...]  # "1月3日 夜班 总值班"
    spreads: tuple[SpreadLine, ...]
    uncovered: bool  # the calendar does not know part of the period

    def lines(self) -> list[str]:
        out = [f"{self.start.isoformat()} 至 {self.end.isoformat()}：排班 {self.filled} 个，保留锁定 {self.kept} 个"]
        if self.uncovered:
            out.append("注意：该期间的节假日安排尚未录入，按普通周末排班。")
        out += [f"无人可排：{e}" for e in self.empty]
        out += [str(s) for s in self.spreads]
        return out


def _counts(held: list[Held]) -> tuple[dict[tuple[int, int], Counts], dict[int, list[dt.date]]]:
    raw: dict[tuple[int, int], list[int]] = {}
    seen: dict[int, list[dt.date]] = {}
    for h in held:
        c = raw.setdefault((h.slot.role_id, h.staff_id), [0, 0, 0, 0])
        c[0] += h.slot.festival
        c[1] += h.slot.rest or h.slot.festival
        c[2] += 1
        c[3] += h.slot.night
        seen.setdefault(h.staff_id, []).append(h.slot.day)
    return {k: Counts(total=v[2], rest=v[1], festival=v[0], night=v[3]) for k, v in raw.items()}, seen


def history(session: Session, start: dt.date, members: dict[int, dict[int, tuple]]) -> dict[tuple[int, int], Counts]:
    """Counts in the rolling window before ``start``; a newcomer starts at the pool's lowest
    counts, so joining does not mean being put on every shift until caught up."""
    window = start - dt.timedelta(days=WINDOW_DAYS)
    counts, _seen = _counts(held_between(session, window, start - dt.timedelta(days=1)))
    out = dict(counts)
    for role, group in members.items():
        veterans = [p for p, (a, _b) in group.items() if a is None or a <= window]
        for p, (a, _b) in group.items():
            if a is not None and a > window and veterans:
                floor = [min(counts.get((role, v), Counts()).get(c) for v in veterans) for c in BALANCED]
                own = counts.get((role, p), Counts())
                out[(role, p)] = Counts(festival=max(own.festival, floor[0]), rest=max(own.rest, floor[1]),
                                        total=max(own.total, floor[2]), night=max(own.night, floor[3]))
    return out


def build_problem(session: Session, start: dt.date, end: dt.date, *, lock_existing: bool = False) -> Problem:
    role_ids = [r.id for r in roles(session)]
    members = {r: m for r, m in pools(session).items() if r in role_ids}
    shift_defs = all_shifts(session)
    inside = [h for h in held_between(session, start, end, shift_defs) if h.slot.role_id in role_ids]
    kept = [h for h in inside if h.locked or lock_existing]
    near = held_between(session, start - dt.timedelta(days=1), start - dt.timedelta(days=1), shift_defs) + \
        held_between(session, end + dt.timedelta(days=1), end + dt.timedelta(days=1), shift_defs)
    locked = frozenset(h.slot.cell for h in kept)
    open_slots = [s for s in slots(start, end, shifts(session), role_ids) if s.cell not in locked]
    _c, seen = _counts(held_between(session, start - dt.timedelta(days=GAP_DAYS), start - dt.timedelta(days=1),
                                    shift_defs))
    ids = {p for m in members.values() for p in m}
    return Problem(slots=open_slots, pools={r: Pool(r, members.get(r, {})) for r in role_ids},
                   unavailable=unavailability(session, start - dt.timedelta(days=1), end + dt.timedelta(days=1)),
                   fixed=[(h.slot, h.staff_id) for h in kept + near], locked=locked,
                   history=history(session, start, members), history_days=seen,
                   names={i: p.name for i, p in people(session, ids).items()})


def regenerate(session: Session, start: dt.date, end: dt.date, *, lock_existing: bool = False) -> GenerationReport:
    """Draw up ``start``…``end`` again: locked cells stay, the rest is replaced."""
    require(session, "edit")
    ensure_defaults(session)
    problem = build_problem(session, start, end, lock_existing=lock_existing)
    roster = generate_roster(problem)
    session.execute(delete(DutyAssignment).where(DutyAssignment.day.between(start, end),
                                                 DutyAssignment.role_id.in_(list(problem.pools)),
                                                 DutyAssignment.locked.is_(False) if not lock_existing else false())
                    .execution_options(synchronize_session="fetch"))
    for (day, shift_id, role_id), person in sorted(roster.cells.items()):
        session.add(DutyAssignment(day=day, shift_id=shift_id, role_id=role_id, staff_id=person))
    session.flush()
    return _report(session, start, end, problem, roster)


def _report(session: Session, start: dt.date, end: dt.date, problem: Problem, roster: Roster) -> GenerationReport:
    role_names = {r.id: r.name for r in roles(session)}
    shift_names = {s.id: s.name for s in all_shifts(session).values()}

    def where(s: Slot) -> str:
        return f"{s.day.month}月{s.day.day}日 {shift_names[s.shift_id]} {role_names[s.role_id]}"

    return GenerationReport(
        start, end, len(roster.cells), len(problem.locked), tuple(where(s) for s in roster.empty),
        tuple(SpreadLine(role_names[s.role_id], CATEGORY_NAMES[s.category], s.low, s.high, s.reasons)
              for s in roster.spreads),
        uncovered=not all(workcal.is_covered(d) for d in days(start, end)))
