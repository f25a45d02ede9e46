"""Figures of one run, beside their floors, and how each grows with the database.

A Figure is one measurement at one database size: seconds, the floor measured in the
same run (or None), and the target it is held to. ``report`` prints the table the README
quotes: one row a figure, one column a size, and the growth from the smallest size to
the largest read off the figures themselves.
"""
from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    group: str  # 启动, 收文筛选 …
    name: str
    seconds: float
    floor: float | None = None
    max_ratio: float | None = None  # target: at most this many floors
    max_seconds: float | None = None  # target: under this
    note: str = ""  # rows matched, etc.
    unit: str = "s"  # or "MB" (memory): then seconds, floor and max_seconds hold megabytes

    def show(self, value: float) -> str:
        return f"{value:.0f} MB" if self.unit == "MB" else _fmt(value)

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor if self.floor else None

    def verdict(self) -> str:
        over = []
        if self.max_ratio is not None and self.ratio is not None and self.ratio > self.max_ratio:
            over.append(f"> {self.max_ratio:g}×")
        if self.max_seconds is not None and self.seconds > self.max_seconds:
            over.append(f"> {self.show(self.max_seconds)}")
        return "OVER " + ", ".join(over) if over else "ok"


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs (the machine is shared: the least disturbed run)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def median_of(values: list[float]) -> float:
    return statistics.median(values)


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def growth(sizes: list[int], values: list[float]) -> str:
    """flat, logarithmic or linear, read from the figures at the smallest and largest size.

    The exponent k of value ∝ size^k between the two ends: linear growth gives k ≈ 1; a
    log(n) cost gives k ≈ 0.1 over 20,000 → 1,000,000 (log 1M / log 20k = 1.4); "flat" is
    less than a third more at fifty times the size, whatever k says about the noise.
    """
    if len(values) < 2 or min(values) <= 0:
        return "—"
    lo, hi = values[0], values[-1]
    k = math.log(hi / lo) / math.log(sizes[-1] / sizes[0])
    if hi <= lo * 1.33:
        word = "flat"
    elif k < 0.35:
        word = "logarithmic"
    elif k < 0.75:
        word = "sublinear"
    else:
        word = "linear"
    return f"{word} (k={k:.2f})"


def report(sizes: list[int], by_size: dict[int, list[Figure]]) -> str:
    """The table of every figure at every size, as Markdown (what the README quotes)."""
    keys: list[tuple[str, str]] = []
    for size in sizes:
        for f in by_size.get(size, []):
            if (f.group, f.name) not in keys:
                keys.append((f.group, f.name))
    head = "| | " + " | ".join(f"{s:,} docs" for s in sizes) + " | floor (largest) | target | growth |"
    lines = [head, "|" + "---|" * (len(sizes) + 4)]
    for group, name in keys:
        found = [next((f for f in by_size.get(s, []) if (f.group, f.name) == (group, name)), None) for s in sizes]
        cells = []
        for f in found:
            if f is None:
                cells.append("—")
                continue
            ratio = f" ({f.ratio:.2f}×)" if f.ratio is not None else ""
            cells.append(f"{f.show(f.seconds)}{ratio}{' ' + f.note if f.note else ''}")
        last = next((f for f in reversed(found) if f is not None), None)
        assert last is not None
        target = " and ".join(x for x in (f"≤ {last.max_ratio:g}× floor" if last.max_ratio else "",
                                           f"< {last.show(last.max_seconds)}" if last.max_seconds else "") if x)
        present = [(s, f.seconds) for s, f in zip(sizes, found, strict=True) if f is not None]
        grown = growth([s for s, _v in present], [v for _s, v in present]) if len(present) > 1 else "—"
        floor = last.show(last.floor) if last.floor else "—"
        lines.append(f"| {group}: {name} | " + " | ".join(cells)
                     + f" | {floor} | {target or '—'} {'' if not target else '· ' + last.verdict()} | {grown} |")
    return "\n".join(lines)


def print_figures(title: str, figures: list[Figure]) -> None:
    print(f"\n== {title} ==")
    for f in figures:
        ratio = f"  ratio {f.ratio:5.2f}" if f.ratio is not None else ""
        floor = f"  floor {f.show(f.floor):>9}" if f.floor else ""
        print(f"{f.group:6s} {f.name:28s} {f.show(f.seconds):>10}{floor}{ratio}  {f.note:12s} {f.verdict()}")
