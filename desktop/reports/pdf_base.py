"""Reusable reportlab pieces for every printed register and form (no Qt).

Paper rules (shared/domain.md, "Paper matters"): A4, Chinese, the font embedded, page
numbers, the register's title and period on every page, the table header on every page.

* Every style and the canvas itself use the embedded TrueType CJK font from
  desktop.fonts.register_reportlab(), so no non-embedded standard font (Helvetica) is
  ever referenced.
* Page numbers "第 x 页 / 共 y 页" come from a two-pass canvas (NumberedCanvas): each
  page is recorded on showPage() and written out on save(), when the total is known.
* Registers are laid out in chunks of at most CHUNK_ROWS rows, fed into the story one
  chunk at a time as the layout reaches them, so time grows linearly with the rows and
  only one chunk is in memory. A chunk is a RowBlock: plain-text cells broken into lines
  by TextFitter (CJK rules) and drawn as a ruled grid, several times faster than a Table
  of Paragraphs (10,000 rows in about 2 s). The column header is drawn by the page
  template at the top of every page, so it repeats on every page and never appears
  in mid-page where one chunk ends and the next begins.
* A build writing to a path goes through services.files.atomic_output: a temporary
  file beside it, moved into place only when complete; a failed or cancelled build
  leaves no file.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.fonts import register_reportlab
from desktop.services.files import atomic_output
from desktop.services.progress import Progress, quiet

# Binary (zlib only) content streams: ASCII85 on top makes files 25% larger and, without
# the optional rl_accel package, costs ~10% of a large register's build time.
rl_config.useA85 = 0

A4_PORTRAIT = portrait(A4)
A4_LANDSCAPE = landscape(A4)
CHUNK_ROWS = 500
EMPTY_TEXT = "本期无记录"
PRODUCER = "院办通"

GRID_COLOR = colors.HexColor("#404040")
HEADER_FILL = colors.HexColor("#E4E4E4")
LABEL_FILL = colors.HexColor("#F0F0F0")
ZEBRA_FILL = colors.HexColor("#F4F4F4")

Output = Path | str | BinaryIO


def font() -> str:
    """The embedded CJK font's PDF name (registered on first use)."""
    return register_reportlab()


def page_footer_text(page: int, total: int) -> str:
    return f"第 {page} 页 / 共 {total} 页"


def para_text(value: object) -> str:
    """Plain text as Paragraph markup: XML-escaped, line breaks kept."""
    if value is None:
        return ""
    text = escape(str(value))
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


# --- fast line breaking for table cells -------------------------------------------------

_NO_LINE_START = set("，。、；：？！）》」』〕】〉”’%‰,.;:!?)]}·…—～")
_NO_LINE_END = set("（《「『〔【〈“‘([{")
# counters that stay with the number before them: "12号" never breaks as "12" / "号"
_AFTER_NUMBER = set("号年月日时份页条款项期届次")
_TOKEN = re.compile(r"[!-~]+ *| +|.", re.S)


class TextFitter:
    """Measures and breaks plain text into lines for one font size, without Paragraphs.

    Register cells are plain strings broken here (CJK rules: break between any two CJK
    characters, keep Latin words and numbers whole when they fit, no closing punctuation
    at a line start, no opening punctuation at a line end). Table cells of plain strings
    lay out and draw several times faster than Paragraphs.
    """

    def __init__(self, size: float, font_name: str | None = None):
        self.font_name = font_name or font()
        self.size = size
        self._face = pdfmetrics.getFont(self.font_name)
        self._widths: dict[str, float] = {}

    def width(self, text: str) -> float:
        widths = self._widths
        total = 0.0
        for ch in text:
            w = widths.get(ch)
            if w is None:
                w = widths[ch] = self._face.stringWidth(ch, self.size)
            total += w
        return total

    def _units(self, text: str) -> list[str]:
        units: list[str] = []
        pending = ""
        for tok in _TOKEN.findall(text):
            if units and not pending and (tok[0] in _NO_LINE_START
                                          or (tok in _AFTER_NUMBER and units[-1][-1:].isdigit())):
                units[-1] += tok
            elif tok[-1] in _NO_LINE_END:
                pending += tok
            else:
                units.append(pending + tok)
                pending = ""
        if pending:
            units.append(pending)
        return units

    def lines(self, text: str, max_width: float) -> list[str]:
        """Break text (which may contain newlines) into lines no wider than max_width."""
        out: list[str] = []
        for para in str(text).replace("\r\n", "\n").split("\n"):
            if self.width(para) <= max_width:
                out.append(para)
                continue
            line, line_w = "", 0.0
            for unit in self._units(para):
                w = self.width(unit)
                if line and line_w + w > max_width:
                    out.append(line.rstrip())
                    unit = unit.lstrip()
                    line, line_w, w = "", 0.0, self.width(unit)
                if w > max_width:  # wider than the whole cell: break it by character
                    for ch in unit:
                        cw = self.width(ch)
                        if line and line_w + cw > max_width:
                            out.append(line)
                            line, line_w = "", 0.0
                        line += ch
                        line_w += cw
                else:
                    line += unit
                    line_w += w
            out.append(line.rstrip())
        return out


