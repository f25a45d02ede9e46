"""The red-header 发文 as a PDF laid out per GB/T 9704-2012 (no Qt).

版头 (份号, 密级和保密期限, 紧急程度, the red 发文机关标志, 发文字号 with 签发人 for 上行文,
the red 分隔线), 主体 (标题, 主送机关, 正文 with 一、（一）1.（1） headings, 附件说明,
发文机关署名 and 成文日期 with room for the seal, 附注) and 版记 (抄送机关, 印发机关 and
印发日期 between rules at the foot of the last page); page numbers "— 1 —" 7 mm below the
版心, odd pages at the right, even at the left (§7.5).

Faces: 宋 and 楷 are AR PL SungtiL GB and AR PL KaitiM GB, 黑 is WenQuanYi Micro Hei, all
TrueType and embedded (subset). There is no freely licensed TrueType 仿宋, so 仿宋 text is
set in the 宋 face (FANG below); 小标宋 is the 宋 face drawn with a stroke (fake bold).
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from desktop.fonts import register_official_faces, register_reportlab
from desktop.reports.gbt9704_layout import (
    BODY_SIZE,
    CELL,
    DESCENT,
    FOOT_SIZE,
    LINES,
    MARK_MIN_SCALE,
    MARK_RED,
    MARK_SIZE_MM,
    MARK_TOP_MM,
    PAGE_H,
    PAGE_NUMBER_GAP_MM,
    PAGE_W,
    PITCH,
    RED_RULE_MM,
    RULE_GAP_MM,
    TEXT_H,
    TEXT_LEFT,
    TEXT_TOP,
    TEXT_W,
    THICK_RULE_MM,
    THIN_RULE_MM,
    TITLE_SIZE,
    Line,
    Run,
    balanced_title,
    baseline_depth,
    break_runs,
    line_char_space,
    line_x,
    paginate,
    width,
)
from desktop.reports.pdf_base import PRODUCER, Output, write_pdf
from desktop.services.outgoing.document import (
    OfficialDocument,
    attachment_lines,
    chinese_date,
    copied_line,
    copy_number_text,
    heading_level,
    paragraphs,
    recipients_line,
    secrecy_text,
)
from desktop.services.progress import Progress, quiet

RED = colors.HexColor(MARK_RED)
BOLD_STROKE = 0.03  # of the em: the outline width that thickens 宋 into a 小标宋-like weight


class Faces:
    """PDF font names of the four styles the standard asks for."""

    def __init__(self) -> None:
        self.song, self.kai = register_official_faces()
        self.hei = register_reportlab()
        self.fang = self.song  # no free TrueType 仿宋: the 宋 face stands in

    def runs(self, text: str, face: str) -> list[Run]:
        """text in face; characters outside its GB 2312 set (〇, 㑇 …) fall back to 黑."""
        glyphs = pdfmetrics.getFont(face).face.charToGlyph
        out: list[Run] = []
        for ch in text:
            use = face if ord(ch) in glyphs or ch.isspace() else self.hei
            if out and out[-1].face == use:
                out[-1] = Run(out[-1].text + ch, use)
            else:
                out.append(Run(ch, use))
        return out


# --- the 主体 as grid lines ----------------------------------------------------------


def _heading_runs(text: str, level: int, faces: Faces) -> list[Run]:
    """A heading paragraph: its first sentence in the level's face (一、黑, （一）楷), the rest
    in 仿宋; levels 3 and 4 are 仿宋 throughout (§7.3.3)."""
    face = {1: faces.hei, 2: faces.kai}.get(level)
    if face is None:
        return faces.runs(text, faces.fang)
    end = text.find("。")
    head, rest = (text, "") if end < 0 else (text[:end + 1], text[end + 1:])
    return faces.runs(head, face) + (faces.runs(rest, faces.fang) if rest else [])


def _blank() -> Line:
    return Line()


def body_lines(doc: OfficialDocument, faces: Faces) -> list[Line]:
    """标题 … 附注 as grid lines, in order (the 版头 and 版记 are placed separately)."""
    out: list[Line] = []
    for part in balanced_title(doc.title):
        out.append(Line(faces.runs(part, faces.song), size=TITLE_SIZE, align="centre", bold=True))
    out.append(_blank())
    if doc.main_recipients:
        out += break_runs(faces.runs(recipients_line(doc.main_recipients), faces.fang), justify=False)
    for para in paragraphs(doc.body):
        runs = _heading_runs(para, heading_level(para), faces)
        out += break_runs(runs, first_indent=2 * CELL)
    items = attachment_lines(doc.attachments)
    if items:
        out.append(_blank())
    label = width(faces.runs("附件：", faces.fang), BODY_SIZE)
    for i, item in enumerate(items):
        first = 2 * CELL if i == 0 else 2 * CELL + label
        number = item.removeprefix("附件：").split(".", 1)[0] + "." if len(items) > 1 else ""
        hang = first + width(faces.runs(("附件：" if i == 0 else "") + number, faces.fang), BODY_SIZE)
        out += break_runs(faces.runs(item, faces.fang), first_indent=first, rest_indent=hang, justify=False)
    if out and not out[-1].blank:
        out[-1].keep_with_next = True  # the last line of text goes over with the seal
    out += _signature_lines(doc, faces)
    return out


def _signature_lines(doc: OfficialDocument, faces: Faces) -> list[Line]:
    """发文机关署名 and 成文日期 per §7.3.5.1 (sealed): the date 右空四字, the name centred on
    the date, two blank lines above so the seal's top stays within a line of the text and
    the name and date sit below its centre. The last text line keeps with them, so no page
    holds only a seal."""
    date = Line(faces.runs(chinese_date(doc.written_on), faces.fang), align="right", right_inset=4 * CELL)
    cs = line_char_space(date)
    left = line_x(date, cs)
    span = (left, left + width(date.runs, BODY_SIZE, cs) - cs)
    name = Line(faces.runs(doc.issuer_signature, faces.fang), align="centre", centre_on=span, keep_with_next=True)
    lines = [Line(keep_with_next=True), Line(keep_with_next=True), name, date]
    if doc.note:
        note = doc.note.strip()
        if not note.startswith(("（", "(")):
            note = f"（{note}）"
        date.keep_with_next = True
        lines += break_runs(faces.runs(note, faces.fang), first_indent=2 * CELL, justify=False)
    return lines


def _record_lines(doc: OfficialDocument, faces: Faces) -> tuple[list[Line], Line | None]:
    """版记: 抄送 lines (左右各空一字, wrapped under the first name) and the 印发 line."""
    one = FOOT_SIZE
    copied: list[Line] = []
    text = copied_line(doc.copied_to)
    if text:
        hang = one + width(faces.runs("抄送：", faces.fang), FOOT_SIZE)
        copied = break_runs(faces.runs(text, faces.fang), size=FOOT_SIZE, first_indent=one,
                            rest_indent=hang, right_inset=one, justify=False)
    printed = None
    if doc.printed_by or doc.printed_on:
        printed = Line(faces.runs(doc.printed_by, faces.fang), size=FOOT_SIZE, indent=one)
    return copied, printed


# --- drawing -------------------------------------------------------------------------


def _draw_line(c: Canvas, line: Line, depth: float) -> None:
    cs = line_char_space(line)
    x = TEXT_LEFT + line_x(line, cs)
    y = TEXT_TOP - depth
    # fill and stroke makes the 宋 face heavy for 小标宋; the mode is graphics state that
    # outlives the text object (reportlab never writes "0 Tr" back), so it is saved/restored
    c.saveState()
    c.setLineWidth(BOLD_STROKE * line.size)
    for run in line.runs:
        t = c.beginText()
        t.setTextOrigin(x, y)
        t.setFont(run.face, line.size)
        t.setCharSpace(cs)
        if line.bold:
            t.setTextRenderMode(2)
        t.textOut(run.text)
        c.drawText(t)
        x += width([run], line.size, cs)
    c.restoreState()


def _rule(c: Canvas, depth: float, thickness_mm: float, colour=colors.black) -> None:
    c.saveState()
    c.setStrokeColor(colour)
    c.setLineWidth(thickness_mm * mm)
    y = TEXT_TOP - depth
    c.line(TEXT_LEFT, y, TEXT_LEFT + TEXT_W, y)
    c.restoreState()


def _draw_head(c: Canvas, doc: OfficialDocument, faces: Faces) -> float:
    """版头 on page 1; returns the 分隔线's depth."""
    slot = 0
    for text, face in ((copy_number_text(doc.copy_number), faces.fang),
                       (secrecy_text(doc), faces.hei), (doc.urgency.strip(), faces.hei)):
        if text:
            _draw_line(c, Line(faces.runs(text, face)), baseline_depth(slot, BODY_SIZE))
            slot += 1
    mark_bottom = _draw_mark(c, doc.issuer_mark, faces)
    return _draw_number_line(c, doc, faces, mark_bottom)


