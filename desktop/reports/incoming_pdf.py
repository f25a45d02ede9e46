"""收文 printouts: the 收文处理笺 (one slip per document) and the 收文登记簿 (register).

The slip is one A4 portrait page: a boxed grid of the document's particulars, then
large boxes for 拟办意见, 领导批示, 承办科室意见 and 办理结果 with room to write by hand.
When the printed text is long, the handwriting room shrinks first, then the type size
steps down (10.5 → 7.5 pt), and whatever page is left over goes back to the boxes.
Only text that cannot fit one page even at 7.5 pt (dozens of long instructions) flows
on to further pages at 8.5 pt: each box then becomes a table with one row per
instruction or department, split between them (inside one only if it alone exceeds a
page), with a "收文处理笺（续）" heading and 第 x 页 / 共 y 页 on every page.
build_incoming_slip() returns the page count.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Spacer

from desktop.reports.pdf_base import (
    A4_PORTRAIT,
    LABEL_FILL,
    Label,
    Output,
    RegisterSpec,
    WritingBox,
    build_register_pdf,
    font,
    form_table,
    make_canvas,
    new_doc,
    para_text,
    styles,
    write_pdf,
)
from desktop.services.incoming import query
from desktop.services.incoming.slip import SlipData  # the slip is built from this plain data
from desktop.services.progress import Progress

if TYPE_CHECKING:
    from desktop.services.store import Session

DEFAULT_HOSPITAL = "医院办公室"
SLIP_TITLE = "收文处理笺"
REGISTER_TITLE = "收文登记簿"
BATCH = 500

# --- the 收文处理笺 -----------------------------------------------------------------------

_SLIP_MARGIN_X = 20 * mm
_SLIP_MARGIN_TOP = 16 * mm
_SLIP_MARGIN_BOTTOM = 18 * mm
_LABEL_W = 26 * mm
_SIZES = (10.5, 9.5, 8.5, 7.5)
_ROOM_STEPS = (1.0, 0.6, 0.3, 0.0)
# (minimum box height, handwriting room below printed text) at full scale, points
_BOXES = {
    "拟办意见": (95.0, 40.0),
    "领导批示": (165.0, 40.0),
    "承办科室意见": (115.0, 36.0),
    "办理结果": (85.0, 30.0),
}


def _slip_styles(size: float) -> StyleSheet1:
    sheet = styles(size)
    sheet["title"].fontSize = size + 8
    sheet["title"].leading = (size + 8) * 1.3
    return sheet


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _instruction_items(data: SlipData, sheet: StyleSheet1) -> list[list[Flowable]]:
    """Each instruction: its text, then "——leader　date" on a line of its own, right."""
    out: list[list[Flowable]] = []
    for leader, text, date in data.instructions:
        item: list[Flowable] = [Paragraph(para_text(text), sheet["body"])]
        sign = "　".join(x for x in (_text(leader), _text(date)) if x)
        if sign:
            item.append(Paragraph(para_text(f"——{sign}"), sheet["right"]))
        out.append(item)
    return out


def _department_items(data: SlipData, sheet: StyleSheet1) -> list[list[Flowable]]:
    out: list[list[Flowable]] = []
    for name, is_lead, opinion in data.departments:
        head = f"{_text(name)}（{'主办' if is_lead else '协办'}）"
        opinion = _text(opinion)
        out.append([Paragraph(para_text(f"{head}：{opinion}" if opinion else head), sheet["body"])])
    return out


def _boxes(data: SlipData, sheet: StyleSheet1) -> list[tuple[str, list[list[Flowable]], Flowable | None]]:
    """(label, items, footer) per box; an item is a few flowables kept together."""
    body = sheet["body"]
    proposal = [[Paragraph(para_text(data.proposal), body)]] if data.proposal else []
    result = [[Paragraph(para_text(data.result), body)]] if data.result else []
    blank = "&nbsp;" * 8
    when = para_text(data.completed_on) if _text(data.completed_on) else f"{blank}年{blank}月{blank}日"
    done = Paragraph(f"办结日期：{when}", sheet["right"])
    return [
        ("拟办意见", proposal, None),
        ("领导批示", _instruction_items(data, sheet), None),
        ("承办科室意见", _department_items(data, sheet), None),
        ("办理结果", result, done),
    ]


def _slip_story(data: SlipData, hospital: str, size: float, room: float, *,
                flowing: bool = False, grow: float = 0.0) -> list[Flowable]:
    """The slip's flowables. room scales the handwriting space; grow adds height to every
    box (to fill the page); flowing lays the boxes out to split across pages."""
    sheet = _slip_styles(size)
    width = A4_PORTRAIT[0] - 2 * _SLIP_MARGIN_X
    value_w = (width - 2 * _LABEL_W) / 2
    pad = 4 if size >= 9 else 3
    grid = form_table(
        [
            [Label("来文单位"), data.sender, Label("来文字号"), data.sender_doc_no],
            [Label("收文编号"), data.number, Label("收文日期"), data.received_at],
            [Label("文件标题"), data.title, None, None],
            [Label("文种"), data.doc_type, Label("密级"), data.secrecy],
            [Label("紧急程度"), data.urgency, Label("份数"), _text(data.copies)],
            [Label("办理时限"), data.deadline, None, None],
        ],
        [_LABEL_W, value_w, _LABEL_W, value_w],
        spans=[(1, 2, 3, 2), (1, 5, 3, 5)],
        sheet=sheet,
        padding=pad,
    )
    title = Paragraph(para_text(f"{hospital}{SLIP_TITLE}"), sheet["title"])
    story: list[Flowable] = [title, Spacer(1, size * 0.9), grid]
    widths = [_LABEL_W, width - _LABEL_W]
    top = [("VALIGN", (1, 0), (1, -1), "TOP")]
    if flowing:
        # one table per box, one row per item: splits between instructions, and
        # inside an item only if that single item is longer than a page
        for name, items, footer in _boxes(data, sheet):
            cells: list[list[Flowable]] = [list(item) for item in items] or [[Spacer(1, 12)]]
            if footer is not None:
                cells.append([footer])
            rows = [[Label(name) if i == 0 else None, c] for i, c in enumerate(cells)]
            story.append(form_table(
                rows, widths, sheet=sheet, padding=pad, inner_grid=False, splitInRow=1,
                extra_style=top + [("VALIGN", (0, 0), (0, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL)],
            ))
        return story
    rows = []
    share = grow / len(_BOXES)
    floor = 2 * sheet["body"].leading  # an empty box never collapses
    for name, items, footer in _boxes(data, sheet):
        min_h, extra = _BOXES[name]
        content = [f for item in items for f in item]
        box = WritingBox(content, min_height=max(floor, min_h * room) + share,
                         room=extra * room + share, footer=footer, gap=size * 0.3)
        rows.append([Label(name), box])
    story.append(form_table(rows, widths, sheet=sheet, padding=pad, extra_style=top))
    return story


def _story_height(story: list[Flowable], width: float, height: float) -> float:
    return sum(f.wrap(width, height)[1] for f in story)


def build_incoming_slip(detail: SlipData, out: Output, hospital: str = DEFAULT_HOSPITAL) -> int:
    """Print the 收文处理笺; returns the number of pages (1 unless the text cannot fit)."""
    width = A4_PORTRAIT[0] - 2 * _SLIP_MARGIN_X
    height = A4_PORTRAIT[1] - _SLIP_MARGIN_TOP - _SLIP_MARGIN_BOTTOM
    story: list[Flowable] | None = None
    for size in _SIZES:
        for room in _ROOM_STEPS:
            used = _story_height(_slip_story(detail, hospital, size, room), width, height)
            if used <= height:
                # fits: hand what is left of the page to the boxes, as writing room
                story = _slip_story(detail, hospital, size, room, grow=max(0.0, height - used - 1))
                break
        if story is not None:
            break
    if story is None:
        story = _slip_story(detail, hospital, _SIZES[-2], 0.0, flowing=True)

    pages = [0]

    def later_pages(canv, doc) -> None:
        canv.saveState()
        canv.setFont(font(), 9)
        label = f"{SLIP_TITLE}（续）　收文编号：{detail.number}"
        canv.drawString(_SLIP_MARGIN_X, A4_PORTRAIT[1] - _SLIP_MARGIN_TOP + 4 * mm, label)
        canv.restoreState()

    def count_page(canv, doc) -> None:
        pages[0] += 1
        if pages[0] > 1:
            later_pages(canv, doc)

    def build(target: Path | BinaryIO) -> None:
        doc = new_doc(
            target,
            A4_PORTRAIT,
            title=f"{SLIP_TITLE} {detail.number}".strip(),
            margins=(_SLIP_MARGIN_X, _SLIP_MARGIN_X, _SLIP_MARGIN_TOP, _SLIP_MARGIN_BOTTOM),
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="slip")
        doc.addPageTemplates([PageTemplate(id="slip", frames=[frame], onPage=count_page)])
        doc.build(list(story), canvasmaker=make_canvas())

    write_pdf(out, build)
    return pages[0]


# --- the 收文登记簿 ----------------------------------------------------------------------

# Printed widths differ a little from the on-screen hints: the title gets the room,
# the date column holds "2026-03-02 09:30" on one line.
_PRINT_WIDTHS = {
    "number": 14, "received_at": 14, "sender_doc_no": 18, "title": 40, "urgency": 5.5,
}
_CENTRED = {"received_at", "doc_type", "secrecy", "urgency", "deadline", "step"}


def register_columns() -> list[tuple[str, float, str]]:
    return [
        (c.title, _PRINT_WIDTHS.get(c.key, c.width), "center" if c.key in _CENTRED else "left")
        for c in query.COLUMNS
    ]


def _register_rows(session: Session, ids: Sequence[int], today: dt.date) -> Iterator[tuple]:
    for start in range(0, len(ids), BATCH):
        batch = list(ids[start:start + BATCH])
        rows = query.fetch_rows(session, batch, today=today)
        for id_ in batch:
            row = rows.get(id_)
            if row is not None:
                yield row.values


def build_incoming_register(session: Session, filt: query.IncomingFilter, period_label: str,
                            out: Output, progress: Progress | None = None) -> None:
    """Print the 收文登记簿 for the filtered documents, in 收文编号 order.

    Rows are fetched 500 at a time as the layout needs them; see build_register_pdf
    for progress, cancellation and the atomic write.
    """
    ids = query.list_ids(session, filt, sort_key="number", descending=False)
    spec = RegisterSpec(
        title=REGISTER_TITLE,
        period=period_label,
        columns=register_columns(),
        rows=_register_rows(session, ids, filt.today),
        total_rows=len(ids),
    )
    build_register_pdf(spec, out, progress=progress)


__all__ = [
    "BATCH",
    "DEFAULT_HOSPITAL",
    "REGISTER_TITLE",
    "SLIP_TITLE",
    "build_incoming_register",
    "build_incoming_slip",
    "register_columns",
]