# --- styles ---------------------------------------------------------------------------


def styles(base_size: float = 10.5) -> StyleSheet1:
    """Paragraph styles, all in the embedded CJK font with CJK line breaking.

    Names: title, subtitle, body, right, small, label, cell, cell_center, header_cell.
    """
    name = font()
    sheet = StyleSheet1()

    def add(key: str, size: float, align: int = TA_LEFT, leading: float | None = None) -> None:
        sheet.add(
            ParagraphStyle(
                key,
                fontName=name,
                fontSize=size,
                leading=leading if leading is not None else round(size * 1.35, 2),
                alignment=align,
                wordWrap="CJK",
                allowWidows=1,
                allowOrphans=1,
            )
        )

    add("title", base_size + 7.5, TA_CENTER)
    add("subtitle", base_size, TA_CENTER)
    add("body", base_size)
    add("right", base_size, TA_RIGHT)
    add("small", base_size - 1.5)
    add("label", base_size, TA_CENTER)
    add("cell", base_size - 1.5)
    add("cell_center", base_size - 1.5, TA_CENTER)
    add("header_cell", base_size - 1.5, TA_CENTER)
    return sheet


# --- the numbered canvas --------------------------------------------------------------


class NumberedCanvas(Canvas):
    """Records every page and writes "第 x 页 / 共 y 页" on each when the total is known.

    Use make_canvas() to get a subclass bound to a font; pass it as canvasmaker.
    """

    footer_font: str = ""
    footer_size: float = 9
    footer_margin: float = 8 * mm

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initialFontName", self.footer_font or font())
        super().__init__(*args, **kwargs)
        self._page_states: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab API)
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self.draw_footer(number, total)
            Canvas.showPage(self)
        Canvas.save(self)

    def draw_footer(self, page: int, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(self.footer_font or font(), self.footer_size)
        self.setFillColor(colors.black)
        self.drawCentredString(width / 2, self.footer_margin, page_footer_text(page, total))
        self.restoreState()


def make_canvas(font_size: float = 9, margin: float = 8 * mm) -> type[NumberedCanvas]:
    """A NumberedCanvas subclass using the embedded font for its footer."""
    return type(
        "BoundNumberedCanvas",
        (NumberedCanvas,),
        {"footer_font": font(), "footer_size": font_size, "footer_margin": margin},
    )


# --- output handling ------------------------------------------------------------------


def write_pdf(out: Output, build: Callable[[Path | BinaryIO], None]) -> None:
    """Run build(target); for a path, through files.atomic_output.

    On any exception (including Cancelled) the temporary file is removed and nothing
    appears at ``out``; a disk error is one Chinese line (ServiceError).
    """
    if not isinstance(out, str | os.PathLike):
        build(out)
        return
    with atomic_output(out) as tmp:
        build(tmp)


def new_doc(target: Path | BinaryIO, pagesize, *, title: str, margins: tuple[float, float, float, float],
            **kw) -> BaseDocTemplate:
    """A BaseDocTemplate with metadata and the CJK font as the canvas's initial font.

    margins: (left, right, top, bottom).
    """
    left, right, top, bottom = margins
    target_arg = str(target) if isinstance(target, Path) else target
    return BaseDocTemplate(
        target_arg,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=PRODUCER,
        creator=PRODUCER,
        initialFontName=font(),
        **kw,
    )


# --- forms ----------------------------------------------------------------------------


class Label(str):
    """A form cell that is a field name: centred and shaded by form_table()."""


class WritingBox(Flowable):
    """Printed content at the top, room to write by hand, an optional footer at the bottom.

    Its height is max(min_height, content + room + footer). Used inside form_table() cells.
    """

    def __init__(self, content: Sequence[Flowable], min_height: float = 0, room: float = 0,
                 footer: Flowable | None = None, gap: float = 2):
        super().__init__()
        self.content = list(content)
        self.min_height = min_height
        self.room = room
        self.footer = footer
        self.gap = gap
        self._sizes: list[float] = []
        self._footer_h = 0.0

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab API)
        self._sizes = [f.wrap(availWidth, availHeight)[1] for f in self.content]
        used = sum(self._sizes) + self.gap * max(0, len(self.content) - 1)
        self._footer_h = self.footer.wrap(availWidth, availHeight)[1] if self.footer else 0.0
        self.width = availWidth
        self.height = max(self.min_height, used + self.room + self._footer_h)
        return self.width, self.height

    def draw(self):
        y = self.height
        for f, h in zip(self.content, self._sizes, strict=True):
            y -= h
            f.drawOn(self.canv, 0, y)
            y -= self.gap
        if self.footer is not None:
            self.footer.drawOn(self.canv, 0, 0)


