"""Roster generation: 60 people × 3 months (tests.benchmarks.run --only roster).

Floor: one pass over every cell × every eligible person (the least any fill must look at).
Measured: the pure generator (greedy + repair), and the whole regenerate() against a
database (facts read, cells written, the history logged), both for Oct–Dec 2026.
"""
from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.figures import Figure

D = dt.date


def bench_roster(repeat: int = 3) -> list[Figure]:
    from desktop.services import reference
    from desktop.services.duty import plan, setup
    from desktop.services.duty.generate import generate_roster
    from desktop.services.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "roster.db")
        with store.write() as s:
            reference.save_department(s, reference.DepartmentRow(name="院领导", kind="院领导"))
            reference.save_department(s, reference.DepartmentRow(name="医务部"))
            for i in range(12):
                reference.save_staff(s, reference.StaffRow(name=f"领导{i:02d}", department="院领导",
                                                           roles=("带班领导",)))
            for i in range(60):
                reference.save_staff(s, reference.StaffRow(name=f"干部{i:02d}", department="医务部",
                                                           roles=("总值班",)))
            setup.seed_pools_from_directory(s)
        with store.read() as s:
            problem = plan.build_problem(s, D(2026, 10, 1), D(2026, 12, 31))
        t = time.perf_counter()
        for slot in problem.slots:
            pool = problem.pools[slot.role_id]
            sum(pool.eligible(p, slot.day) for p in pool.members)
        floor = time.perf_counter() - t
        pure = min(_timed(lambda: generate_roster(problem)) for _ in range(repeat))
        whole = []
        for _ in range(repeat):
            t = time.perf_counter()
            with store.write() as s:
                report = plan.regenerate(s, D(2026, 10, 1), D(2026, 12, 31))
            whole.append(time.perf_counter() - t)
        store.close()
    print(f"\n== 值班 roster: 12 带班领导 + 60 总值班, 2026-10-01 … 2026-12-31 ({len(problem.slots)} cells) ==")
    print(f"floor: one look at every cell × eligible person: {floor * 1000:.1f} ms")
    print(f"generate_roster (pure): {pure * 1000:.1f} ms  ratio {pure / floor:.1f}")
    print(f"regenerate (database, history logged): {min(whole):.2f} s  (target < 2 s)")
    print("spreads: " + "; ".join(f"{s.role} {s.category} {s.spread}" for s in report.spreads))
    return [Figure("值班", "roster 60 × 3 months, pure", pure, floor),
            Figure("值班", "roster 60 × 3 months, regenerate", min(whole), max_seconds=2.0)]


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t
