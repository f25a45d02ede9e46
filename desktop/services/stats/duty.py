"""值班 load: per role and person, the duties of the period and of the rolling window.

The roster promises fairness over the rolling window (services.duty.plan.WINDOW_DAYS up
to the period's end): everyone of a role gets a similar number of duties, of rest-day /
holiday duties and of night duties. One GROUP BY over duty_assignments counts all three
for both spans; whether a day is a rest day comes from the one calendar (services.workcal,
through the ordinal table of stats.sql), whether a shift is a night shift from
duty_shifts. The people shown are the role's people of the period: those in its pool
during the period (listed with 0 if they had no duty) and those on duty in it; someone
who left the pool before the period is not, though the window may still count them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.services.duty.plan import WINDOW_DAYS
from desktop.services.stats.periods import Period
from desktop.services.stats.sql import WORKDAYS_TABLE, conn_of, ensure_workdays

TOTAL, REST, NIGHT = 0, 1, 2
KINDS = ("全部班次", "休息日/节假日", "夜班")


@dataclass(frozen=True)
class PersonDuties:
    """The drill-down of a person's bar: the 值班 tab shows these duties (of this role, from
    start to end) marked on its month grid."""

    staff_id: int
    role_id: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class PersonLoad:
    name: str
    department: str
    period: tuple[int, int, int]  # total, rest-day/holiday, night in the period
    window: tuple[int, int, int]  # the same over the rolling window
    drill: PersonDuties | None = None  # the period's duties, for the 值班 tab


@dataclass(frozen=True)
class RoleLoad:
    role: str
    people: tuple[PersonLoad, ...]

    @property
    def shifts(self) -> int:
        """人次 in the period."""
        return sum(p.period[TOTAL] for p in self.people)

    def low_high(self, kind: int = TOTAL, window: bool = False) -> tuple[int, int]:
        values = [(p.window if window else p.period)[kind] for p in self.people] or [0]
        return min(values), max(values)

    def spread(self, kind: int = TOTAL, window: bool = False) -> int:
        low, high = self.low_high(kind, window)
        return high - low


@dataclass(frozen=True)
class DutyLoads:
    period: Period
    window_start: dt.date
    window_end: dt.date
    roles: tuple[RoleLoad, ...]

    @property
    def window_days(self) -> int:
        return (self.window_end - self.window_start).days + 1


_LOAD_SQL = f"""
SELECT a.role_id, a.staff_id,
       sum(a.day >= :start), sum(a.day >= :start AND k.work = 0), sum(a.day >= :start AND s.night),
       count(*), sum(k.work = 0), sum(s.night)
FROM duty_assignments a
JOIN duty_shifts s ON s.id = a.shift_id
JOIN {WORKDAYS_TABLE} k ON k.day = a.day
WHERE a.day >= :wstart AND a.day <= :end
GROUP BY a.role_id, a.staff_id
"""

# the pool members of the period (several eligibility rows of one person join into one)
_POOL_SQL = """
SELECT DISTINCT e.role_id, e.staff_id FROM duty_eligibility e JOIN staff st ON st.id = e.staff_id
WHERE st.active AND (e.start IS NULL OR e.start <= :end) AND (e."end" IS NULL OR e."end" >= :start)
"""

_NAMES_SQL = """
SELECT st.id, st.name, coalesce(d.name, '') FROM staff st LEFT JOIN departments d ON d.id = st.department_id
"""


def window_of(period: Period) -> tuple[dt.date, dt.date]:
    """The rolling window the roster balances, ending with the period (never shorter than it)."""
    end = period.end
    return min(period.start, end - dt.timedelta(days=WINDOW_DAYS - 1)), end


def duty_loads(db: Any, period: Period) -> DutyLoads:
    """Every active role with its people, most duties in the window first within a role."""
    conn = conn_of(db)
    wstart, end = window_of(period)
    params = {"start": period.start.isoformat(), "end": end.isoformat(), "wstart": wstart.isoformat()}
    roles = list(conn.execute("SELECT id, name FROM duty_roles WHERE active ORDER BY sort_order, id"))
    if not roles:
        return DutyLoads(period, wstart, end, ())
    ensure_workdays(conn, wstart, end)
    counts = {(r, p): (tuple(row[:3]), tuple(row[3:])) for r, p, *row in conn.execute(_LOAD_SQL, params)}
    members = {(r, p) for r, p in conn.execute(_POOL_SQL, params)}
    for key in members:
        counts.setdefault(key, ((0, 0, 0), (0, 0, 0)))
    counts = {k: v for k, v in counts.items() if k in members or v[0][TOTAL]}
    names = {i: (n, d) for i, n, d in conn.execute(_NAMES_SQL)}
    out = []
    for role_id, role in roles:
        people = [PersonLoad(*names.get(p, ("", "")), now, window, PersonDuties(p, r, period.start, end))
                  for (r, p), (now, window) in counts.items() if r == role_id]
        people.sort(key=lambda x: (-x.window[TOTAL], -x.period[TOTAL], x.department, x.name))
        if people:
            out.append(RoleLoad(role, tuple(people)))
    return DutyLoads(period, wstart, end, tuple(out))
