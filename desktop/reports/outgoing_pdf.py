"""发文 printouts besides the GB/T 9704 document itself (reports.gbt9704): the 发文稿纸
(drafting sheet) and the 发文登记簿 (register) for a period.

The sheet is one A4 portrait page, as offices' printed 发文稿纸 are: the 签发 box on
top and largest (the leader writes 签发 instructions by hand), then 会签 and 核稿 /
拟稿, then the document's particulars. A box for a step not yet done stays empty, with
blanks for the name and date to be signed by hand.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Spacer

from desktop.reports.pdf_base import (
    A4_PORTRAIT,
    Label,
    Output,
    RegisterSpec,
    WritingBox,
    build_register_pdf,
    form_table,
    make_canvas,
    new_doc,
    para_text,
    styles,
    write_pdf,
)
from desktop.services.hospital import hospital_name
from desktop.services.outgoing.draft_sheet import DraftSheetData
from desktop.services.outgoing.export_rows import PRINT_COLUMNS, print_rows, register_ids
from desktop.services.progress import Progress

if TYPE_CHECKING:
    from desktop.services.store import Session

SHEET_TITLE = "发文稿纸"
REGISTER_TITLE = "发文登记簿"

_MARGIN_X = 18 * mm
_MARGIN_TOP = 16 * mm
_MARGIN_BOTTOM = 16 * mm
_LABEL_W = 31 * mm
_BLANK = "&nbsp;" * 8
# (minimum height, handwriting room) of the boxes signed by hand, points
_SIGN_OFF_BOX = (215.0, 60.0)
_COUNTERSIGN_BOX = (105.0, 30.0)
_REVIEW_BOX = (70.0, 24.0)


def _signed(label: str, who: str, day: dt.date | None, *, two_lines: bool = False) -> str:
    """"签发人：张院长　2026年3月2日", blanks to sign by hand where nothing is recorded;
    two_lines puts the date under the name (the half-width boxes)."""
    name = para_text(who) if who else _BLANK * 2
    date = f"{day.year}年{day.month}月{day.day}日" if day else f"{_BLANK}年{_BLANK}月{_BLANK}日"
    return f"{label}：{name}{'<br/>' if two_lines else '　'}{date}"


def _value(value: object) -> str:
    return "" if value is None else str(value)


def _box(content: list[Flowable], size: tuple[float, float], footer: Flowable | None = None) -> WritingBox:
    min_h, room = size
    return WritingBox(content, min_height=min_h, room=room, footer=footer, gap=3)


def _sheet_story(data: DraftSheetData) -> list[Flowable]:
    sheet = styles(11)
    body, right = sheet["body"], sheet["right"]
    width = A4_PORTRAIT[0] - 2 * _MARGIN_X
    value_w = (width - 2 * _LABEL_W) / 2
    countersign = [Paragraph(para_text(data.countersign_departments), body)] if data.countersign_departments else []
    sign_off = _box([], _SIGN_OFF_BOX, Paragraph(_signed("签发人", data.signed_by, data.signed_on), right))
    counter = _box(countersign, _COUNTERSIGN_BOX,
                   Paragraph(_signed("会签日期", "", data.countersigned_on).replace(f"：{_BLANK * 2}　", "："), right))
    review = _box([], _REVIEW_BOX, Paragraph(_signed("核稿人", data.reviewer, data.reviewed_on, two_lines=True), right))
    draft = _box([Paragraph(para_text(f"拟稿科室：{data.drafting_department}"), body)], _REVIEW_BOX,
                 Paragraph(_signed("拟稿人", data.drafter, data.drafted_on, two_lines=True), right))
    marks = "　".join(x for x in (data.secrecy, data.urgency) if x)
    rows: list[list[object]] = [
        [Label("签发"), sign_off, None, None],
        [Label("会签"), counter, None, None],
        [Label("核稿"), review, Label("拟稿"), draft],
        [Label("标题"), data.title, None, None],
        [Label("主送"), data.main_recipients, None, None],
        [Label("抄送"), data.cc_recipients, None, None],
        [Label("文种"), data.doc_type, Label("密级/紧急程度"), marks],
        [Label("发文字号"), data.number, Label("份数"), _value(data.copies)],
        [Label("附件"), data.attachment_note, None, None],
        [Label("复文"), f"答复收文 {data.reply_to}" if data.reply_to else "", Label("备注"), data.remarks],
    ]
    spans = [(1, r, 3, r) for r in (0, 1, 3, 4, 5, 8)]
    grid = form_table(rows, [_LABEL_W, value_w, _LABEL_W, value_w], spans=spans, sheet=sheet, padding=5,
                      extra_style=[("VALIGN", (1, 0), (1, 2), "TOP"), ("VALIGN", (3, 2), (3, 2), "TOP")])
    title = Paragraph(para_text(f"{data.hospital}{SHEET_TITLE}"), sheet["title"])
    return [title, Spacer(1, 8 * mm), grid]


def build_draft_sheet(data: DraftSheetData, out: Output) -> None:
    """Print the 发文稿纸 of one document (one A4 portrait page)."""

    def build(target: Path | BinaryIO) -> None:
        doc = new_doc(target, A4_PORTRAIT, title=f"{SHEET_TITLE} {data.number or data.title}",
                      margins=(_MARGIN_X, _MARGIN_X, _MARGIN_TOP, _MARGIN_BOTTOM))
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="sheet")
        doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame])])
        doc.build(_sheet_story(data), canvasmaker=make_canvas())

    write_pdf(out, build)


def build_outgoing_register(session: Session, date_from: dt.date | None, date_to: dt.date | None,
                            period_label: str, out: Output, progress: Progress | None = None,
                            only: Collection[int] | None = None) -> int:
    """Print the 发文登记簿 of the period (see export_rows); returns the number of rows.

    Rows are read 500 at a time as the layout needs them; progress, cancellation and the
    atomic write are build_register_pdf's.
    """
    ids = register_ids(session, date_from, date_to, only)
    spec = RegisterSpec(
        title=f"{hospital_name(session)}{REGISTER_TITLE}",
        period=period_label,
        columns=PRINT_COLUMNS,
        rows=print_rows(session, ids),
        total_rows=len(ids),
    )
    build_register_pdf(spec, out, progress=progress)
    return len(ids)
