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

from reportlab.lib.colors import black
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
from desktop.services.hospital import hospital_name
from desktop.services.incoming import query
from desktop.services.incoming.slip import (
    SlipData,  # the slip is built from this plain data
    register_extras,
)
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
    "拟办意见": (80.0, 30.0),
    "领导批示": (150.0, 40.0),
    "承办科室意见": (100.0, 12.0),  # plus _DEPT_ROOM under each department
    "传阅情况": (40.0, 12.0),
    "办理结果": (70.0, 24.0),
    "归档": (0.0, 0.0),
}
_DEPT_ROOM = 30.0  # handwriting room under each department's line, at full scale
SECRET_LEVELS = ("秘密", "机密", "绝密")  # marked at the top left of the slip
_BLANK = "&nbsp;" * 8


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


def _department_items(data: SlipData, sheet: StyleSheet1, room: float) -> list[list[Flowable]]:
    """One line per department, each with its own room to write its opinion by hand."""
    out: list[list[Flowable]] = []
    for name, is_lead, opinion in data.departments:
        head = f"{_text(name)}（{'主办' if is_lead else '协办'}）"
        opinion = _text(opinion)
        item: list[Flowable] = [Paragraph(para_text(f"{head}：{opinion}" if opinion else f"{head}："), sheet["body"])]
        if room > 0:
            item.append(Spacer(1, _DEPT_ROOM * room * (0.5 if opinion else 1.0)))
        out.append(item)
    return out


def _circulation_items(data: SlipData, sheet: StyleSheet1) -> list[list[Flowable]]:
    out: list[list[Flowable]] = []
    for reader, handed, returned in data.circulations:
        back = f"退 {returned}" if _text(returned) else "未退回"
        out.append([Paragraph(para_text(f"{_text(reader)}　送 {_text(handed)}　{back}"), sheet["body"])])
    return out


def _sign(label: str, who: str, when: str) -> str:
    """"拟办人：张三　2026-03-02", blanks to fill by hand where nothing is recorded."""
    name = para_text(who) if _text(who) else _BLANK * 2
    date = para_text(when) if _text(when) else f"{_BLANK}年{_BLANK}月{_BLANK}日"
    return f"{label}：{name}　{date}"


def _archive_line(data: SlipData) -> str:
    def value(text: str) -> str:
        return para_text(text) if _text(text) else _BLANK

    return (f"卷号：{value(data.archive_volume)}　　件号：{value(data.archive_item)}　　"
            f"归档日期：{value(data.archived_on)}")


def _boxes(data: SlipData, sheet: StyleSheet1, room: float = 1.0
           ) -> list[tuple[str, list[list[Flowable]], Flowable | None]]:
    """(label, items, footer) per box; an item is a few flowables kept together."""
    body = sheet["body"]
    proposal = [[Paragraph(para_text(data.proposal), body)]] if data.proposal else []
    result = [[Paragraph(para_text(data.result), body)]] if data.result else []
    when = para_text(data.completed_on) if _text(data.completed_on) else f"{_BLANK}年{_BLANK}月{_BLANK}日"
    done = Paragraph(f"办结日期：{when}", sheet["right"])
    proposer = Paragraph(_sign("拟办人", data.proposed_by, data.proposed_on), sheet["right"])
    return [
        ("拟办意见", proposal, proposer),
        ("领导批示", _instruction_items(data, sheet), None),
        ("承办科室意见", _department_items(data, sheet, room), None),
        ("传阅情况", _circulation_items(data, sheet), None),
        ("办理结果", result, done),
        ("归档", [[Paragraph(_archive_line(data), body)]], None),
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
            [Label("紧急程度"), data.urgency, Label("办理时限"), data.deadline],
            [Label("份数"), _text(data.copies), Label("页数"), _text(data.pages)],
            [Label("登记人"), data.registered_by, Label("拟办人"), data.proposed_by],
        ],
        [_LABEL_W, value_w, _LABEL_W, value_w],
        spans=[(1, 2, 3, 2)],
        sheet=sheet,
        padding=pad,
    )
    title = Paragraph(para_text(f"{hospital}{SLIP_TITLE}"), sheet["title"])  # hospital: 单位名称
    story: list[Flowable] = [title, Spacer(1, size * 0.9), grid]
    widths = [_LABEL_W, width - _LABEL_W]
    top = [("VALIGN", (1, 0), (1, -1), "TOP")]
    if flowing:
        # one table per box, one row per item: splits between instructions, and
        # inside an item only if that single item is longer than a page
        for name, items, footer in _boxes(data, sheet, 0.0):
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
    share = grow / (len(_BOXES) - 1)  # 归档 stays one line
    floor = 2 * sheet["body"].leading  # an empty box never collapses
    for name, items, footer in _boxes(data, sheet, room):
        min_h, extra = _BOXES[name]
        content = [f for item in items for f in item]
        if name == "归档":  # one line, never stretched
            rows.append([Label(name), WritingBox(content)])
            continue
        box = WritingBox(content, min_height=max(floor, min_h * room) + share,
                         room=extra * room + share, footer=footer, gap=size * 0.3)
        rows.append([Label(name), box])
    story.append(form_table(rows, widths, sheet=sheet, padding=pad, extra_style=top))
    return story


