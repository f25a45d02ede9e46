"""generate_roster on random pools, periods, leave and locked cells (hypothesis).

The checks below are written from the rules, not from the generator: every hard
constraint holds, locked cells are kept, an empty cell had nobody who could take it,
the counts are balanced to a spread of 1 when nothing binds, and the answer is
deterministic.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.services.duty.generate import generate_roster
from desktop.services.duty.model import Pool, Problem, Slot
from desktop.services.duty.period import DEFAULT_SHIFT_DEFS, slots

ROLES = (1, 2)
BASE = dt.date(2026, 1, 1)  # 2026 has 元旦, 春节, 国庆 and make-up days in the package


@st.composite
def problems(draw: st.DrawFn, *, binding: bool = True) -> Problem:
    """``binding`` False: nothing binds the fairness, i.e. no leave, no locked cells, no one
    joining or leaving, and each pool at least 3 times a day's cells of its role (2), so the
    one-a-day and night rules always leave a choice."""
    start = BASE + dt.timedelta(days=draw(st.integers(0, 330)))
    end = start + dt.timedelta(days=draw(st.integers(6, 34)))
    people = list(range(1, draw(st.integers(3 if binding else 12, 24)) + 1))
    split = draw(st.integers(2 if binding else 6, len(people) - (1 if binding else 6)))
    leaders, cadres = people[:split], people[split - (draw(st.integers(0, 2)) if binding else 0):]
    members: dict[int, dict[int, tuple[dt.date | None, dt.date | None]]] = {1: {}, 2: {}}
    for role, group in ((1, leaders), (2, cadres)):
        for p in group:
            a = b = None
            if binding and draw(st.booleans()):
                a = start + dt.timedelta(days=draw(st.integers(-5, 20)))
            if binding and draw(st.booleans()):
                b = end - dt.timedelta(days=draw(st.integers(-5, 20)))
            members[role][p] = (a, b)
    unavailable: dict[int, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    if binding:
        for p in draw(st.lists(st.sampled_from(people), max_size=6)):
            a = start + dt.timedelta(days=draw(st.integers(-3, 30)))
            unavailable[p].append((a, a + dt.timedelta(days=draw(st.integers(0, 10))), "休假"))
    cells = slots(start, end, DEFAULT_SHIFT_DEFS, ROLES)
    fixed: list[tuple[Slot, int]] = []
    if binding:
        taken: set[tuple[int, dt.date]] = set()
        for i in draw(st.lists(st.integers(0, len(cells) - 1), max_size=8, unique=True)):
            slot = cells[i]
            p = draw(st.sampled_from(sorted(members[slot.role_id])))
            if (p, slot.day) not in taken and not slot.night:  # a locked day shift: never a night clash
                taken.add((p, slot.day))
                fixed.append((slot, p))
    locked = frozenset(s.cell for s, _p in fixed)
    return Problem(slots=[s for s in cells if s.cell not in locked],
                   pools={r: Pool(r, m) for r, m in members.items()},
                   unavailable=dict(unavailable), fixed=fixed, locked=locked)


def _eligible(problem: Problem, slot: Slot, person: int) -> bool:
    a, b = problem.pools[slot.role_id].members.get(person, (dt.date.max, dt.date.min))
    return (a is None or a <= slot.day) and (b is None or slot.day <= b)


def _away(problem: Problem, person: int, day: dt.date) -> bool:
    return any(a <= day <= b for a, b, _r in problem.unavailable.get(person, ()))


def _could_take(problem: Problem, slot: Slot, person: int, held: dict[tuple, int],
                by_cell: dict[tuple, Slot]) -> bool:
    if not _eligible(problem, slot, person) or _away(problem, person, slot.day):
        return False
    for cell, p in held.items():
        other = by_cell[cell]
        if p != person:
            continue
        if other.day == slot.day:
            return False
        if slot.night and other.night and abs((other.day - slot.day).days) == 1:
            return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_hard_constraints_never_broken(problem: Problem) -> None:
    roster = generate_roster(problem)
    by_cell = {s.cell: s for s in problem.slots} | {s.cell: s for s, _p in problem.fixed}
    held = {s.cell: p for s, p in problem.fixed} | roster.cells
    assert not set(roster.cells) & problem.locked  # locked cells are not re-filled
    assert set(roster.cells) | {s.cell for s in roster.empty} == {s.cell for s in problem.slots}
    per_day: dict[tuple[int, dt.date], int] = defaultdict(int)
    nights: set[tuple[int, dt.date]] = set()
    for cell, person in roster.cells.items():
        slot = by_cell[cell]
        assert _eligible(problem, slot, person), (slot, person)
        assert not _away(problem, person, slot.day), (slot, person)
    for cell, person in held.items():
        slot = by_cell[cell]
        per_day[(person, slot.day)] += 1
        if slot.night:
            nights.add((person, slot.day))
    assert max(per_day.values(), default=0) <= 1
    assert not any((p, d + dt.timedelta(days=1)) in nights for p, d in nights)
    for slot in roster.empty:  # nobody could have taken it
        people = problem.pools[slot.role_id].members
        assert not any(_could_take(problem, slot, p, held, by_cell) for p in people)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(binding=False))
def test_spread_at_most_one_when_nothing_binds(problem: Problem) -> None:
    roster = generate_roster(problem)
    assert roster.empty == []
    for spread in roster.spreads:
        assert spread.spread <= 1, spread
        assert spread.reasons == ()
    # counted by hand from the cells, not from the generator's own counts
    by_cell = {s.cell: s for s in problem.slots}
    for role in ROLES:
        people = problem.pools[role].members
        totals = {p: 0 for p in people}
        rest = {p: 0 for p in people}
        nights = {p: 0 for p in people}
        for cell, p in roster.cells.items():
            if cell[2] == role:
                totals[p] += 1
                rest[p] += by_cell[cell].rest
                nights[p] += by_cell[cell].night
        assert max(totals.values()) - min(totals.values()) <= 1
        assert max(rest.values()) - min(rest.values()) <= 1
        assert max(nights.values()) - min(nights.values()) <= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(binding=False))
def test_night_count_is_reported_and_balanced(problem: Problem) -> None:
    roster = generate_roster(problem)
    night_lines = [s for s in roster.spreads if s.category == "night"]
    assert sorted(s.role_id for s in night_lines) == [1, 2]  # one line per role
    assert all(s.spread <= 1 for s in night_lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_deterministic(problem: Problem) -> None:
    first = generate_roster(problem)
    shuffled = Problem(slots=list(reversed(problem.slots)),
                       pools={r: Pool(r, dict(reversed(list(p.members.items()))))
                              for r, p in reversed(list(problem.pools.items()))},
                       unavailable=problem.unavailable, fixed=problem.fixed, locked=problem.locked)
    assert generate_roster(shuffled).cells == first.cells
    assert generate_roster(problem) == first
