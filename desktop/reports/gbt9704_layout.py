"""GB/T 9704-2012 page geometry and the line grid of the red-header 发文 (no canvas here).

The 版心 is a grid of 22 lines × 28 characters (§5.2.2): a 3号 character advances one
cell (156 mm / 28) and a line one pitch (225 mm / 22), as a word processor's 文档网格
lays it out. Text is broken into Lines here; gbt9704 draws them. Positions on the grid
are "depths", points down from the 版心's top edge.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

PAGE_W, PAGE_H = A4
TOP_MARGIN_MM = 37.0  # 天头
LEFT_MARGIN_MM = 28.0  # 订口
TEXT_W_MM = 156.0  # 版心 width
TEXT_H_MM = 225.0  # 版心 height
LINES = 22
CHARS = 28
TEXT_LEFT = LEFT_MARGIN_MM * mm
TEXT_TOP = PAGE_H - TOP_MARGIN_MM * mm  # y of the 版心's top edge (PDF y grows upward)
TEXT_W = TEXT_W_MM * mm
TEXT_H = TEXT_H_MM * mm
PITCH = TEXT_H / LINES  # ≈ 28.99 pt
CELL = TEXT_W / CHARS  # ≈ 15.79 pt

BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
FOOT_SIZE = 14.0  # 4号: 版记 and page numbers
DESCENT = 0.121  # of the em below the baseline, for the Arphic faces' em box

MARK_TOP_MM = 35.0  # 发文机关标志's top edge below the 版心's top (§7.2.4)
MARK_SIZE_MM = 15.0  # the mark's em height
MARK_RED = "#E60012"  # process red (M100 Y100)
MARK_MIN_SCALE = 50.0  # % horizontal scale: a long name is narrowed, never below this
RULE_GAP_MM = 4.0  # 分隔线 below the 发文字号 (§7.2.7)
RED_RULE_MM = 0.5
THICK_RULE_MM = 0.35  # 版记's first and last rules (§7.4.1)
THIN_RULE_MM = 0.25
PAGE_NUMBER_GAP_MM = 7.0  # the 一字线 below the 版心 (§7.5)

# 禁则: no closing punctuation at a line's start, no opening one at its end
NO_LINE_START = set("，。、；：？！）》」』〕】〉”’%‰,.;:!?)]}·…—～")
NO_LINE_END = set("（《「『〔【〈“‘([{")
_UNIT = re.compile(r"[0-9A-Za-z.%-]+|.", re.S)


@dataclass(frozen=True)
class Run:
    """Text in one face."""

    text: str
    face: str


@dataclass
class Line:
    """One line on the grid. x positions are points from the 版心's left edge."""

    runs: list[Run] = field(default_factory=list)
    size: float = BODY_SIZE
    indent: float = 0.0
    align: str = "left"  # left | centre | right | justify
    right_inset: float = 0.0  # for right alignment: 成文日期 右空四字
    centre_on: tuple[float, float] | None = None  # centre on this span instead of the 版心
    bold: bool = False
    keep_with_next: bool = False

    @property
    def blank(self) -> bool:
        return not any(r.text for r in self.runs)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def char_space(size: float) -> float:
    """Tc for a size: 3号 text keeps the 28-per-line cell; other sizes set solid."""
    return CELL - size if size == BODY_SIZE else 0.0


def width(runs: list[Run], size: float, cs: float | None = None) -> float:
    """Advance of runs: glyph widths plus one Tc per character (the cell pitch)."""
    cs = char_space(size) if cs is None else cs
    return sum(pdfmetrics.stringWidth(r.text, r.face, size) + len(r.text) * cs for r in runs)


def baseline_depth(slot: int, size: float) -> float:
    """Depth of the baseline of text of a size centred in grid line ``slot`` (0-based)."""
    return (slot + 1) * PITCH - (PITCH - size) / 2 - DESCENT * size


def _units(runs: list[Run]) -> list[Run]:
    """Unbreakable pieces: one CJK character, or a number/Latin word, in its face."""
    return [Run(u, r.face) for r in runs for u in _UNIT.findall(r.text)]