def form_table(rows: Sequence[Sequence[object]], col_widths: Sequence[float], *,
               spans: Iterable[tuple[int, int, int, int]] = (), sheet: StyleSheet1 | None = None,
               cell_style: str = "body", label_style: str = "label", padding: float = 4,
               inner_grid: bool = True, extra_style: Sequence[tuple] = (), **table_kw) -> Table:
    """A boxed form grid.

    Cells may be Label (field name: centred, shaded, vertically centred), str (value
    text, wrapped), None (empty, e.g. covered by a span), a Flowable or a list of them.
    spans: (col0, row0, col1, row1), inclusive, as in reportlab's SPAN.
    inner_grid=False rules only the columns, so several rows read as one box (and the
    table can still split between them across pages).
    """
    sheet = sheet or styles()
    label_st, cell_st = sheet[label_style], sheet[cell_style]
    data: list[list[object]] = []
    cmds: list[tuple] = [
        ("BOX", (0, 0), (-1, -1), 1, GRID_COLOR),
        ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID_COLOR)
        if inner_grid
        else ("LINEAFTER", (0, 0), (-2, -1), 0.5, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), font()),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    for r, row in enumerate(rows):
        out_row: list[object] = []
        for c, cell in enumerate(row):
            if isinstance(cell, Label):
                out_row.append(Paragraph(para_text(cell), label_st))
                cmds.append(("BACKGROUND", (c, r), (c, r), LABEL_FILL))
            elif isinstance(cell, str):
                out_row.append(Paragraph(para_text(cell), cell_st))
            elif cell is None:
                out_row.append("")
            else:
                out_row.append(cell)
        data.append(out_row)
    for c0, r0, c1, r1 in spans:
        cmds.append(("SPAN", (c0, r0), (c1, r1)))
    cmds.extend(extra_style)
    return Table(data, colWidths=list(col_widths), style=TableStyle(cmds), **table_kw)


# --- registers ------------------------------------------------------------------------


@dataclass
class RegisterSpec:
    """A printed register: A4 landscape table, title and period on every page.

    columns: (header, relative width[, "left"|"center"|"right"[, fit]]); a fit column is
    as wide as its longest cell in the first chunk (a 文号 or a date never wraps), the
    others share what is left by their relative widths; no header ever wraps;
    rows: display values in column order, consumed lazily, one chunk at a time;
    total_rows: for progress and the "共 n 条" line.
    """

    title: str
    period: str
    columns: list[tuple]
    rows: Iterable[Sequence[object]]
    total_rows: int
    zebra: bool = True
    font_size: float = 8.5
    chunk_rows: int = CHUNK_ROWS
    pagesize: tuple[float, float] = A4_LANDSCAPE