def _draw_mark(c: Canvas, text: str, faces: Faces) -> float:
    """The red 发文机关标志, centred, its top 35 mm below the 版心's top; a long name is
    narrowed (horizontal scale) to stay a character short of either edge. Returns the
    depth of its bottom edge."""
    size = MARK_SIZE_MM * mm
    natural = width(faces.runs(text, faces.song), size, 0.0)
    scale = max(MARK_MIN_SCALE, min(100.0, 100.0 * (TEXT_W - 2 * CELL) / max(natural, 1.0)))
    top = MARK_TOP_MM * mm
    c.saveState()
    c.setFillColor(RED)
    c.setStrokeColor(RED)
    c.setLineWidth(size * 0.02)
    t = c.beginText()
    t.setFont(faces.song, size)
    t.setHorizScale(scale)
    t.setTextRenderMode(2)
    t.setTextOrigin(TEXT_LEFT + (TEXT_W - natural * scale / 100) / 2, TEXT_TOP - top - (1 - DESCENT) * size)
    t.textOut(text)
    c.drawText(t)
    c.restoreState()
    return top + size


def _draw_number_line(c: Canvas, doc: OfficialDocument, faces: Faces, mark_bottom: float) -> float:
    """发文字号 two lines below the mark: centred, or for 上行文 left 空一字 with 签发人 right
    空一字 (two names a line, the number on the last line). Then the red 分隔线 4 mm below."""
    first = mark_bottom + 2 * PITCH
    number = faces.runs(doc.number, faces.fang)
    rows = [doc.signers[i:i + 2] for i in range(0, len(doc.signers), 2)] if doc.shows_signers else []
    depths = [first + (k + 1) * PITCH - (PITCH - BODY_SIZE) / 2 - DESCENT * BODY_SIZE
              for k in range(max(1, len(rows)))]
    depth = depths[-1]
    # the number first, so text extraction reads 发文字号 then 签发人 as the eye does
    if rows:
        _draw_line(c, Line(number, indent=CELL), depth)
    else:
        _draw_line(c, Line(number, align="centre"), depth)
    for k, names in enumerate(rows):
        label = "签发人：" if k == 0 else "　" * 4
        runs = faces.runs(label, faces.fang) + faces.runs("　".join(names), faces.kai)
        _draw_line(c, Line(runs, align="right", right_inset=CELL), depths[k])
    rule = depth + DESCENT * BODY_SIZE + RULE_GAP_MM * mm
    _rule(c, rule, RED_RULE_MM, RED)
    return rule