def _merge(units: list[Run]) -> list[Run]:
    out: list[Run] = []
    for u in units:
        if out and out[-1].face == u.face:
            out[-1] = Run(out[-1].text + u.text, u.face)
        else:
            out.append(u)
    return out


def break_runs(runs: list[Run], *, size: float = BODY_SIZE, first_indent: float = 0.0,
               rest_indent: float = 0.0, right_inset: float = 0.0, justify: bool = True) -> list[Line]:
    """Break a paragraph into grid lines; every line but the last is justified."""
    lines: list[list[Run]] = []
    current: list[Run] = []
    used = 0.0
    room = TEXT_W - right_inset - first_indent + 0.01
    for unit in _units(runs):
        w = width([unit], size)
        if current and used + w > room:
            carry: list[Run] = []
            # 禁则: take the last piece along rather than start a line with 。 or end one with （
            while len(current) > 1 and (unit.text[0] in NO_LINE_START and not carry
                                        or current[-1].text[-1] in NO_LINE_END):
                carry.insert(0, current.pop())
                if current[-1].text[-1] not in NO_LINE_END:
                    break
            lines.append(current)
            current = carry
            used = width(current, size)
            room = TEXT_W - right_inset - rest_indent + 0.01
        current.append(unit)
        used += w
    lines.append(current)
    out = []
    for i, pieces in enumerate(lines):
        last = i == len(lines) - 1
        out.append(Line(_merge(pieces), size=size, indent=first_indent if i == 0 else rest_indent,
                        align="justify" if justify and not last else "left", right_inset=right_inset))
    return out


def line_char_space(line: Line) -> float:
    """Tc of a drawn line: the cell pitch, or what spreads a justified line to the edge."""
    if line.align != "justify":
        return char_space(line.size)
    count = sum(len(r.text) for r in line.runs)
    natural = width(line.runs, line.size, 0.0)
    room = TEXT_W - line.right_inset - line.indent
    return (room - natural) / (count - 1) if count > 1 else char_space(line.size)


def line_x(line: Line, cs: float) -> float:
    """Left edge of a line's first glyph, from the 版心's left edge."""
    advance = width(line.runs, line.size, cs) - cs  # no Tc after the last glyph
    if line.align == "right":
        return TEXT_W - line.right_inset - advance
    if line.align == "centre":
        left, right = line.centre_on or (0.0, TEXT_W)
        return (left + right - advance) / 2
    return line.indent


def balanced_title(text: str, size: float = TITLE_SIZE) -> list[str]:
    """Title lines of near-equal length (§7.3.1 wants them symmetric), none wider than the 版心."""
    text = text.strip()
    per_line = max(1, int((TEXT_W - 2 * CELL) // size))
    count = -(-len(text) // per_line)
    if count <= 1:
        return [text]
    size_each = -(-len(text) // count)
    return [text[i:i + size_each] for i in range(0, len(text), size_each)]


def paginate(lines: list[Line], first_slot: int) -> list[list[tuple[int, Line]]]:
    """Assign lines to (page, slot). A keep_with_next chain moves whole to the next page;
    blank lines at the top of a page are dropped."""
    pages: list[list[tuple[int, Line]]] = [[]]
    slot = first_slot
    i = 0
    while i < len(lines):
        if slot >= LINES:
            page = pages[-1]
            # move the chain ending here (lines with keep_with_next before i) to a new page
            start = len(page)
            while start > 0 and page[start - 1][1].keep_with_next:
                start -= 1
            moved = [ln for _, ln in page[start:]] if 0 < start < len(page) else []
            if moved:
                del page[start:]
            pages.append([])
            slot = 0
            for ln in moved:
                if not (slot == 0 and ln.blank):
                    pages[-1].append((slot, ln))
                    slot += 1
            continue
        line = lines[i]
        i += 1
        if slot == 0 and line.blank and pages[-1] == [] and len(pages) > 1:
            continue
        pages[-1].append((slot, line))
        slot += 1
    return pages