_MARGIN_X = 12 * mm
_MARGIN_TOP = 10 * mm
_MARGIN_BOTTOM = 14 * mm
_TITLE_BLOCK = 15 * mm  # title line and period line above the column header
_CELL_PAD_X = 2.5
_CELL_PAD_TOP = 2.0
_CELL_PAD_BOTTOM = 2.5
_THIN = 0.5
_THICK = 1.0


def column_widths(columns: Sequence[tuple], total_width: float) -> list[float]:
    """Absolute widths from relative ones, filling total_width."""
    weights = [max(0.0, float(c[1])) for c in columns]
    scale = total_width / (sum(weights) or 1.0)
    return [w * scale for w in weights]


def fitted_widths(columns: Sequence[tuple], total_width: float, fitter: TextFitter,
                  sample: Sequence[Sequence[object]], pad: float) -> list[float]:
    """Widths sized to content: every column at least its header on one line; fit columns
    (4th element true) as wide as their longest sampled cell; the rest share what is left
    by weight. Falls back to plain relative widths when the content cannot fit the page."""
    n = len(columns)
    need = [fitter.width(str(c[0])) + pad for c in columns]
    for row in sample:
        for j, value in enumerate(list(row)[:n]):
            if len(columns[j]) > 3 and columns[j][3] and value not in (None, ""):
                need[j] = max(need[j], max(fitter.width(line) for line in str(value).split("\n")) + pad)
    fixed = {j for j in range(n) if len(columns[j]) > 3 and columns[j][3]}
    free = total_width - sum(need[j] for j in fixed)
    flex = [j for j in range(n) if j not in fixed]
    weights = {j: max(0.0, float(columns[j][1])) for j in flex}
    total_weight = sum(weights.values()) or 1.0
    widths = [need[j] if j in fixed else free * weights[j] / total_weight for j in range(n)]
    if free <= 0 or any(widths[j] < need[j] for j in flex):
        # a flex column below its header: take from the widest flex columns, else give up
        short = sum(max(0.0, need[j] - widths[j]) for j in flex)
        spare = sum(max(0.0, widths[j] - need[j]) for j in flex)
        if free <= 0 or short > spare:
            return column_widths(columns, total_width)
        for j in flex:
            widths[j] = need[j] if widths[j] < need[j] else widths[j] - (widths[j] - need[j]) * short / spare
    return widths


@dataclass
class _Rows:
    """Pre-broken register rows: cells[row][col] is a list of lines."""

    cells: list[list[list[str]]]
    heights: list[float]
    shaded: list[bool]


