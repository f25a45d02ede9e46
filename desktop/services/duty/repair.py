"""Local search after the greedy fill: moves and swaps that bring each category's spread
to 1 where the hard constraints allow (see generate's docstring).

Each step strictly lowers the sum of squares of the category's counts and leaves the
categories balanced before it unchanged, so the search ends; LIMIT is a safety net.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .model import BALANCED, CATEGORIES, NIGHT, Problem, Slot

if TYPE_CHECKING:
    from .generate import FillState

LIMIT = 2000  # steps per role and category
NIGHT_INDEX = BALANCED.index(NIGHT)  # the night count's place in FillState.count


def considered(problem: Problem, role: int) -> list[int]:
    """The role's people whose counts are compared: eligible on some day of the period."""
    days = sorted({s.day for s in problem.slots if s.role_id == role}
                  | {s.day for s, _p in problem.fixed if s.cell in problem.locked and s.role_id == role})
    if not days:
        return []
    pool = problem.pools[role]
    return sorted(p for p in pool.members if any(pool.eligible(p, d) for d in days))


def repair(state: FillState, problem: Problem) -> None:
    for role in sorted(problem.pools):
        people = considered(problem, role)
        for index, category in enumerate(CATEGORIES):
            for _step in range(LIMIT):
                if not _improve(state, role, index, category, people):
                    break
        for _step in range(LIMIT):
            if not _improve_nights(state, role, people):
                break


def _cells(state: FillState, role: int, person: int, category: str) -> list[Slot]:
    return [state.slot_of[c] for c, p in sorted(state.holder.items())
            if p == person and c[2] == role and state.slot_of[c].category == category]


def _improve(state: FillState, role: int, index: int, category: str, people: Sequence[int]) -> bool:
    count = {p: state.count[(role, p)][index] for p in people}
    if not count or max(count.values()) - min(count.values()) <= 1:
        return False
    lower = CATEGORIES[index + 1] if index + 1 < len(CATEGORIES) else None
    highs = sorted(people, key=lambda p: (-count[p], p))
    lows = sorted(people, key=lambda p: (count[p], p))
    for high in highs:
        for low in lows:
            if count[high] - count[low] < 2:
                break
            if _move(state, role, category, high, low):
                return True
            if lower is not None and _swap(state, role, category, lower, high, low):
                return True
            if _chain(state, role, category, high, low, people):
                return True
    return False


def _move(state: FillState, role: int, category: str, high: int, low: int) -> bool:
    for slot in _cells(state, role, high, category):
        state.release(slot)
        if state.feasible(slot, low):
            state.assign(slot, low)
            return True
        state.assign(slot, high)
    return False


def _swap(state: FillState, role: int, category: str, lower: str, high: int, low: int) -> bool:
    """``high`` gives a ``category`` cell to ``low`` and takes one of ``low``'s ``lower`` cells."""
    theirs = _cells(state, role, low, lower)
    for mine in _cells(state, role, high, category):
        for other in theirs:
            state.release(mine)
            state.release(other)
            if state.feasible(mine, low) and state.feasible(other, high):
                state.assign(mine, low)
                state.assign(other, high)
                return True
            state.assign(mine, high)
            state.assign(other, low)
    return False


def _chain(state: FillState, role: int, category: str, high: int, low: int, people: Sequence[int]) -> bool:
    """``high``'s cell goes to a third person, who hands one of theirs to ``low``: for when
    the days themselves keep ``low`` from ``high``'s cells (nights, one a day)."""
    for mine in _cells(state, role, high, category):
        for mid in people:
            if mid in (high, low):
                continue
            state.release(mine)
            if state.feasible(mine, mid):
                state.assign(mine, mid)
                for theirs in _cells(state, role, mid, category):
                    if theirs.cell == mine.cell:
                        continue
                    state.release(theirs)
                    if state.feasible(theirs, low):
                        state.assign(theirs, low)
                        return True
                    state.assign(theirs, mid)
                state.release(mine)
            state.assign(mine, high)
    return False


def _improve_nights(state: FillState, role: int, people: Sequence[int]) -> bool:
    """One exchange of a night for a day cell of the same nested category between a person
    with the most nights and one with the fewest: festival, rest and total counts stay."""
    count = {p: state.count[(role, p)][NIGHT_INDEX] for p in people}
    if not count or max(count.values()) - min(count.values()) <= 1:
        return False
    highs = sorted(people, key=lambda p: (-count[p], p))
    lows = sorted(people, key=lambda p: (count[p], p))
    for high in highs:
        for low in lows:
            if count[high] - count[low] < 2:
                break
            if _trade_night(state, role, high, low):
                return True
    return False


def _trade_night(state: FillState, role: int, high: int, low: int) -> bool:
    mine = [s for s in _held(state, role, high) if s.night]
    theirs = [s for s in _held(state, role, low) if not s.night]
    for night in mine:
        for day in theirs:
            if day.category != night.category:
                continue
            state.release(night)
            state.release(day)
            if state.feasible(night, low) and state.feasible(day, high):
                state.assign(night, low)
                state.assign(day, high)
                return True
            state.assign(night, high)
            state.assign(day, low)
    return False


def _held(state: FillState, role: int, person: int) -> list[Slot]:
    return [state.slot_of[c] for c, p in sorted(state.holder.items()) if p == person and c[2] == role]