def _draw_record(c: Canvas, copied: list[Line], printed: Line | None, doc: OfficialDocument,
                 faces: Faces) -> None:
    """版记 on the last lines of the page; its last rule lies on the 版心's bottom edge."""
    rows = copied + ([printed] if printed else [])
    if not rows:
        return
    first = LINES - len(rows)
    _rule(c, first * PITCH, THICK_RULE_MM)
    for k, line in enumerate(rows):
        _draw_line(c, line, baseline_depth(first + k, line.size))
    if printed is not None:
        if copied:
            _rule(c, (LINES - 1) * PITCH, THIN_RULE_MM)
        if doc.printed_on:
            date = Line(faces.runs(chinese_date(doc.printed_on) + "印发", faces.fang), size=FOOT_SIZE,
                        align="right", right_inset=FOOT_SIZE)
            _draw_line(c, date, baseline_depth(LINES - 1, FOOT_SIZE))
    _rule(c, TEXT_H, THICK_RULE_MM)


def _draw_page_number(c: Canvas, page: int, faces: Faces) -> None:
    """— n —: 4号 宋, the 一字线 7 mm below the 版心; odd right, even left, 空一字."""
    text = f"— {page} —"
    line = Line(faces.runs(text, faces.song), size=FOOT_SIZE)
    if page % 2:
        line.align, line.right_inset = "right", FOOT_SIZE
    else:
        line.indent = FOOT_SIZE
    dash_height = 0.35 * FOOT_SIZE  # the 一字线 sits about a third of the em above the baseline
    _draw_line(c, line, TEXT_H + PAGE_NUMBER_GAP_MM * mm + dash_height)


def _render(doc: OfficialDocument, target: Path | BinaryIO, progress: Progress) -> None:
    faces = Faces()
    c = Canvas(str(target) if isinstance(target, Path) else target, pagesize=(PAGE_W, PAGE_H),
               pageCompression=1, initialFontName=faces.song)
    c.setTitle(doc.title)
    c.setAuthor(PRODUCER)
    c.setCreator(PRODUCER)
    copied, printed = _record_lines(doc, faces)
    record_rows = len(copied) + (1 if printed else 0)
    # the head is drawn to learn where the 分隔线 falls; the title goes on the grid line
    # nearest to two blank lines below it (§7.3.1)
    rule = _draw_head(c, doc, faces)
    first_slot = round((rule + 2 * PITCH) / PITCH)
    pages = paginate(body_lines(doc, faces), first_slot)
    last_used = pages[-1][-1][0] + 1 if pages[-1] else first_slot
    if record_rows and last_used > LINES - record_rows:
        pages.append([])  # the 版记 needs the foot of a page of its own
    for number, placed in enumerate(pages, start=1):
        progress.check()
        for slot, line in placed:
            if not line.blank:
                _draw_line(c, line, baseline_depth(slot, line.size))
        if number == len(pages):
            _draw_record(c, copied, printed, doc, faces)
        _draw_page_number(c, number, faces)
        c.showPage()
        progress.report(number, len(pages))
    c.save()


def build_official_document(doc: OfficialDocument, out: Output, progress: Progress | None = None) -> None:
    """Print one 发文 per GB/T 9704-2012. A path ``out`` is written atomically: a failed or
    cancelled build leaves no file."""
    write_pdf(out, lambda target: _render(doc, target, progress or quiet()))
