"""The roster problem and its answer as plain data (services.duty.generate fills it)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

FESTIVAL, REST, TOTAL, NIGHT = "festival", "rest", "total", "night"
# The nested categories a cell belongs to (a 春节 shift is a rest-day shift is a shift) …
CATEGORIES = (FESTIVAL, REST, TOTAL)
# … and every count balanced: nights cut across them (a workday or a rest-day night), so
# they are balanced last, by exchanges that leave the nested counts as they are.
BALANCED = (*CATEGORIES, NIGHT)
CATEGORY_NAMES = {FESTIVAL: "春节/国庆", REST: "休息日/节假日", TOTAL: "全部班次", NIGHT: "夜班"}

Cell = tuple[dt.date, int, int]  # (day, shift id, role id)


@dataclass(frozen=True)
class Slot:
    """A cell of the roster and what kind of duty it is."""

    day: dt.date
    shift_id: int
    role_id: int
    night: bool = False
    rest: bool = False  # a rest day or a public holiday
    festival: bool = False  # 春节 or 国庆

    @property
    def cell(self) -> Cell:
        return (self.day, self.shift_id, self.role_id)

    @property
    def category(self) -> str:
        return FESTIVAL if self.festival else REST if self.rest else TOTAL


@dataclass(frozen=True)
class Counts:
    total: int = 0
    rest: int = 0
    festival: int = 0
    night: int = 0

    def get(self, category: str) -> int:
        return {TOTAL: self.total, REST: self.rest, FESTIVAL: self.festival, NIGHT: self.night}[category]


@dataclass(frozen=True)
class Pool:
    """A role's eligible people: person id -> (first day, last day), None = open."""

    role_id: int
    members: Mapping[int, tuple[dt.date | None, dt.date | None]]

    def eligible(self, person: int, day: dt.date) -> bool:
        span = self.members.get(person)
        if span is None:
            return False
        return (span[0] is None or span[0] <= day) and (span[1] is None or day <= span[1])


@dataclass(frozen=True)
class Problem:
    slots: Sequence[Slot]  # the cells to fill (open ones)
    pools: Mapping[int, Pool]  # role id -> pool
    unavailable: Mapping[int, Sequence[tuple[dt.date, dt.date, str]]] = field(default_factory=dict)
    # cells already held that bind the fill: locked cells of the period (they count too)
    # and the neighbouring days' cells (for the night and one-a-day rules)
    fixed: Sequence[tuple[Slot, int]] = ()
    locked: frozenset[Cell] = frozenset()  # which fixed cells are in the period (counted)
    history: Mapping[tuple[int, int], Counts] = field(default_factory=dict)  # (role, person)
    history_days: Mapping[int, Sequence[dt.date]] = field(default_factory=dict)  # person -> duty days
    names: Mapping[int, str] = field(default_factory=dict)  # person -> name, for the explanations


@dataclass(frozen=True)
class Spread:
    role_id: int
    category: str
    low: int
    high: int
    reasons: tuple[str, ...] = ()  # why it is above 1, in Chinese

    @property
    def spread(self) -> int:
        return self.high - self.low


@dataclass
class Roster:
    cells: dict[Cell, int]  # the filled open cells (not the fixed ones)
    empty: list[Slot]  # cells nobody could take
    counts: dict[tuple[int, int], Counts]  # (role, person) -> window counts after the fill
    spreads: list[Spread]