class RowBlock(Flowable):
    """Register rows drawn as a ruled grid of plain text; splits between rows.

    Much cheaper than a Table of Paragraphs: lines are broken once by TextFitter, row
    heights are known up front (split is a prefix sum), and each block's text goes out
    as one PDF text object.
    """

    def __init__(self, rows: _Rows, widths: Sequence[float], aligns: Sequence[str],
                 fitter: TextFitter, leading: float):
        super().__init__()
        self.rows = rows
        self.widths = list(widths)
        self.aligns = list(aligns)
        self.fitter = fitter
        self.leading = leading
        self.width = sum(self.widths)
        self.height = sum(rows.heights)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab API)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab API)
        used, k = 0.0, 0
        for h in self.rows.heights:
            if used + h > availHeight + 1e-6:
                break
            used += h
            k += 1
        if k == 0:
            return []
        if k >= len(self.rows.heights):
            return [self]
        r = self.rows
        head = _Rows(r.cells[:k], r.heights[:k], r.shaded[:k])
        tail = _Rows(r.cells[k:], r.heights[k:], r.shaded[k:])
        return [self._like(head), self._like(tail)]

    def _like(self, rows: _Rows) -> RowBlock:
        return RowBlock(rows, self.widths, self.aligns, self.fitter, self.leading)

    def draw(self):
        c = self.canv
        rows = self.rows
        width, height = self.width, self.height
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        tops = [height]
        for h in rows.heights:
            tops.append(tops[-1] - h)

        c.saveState()
        if any(rows.shaded):
            c.setFillColor(ZEBRA_FILL)
            path = c.beginPath()
            for i, shaded in enumerate(rows.shaded):
                if shaded:
                    path.rect(0, tops[i + 1], width, rows.heights[i])
            c.drawPath(path, stroke=0, fill=1)

        fitter, leading = self.fitter, self.leading
        size = fitter.size
        text = c.beginText()
        text.setFont(fitter.font_name, size, leading)
        c.setFillColor(colors.black)
        fast = getattr(text, "_formatText", None) if c.bottomup else None  # skips textOut measuring
        code = text._code if fast is not None else None
        for i, row in enumerate(rows.cells):
            row_top, row_h = tops[i], rows.heights[i]
            for j, lines in enumerate(row):
                if not lines or (len(lines) == 1 and not lines[0]):
                    continue
                n = len(lines)
                # vertically centred, as reportlab's Table does for MIDDLE
                y = row_top - row_h + (_CELL_PAD_BOTTOM + row_h - _CELL_PAD_TOP + n * leading) / 2 - size
                align = self.aligns[j]
                for line in lines:
                    if align == "left":
                        x = xs[j] + _CELL_PAD_X
                    elif align == "center":
                        x = xs[j] + (self.widths[j] - fitter.width(line)) / 2
                    else:
                        x = xs[j + 1] - _CELL_PAD_X - fitter.width(line)
                    if fast is not None and code is not None:  # both set or neither
                        code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
                        code.append(fast(line))
                    else:
                        text.setTextOrigin(x, y)
                        text.textOut(line)
                    y -= leading
        c.drawText(text)

        c.setStrokeColor(GRID_COLOR)
        c.setLineWidth(_THIN)
        c.lines([(0, y, width, y) for y in tops] + [(x, 0, x, height) for x in xs[1:-1]])
        c.setLineWidth(_THICK)
        c.lines([(0, 0, 0, height), (width, 0, width, height)])
        c.restoreState()


