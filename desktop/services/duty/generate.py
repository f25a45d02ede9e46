"""Drawing up the roster: ``generate_roster`` fills the open cells of a period. Pure: no
database, no clock; the same Problem always gives the same Roster.

The algorithm is a greedy fill with fairness keys, then a local search of moves and
swaps. We chose it over a constraint solver (OR-Tools CP-SAT is the field's standard)
because CP-SAT adds ~100+ MB of native wheels to a desktop installer for a problem this
size (a month: ~120 cells, ~70 people), while the greedy + repair meets the targets in
milliseconds and can explain, in the office's words, why a count is uneven.

Hard constraints (never broken; a cell nobody can take stays empty and is reported):
eligibility for the role on that day, unavailability, one shift per person per day
(across roles), no night shift on two days in a row, locked and context cells kept.

Fairness, within each role, over the rolling window (history + this period), in four
categories balanced in turn: 春节/国庆 shifts, rest-day/holiday shifts, all shifts, and
night shifts (without the last, the same people kept drawing the same kind of shift).

1. Greedy: the cells are filled category by category (春节/国庆 first, then rest days,
   then workdays), each category in date order; a cell goes to the feasible person with
   the lowest count in the cell's category, then the lowest total, then the fewest
   nights for a night cell (the most for a day cell), then the longest gap
   since (or until) their nearest duty, then the lowest id (deterministic).
2. Repair: while a category's spread (max − min) exceeds 1, a cell of that category
   moves from a person at the maximum to one at the minimum, choosing cells whose move
   does not disturb a category already balanced (a rest-day cell for the rest-day count
   that is not a 春节/国庆 one …); failing that, two people swap such a cell for a
   cell of a lower category, which leaves their totals equal; failing that, a chain: the
   cell goes to a third person who hands one of theirs of that category to the lowest.
   Nights last: a person with the most nights exchanges a night for a day cell of the
   same nested category with one of the fewest, so no other count moves.
3. Spreads are reported per role and category; where one stays above 1 the report says
   which constraint forced it (Spread.reasons).
"""
from __future__ import annotations

import datetime as dt

from .explain import spreads
from .model import CATEGORIES, Cell, Counts, Problem, Roster, Slot
from .repair import repair

MAX_GAP = 62  # days: beyond this a gap is "long enough" and ties fall to the id

class FillState:
    """Who holds what: per person the days on duty and the nights, per role the counts."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.days: dict[int, set[dt.date]] = {}
        self.nights: dict[int, set[dt.date]] = {}
        self.count: dict[tuple[int, int], list[int]] = {}
        for role, pool in problem.pools.items():
            for person in pool.members:
                h = problem.history.get((role, person), Counts())
                self.count[(role, person)] = [h.festival, h.rest, h.total, h.night]
        for person, days in problem.history_days.items():
            self.days.setdefault(person, set()).update(days)
        self.holder: dict[Cell, int] = {}
        self.slot_of: dict[Cell, Slot] = {}
        for slot, person in problem.fixed:
            self._occupy(slot, person, counted=slot.cell in problem.locked)

    def _occupy(self, slot: Slot, person: int, counted: bool = True) -> None:
        self.days.setdefault(person, set()).add(slot.day)
        if slot.night:
            self.nights.setdefault(person, set()).add(slot.day)
        if counted:
            self._add(slot, person, 1)

    def _add(self, slot: Slot, person: int, sign: int) -> None:
        c = self.count.setdefault((slot.role_id, person), [0, 0, 0, 0])
        c[2] += sign
        if slot.night:
            c[3] += sign
        if slot.rest or slot.festival:
            c[1] += sign
        if slot.festival:
            c[0] += sign

    def assign(self, slot: Slot, person: int) -> None:
        self.holder[slot.cell] = person
        self.slot_of[slot.cell] = slot
        self._occupy(slot, person)

    def release(self, slot: Slot) -> int:
        person = self.holder.pop(slot.cell)
        self.days[person].discard(slot.day)
        if slot.night:
            self.nights[person].discard(slot.day)
        self._add(slot, person, -1)
        return person

    def feasible(self, slot: Slot, person: int) -> bool:
        if not self.p.pools[slot.role_id].eligible(person, slot.day):
            return False
        if slot.day in self.days.get(person, ()):
            return False
        if slot.night:
            nights = self.nights.get(person, ())
            if slot.day - _DAY in nights or slot.day + _DAY in nights:
                return False
        return not any(a <= slot.day <= b for a, b, _r in self.p.unavailable.get(person, ()))

    def gap(self, person: int, day: dt.date) -> int:
        days = self.days.get(person)
        if not days:
            return MAX_GAP
        return min(MAX_GAP, min(abs((d - day).days) for d in days))

    def key(self, slot: Slot, person: int) -> tuple[int, int, int, int, int]:
        c = self.count[(slot.role_id, person)]
        own = c[CATEGORIES.index(slot.category)]
        return (own, c[2], c[3] if slot.night else -c[3], -self.gap(person, slot.day), person)


_DAY = dt.timedelta(days=1)


def generate_roster(problem: Problem) -> Roster:
    """Fill ``problem.slots``; see the module docstring."""
    state = FillState(problem)
    order = sorted(problem.slots, key=lambda s: (CATEGORIES.index(s.category), s.day, s.shift_id, s.role_id))
    empty: list[Slot] = []
    for slot in order:
        people = [p for p in problem.pools[slot.role_id].members if state.feasible(slot, p)]
        if not people:
            empty.append(slot)
            continue
        state.assign(slot, _best(state, slot, people))
    repair(state, problem)
    empty = [slot for slot in empty if not _fill_late(state, slot)]
    counts = {k: Counts(total=v[2], rest=v[1], festival=v[0], night=v[3]) for k, v in state.count.items()}
    return Roster(cells=dict(state.holder), empty=sorted(empty, key=lambda s: s.cell), counts=counts,
                  spreads=spreads(problem, counts, empty))


def _fill_late(state: FillState, slot: Slot) -> bool:
    """A cell left empty by the greedy pass may have found a taker after the repair."""
    people = [p for p in state.p.pools[slot.role_id].members if state.feasible(slot, p)]
    if people:
        state.assign(slot, _best(state, slot, people))
    return bool(people)


def _best(state: FillState, slot: Slot, people: list[int]) -> int:
    return min(people, key=lambda p: state.key(slot, p))