def _secrecy_mark(canv, secrecy: str) -> None:
    """秘密 and above: the level in bold at the top left of every page (as GB/T 9704 places it)."""
    if secrecy not in SECRET_LEVELS:
        return
    canv.saveState()
    canv.setFont(font(), 14)
    canv.setFillColor(black)
    x, y = _SLIP_MARGIN_X, A4_PORTRAIT[1] - _SLIP_MARGIN_TOP + 3 * mm
    canv.drawString(x, y, secrecy)
    canv.drawString(x + 0.35, y, secrecy)  # a second pass, slightly offset: bold without a bold face
    canv.restoreState()


def _story_height(story: list[Flowable], width: float, height: float) -> float:
    return sum(f.wrap(width, height)[1] for f in story)


def build_incoming_slip(detail: SlipData, out: Output, hospital: str | None = None) -> int:
    """Print the 收文处理笺; returns the number of pages (1 unless the text cannot fit).

    The heading names ``hospital``, else the 单位名称 in the data, else DEFAULT_HOSPITAL.
    """
    hospital = hospital or detail.hospital or DEFAULT_HOSPITAL
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
        _secrecy_mark(canv, detail.secrecy)
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

# Relative widths share what the content-sized (fit) columns leave: the title gets most.
_PRINT_WIDTHS = {"sender": 16, "title": 40, "lead_department": 8}
# sized to their longest cell, so a 文号 ("湘卫发〔2026〕12号"), a date or a 环节 never wraps
_FIT = {"number", "received_at", "sender_doc_no", "doc_type", "secrecy", "urgency", "deadline", "lead_department",
        "step"}
_CENTRED = {"received_at", "doc_type", "secrecy", "urgency", "deadline", "step"}
# printed after the on-screen columns: (header, relative width, align, fit)
_EXTRA_COLUMNS: list[tuple] = [("份数", 3, "center", True), ("备注", 10, "left", False)]


def register_columns() -> list[tuple]:
    return [
        (c.title, _PRINT_WIDTHS.get(c.key, c.width), "center" if c.key in _CENTRED else "left", c.key in _FIT)
        for c in query.COLUMNS
    ] + _EXTRA_COLUMNS


def _register_rows(session: Session, ids: Sequence[int], today: dt.date) -> Iterator[tuple]:
    for start in range(0, len(ids), BATCH):
        batch = list(ids[start:start + BATCH])
        rows = query.fetch_rows(session, batch, today=today)
        extras = register_extras(session, batch)
        for id_ in batch:
            row = rows.get(id_)
            if row is not None:
                yield (*row.values, *extras.get(id_, ("", "")))


def build_incoming_register(session: Session, filt: query.IncomingFilter, period_label: str,
                            out: Output, progress: Progress | None = None) -> None:
    """Print the 收文登记簿 for the filtered documents, in 收文编号 order.

    Rows are fetched 500 at a time as the layout needs them; see build_register_pdf
    for progress, cancellation and the atomic write.
    """
    ids = query.list_ids(session, filt, sort_key="number", descending=False)
    spec = RegisterSpec(
        title=f"{hospital_name(session)}{REGISTER_TITLE}",  # 单位名称 first, when set
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