class _Register:
    """Lays out one RegisterSpec (see build_register_pdf)."""

    def __init__(self, spec: RegisterSpec, progress: Progress):
        self.spec = spec
        self.progress = progress
        self.chunk = max(2, min(spec.chunk_rows, CHUNK_ROWS))
        self.chunk -= self.chunk % 2  # even, so zebra striping continues across chunks
        self.ncols = len(spec.columns)
        if not self.ncols:
            raise ValueError("a register needs at least one column")
        self.aligns = [(c[2] if len(c) > 2 else "left") for c in spec.columns]
        self.sheet = styles()
        size = spec.font_size
        self.leading = round(size * 1.25, 2)
        self.header_style = ParagraphStyle(
            "reg_header", parent=self.sheet["header_cell"], fontSize=size, leading=self.leading
        )
        self.page_w, self.page_h = spec.pagesize
        self.frame_w = self.page_w - 2 * _MARGIN_X
        self.fitter = TextFitter(size)
        # the first chunk is read now: the columns are sized to it before the first page
        self.rows = iter(spec.rows)
        self.first = list(islice(self.rows, self.chunk))
        # a little slack so rounding never lets a line touch the cell border
        self.widths = fitted_widths(spec.columns, self.frame_w, self.fitter, self.first, 2 * _CELL_PAD_X + 1)
        self.inner_widths = [max(1.0, w - 2 * _CELL_PAD_X - 0.5) for w in self.widths]
        self.header_table = self._header_table()
        _, self.header_h = self.header_table.wrap(self.frame_w, self.page_h)
        self.frame_h = (self.page_h - _MARGIN_TOP - _TITLE_BLOCK - self.header_h - _MARGIN_BOTTOM)
        self.done = 0
        self.reported: tuple[int, int] | None = None

    def _header_table(self) -> Table:
        cells = [Paragraph(para_text(c[0]), self.header_style) for c in self.spec.columns]
        cmds = [
            ("GRID", (0, 0), (-1, -1), _THIN, GRID_COLOR),
            ("BOX", (0, 0), (-1, -1), _THICK, GRID_COLOR),
            ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), font()),
            ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        return Table([cells], colWidths=self.widths, style=TableStyle(cmds))

    def _block(self, rows: list[Sequence[object]], first_index: int) -> RowBlock:
        fitter, inner, n = self.fitter, self.inner_widths, self.ncols
        leading = self.leading
        pad = _CELL_PAD_TOP + _CELL_PAD_BOTTOM
        max_lines = max(1, int((self.frame_h - pad) // leading))
        zebra = self.spec.zebra
        out = _Rows([], [], [])
        for index, row in enumerate(rows, start=first_index):
            values = ["" if v is None else str(v) for v in list(row)[:n]]
            values += [""] * (n - len(values))
            cells = [fitter.lines(v, w) if v else [] for v, w in zip(values, inner, strict=True)]
            most = max(1, *(len(c) for c in cells))
            shaded = zebra and index % 2 == 1
            # a row taller than a page continues in extra rows (same shading); a
            # continuation names its row in the first column, so a page never starts
            # with text that belongs to nothing
            for start in range(0, most, max_lines):
                part = [c[start:start + max_lines] for c in cells]
                if start and not part[0] and values[0]:
                    part[0] = fitter.lines(f"{values[0]}（续）", inner[0])[:max_lines]
                lines = min(max_lines, most - start)
                out.cells.append(part)
                out.heights.append(lines * leading + pad)
                out.shaded.append(shaded)
        return RowBlock(out, self.widths, self.aligns, fitter, leading)

    # page decoration
    def on_page(self, canv: Canvas, doc) -> None:
        spec = self.spec
        name = font()
        top = self.page_h - _MARGIN_TOP
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.setFont(name, 15)
        canv.drawCentredString(self.page_w / 2, top - 15, spec.title)
        canv.setFont(name, 9.5)
        base = top - _TITLE_BLOCK + 3.5
        canv.drawString(_MARGIN_X, base, f"期间：{spec.period}")
        canv.drawRightString(self.page_w - _MARGIN_X, base, f"共 {spec.total_rows} 条")
        self.header_table.drawOn(canv, _MARGIN_X, top - _TITLE_BLOCK - self.header_h)
        canv.restoreState()

    # feeding rows
    def report(self, done: int, total: int) -> None:
        if self.reported != (done, total):
            self.reported = (done, total)
            self.progress.report(done, total)

    def check(self) -> None:
        self.progress.check()

    def build(self, target: Path | BinaryIO) -> None:
        spec = self.spec
        doc = new_doc(
            target,
            spec.pagesize,
            title=f"{spec.title}（{spec.period}）" if spec.period else spec.title,
            margins=(_MARGIN_X, _MARGIN_X, _MARGIN_TOP + _TITLE_BLOCK + self.header_h, _MARGIN_BOTTOM),
        )
        frame = Frame(
            doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="rows",
        )
        doc.addPageTemplates([PageTemplate(id="register", frames=[frame], onPage=self.on_page)])
        story: list[Flowable] = []
        story.append(_Feeder(self, story, chain(self.first, self.rows)))
        self.check()
        doc.build(story, canvasmaker=make_canvas())


class _Feeder(ActionFlowable):
    """Sits after the current chunk; when the layout reaches it, queues the next chunk."""

    def __init__(self, register: _Register, story: list[Flowable], rows: Iterator[Sequence[object]]):
        super().__init__()
        self.register = register
        self.story = story
        self.rows = rows

    def apply(self, doc) -> None:
        reg = self.register
        if reg.done:
            reg.report(reg.done, max(reg.spec.total_rows, reg.done))
        reg.check()
        rows = list(islice(self.rows, reg.chunk))
        if rows:
            block = reg._block(rows, reg.done)
            reg.done += len(rows)
            self.story[0:0] = [block, self]
            return
        if reg.done == 0:
            style = ParagraphStyle("reg_empty", parent=reg.sheet["body"], alignment=TA_CENTER)
            self.story[0:0] = [Spacer(1, 8 * mm), Paragraph(EMPTY_TEXT, style)]
        reg.report(reg.done, reg.done)


def build_register_pdf(spec: RegisterSpec, out: Output, progress: Progress | None = None) -> None:
    """Print a register: A4 landscape, title/period/header on every page, page x of y.

    ``progress`` hears (rows_done, total) after every chunk, ending at the total; after
    its cancel() the next chunk raises Cancelled (a path ``out`` is then left
    untouched). An empty register prints 本期无记录.
    """
    register = _Register(spec, progress or quiet())
    write_pdf(out, register.build)
