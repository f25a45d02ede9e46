"""督办 printouts: the 督办通知单 and the 催办单 (one A4 form each, to the responsible
department) and the 督办通报 for a period (A4 portrait; title and period on every page, the
tables' headers repeated, 第 x 页 / 共 y 页).

Built from plain service data only (services.supervision.paper / bulletin); no Qt.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from desktop.reports.pdf_base import (
    A4_PORTRAIT,
    GRID_COLOR,
    HEADER_FILL,
    Label,
    Output,
    WritingBox,
    font,
    form_table,
    make_canvas,
    new_doc,
    para_text,
    styles,
    write_pdf,
)
from desktop.services.supervision.bulletin import RATE_RULE, TITLE, Bulletin
from desktop.services.supervision.paper import NoticeData, ReminderData, cn_date

NOTICE_TITLE = "督办通知单"
REMINDER_TITLE = "催办单"
OFFICE = "院长办公室"
DEFAULT_HOSPITAL = "医院"
_MARGIN_X = 20 * mm
_MARGIN_TOP = 18 * mm
_MARGIN_BOTTOM = 18 * mm
_LABEL_W = 26 * mm
_WIDTH = A4_PORTRAIT[0] - 2 * _MARGIN_X


def _form(title: str, number: str, rows: list[list[object]], spans: Sequence[tuple[int, int, int, int]],
          closing: str, signed_on: str) -> list[Flowable]:
    sheet = styles(10.5)
    value_w = (_WIDTH - 2 * _LABEL_W) / 2
    story: list[Flowable] = [
        Paragraph(para_text(title), sheet["title"]), Spacer(1, 4 * mm),
        Paragraph(para_text(f"督办编号：{number}"), sheet["right"]), Spacer(1, 2 * mm),
        form_table(rows, [_LABEL_W, value_w, _LABEL_W, value_w], spans=list(spans), sheet=sheet, padding=5),
        Spacer(1, 5 * mm), Paragraph(para_text(closing), sheet["body"]), Spacer(1, 12 * mm),
        Paragraph(para_text(f"{OFFICE}（督查督办）"), sheet["right"]),
        Paragraph(para_text(signed_on), sheet["right"]),
    ]
    return story


def _build_form(story: list[Flowable], title: str, out: Output) -> None:
    def build(target: Path | BinaryIO) -> None:
        doc = new_doc(target, A4_PORTRAIT, title=title,
                      margins=(_MARGIN_X, _MARGIN_X, _MARGIN_TOP, _MARGIN_BOTTOM))
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="form")
        doc.addPageTemplates([PageTemplate(id="form", frames=[frame])])
        doc.build(list(story), canvasmaker=make_canvas())

    write_pdf(out, build)


def _box(text: str, height: float) -> WritingBox:
    return WritingBox([Paragraph(para_text(text), styles(10.5)["body"])], min_height=height)


def _particulars(n: NoticeData) -> list[list[object]]:
    return [
        [Label("督办事项"), n.task, None, None],
        [Label("来源"), n.source, None, None],
        [Label("交办领导"), n.assigned_by, Label("交办日期"), n.assigned_on],
        [Label("主办科室"), n.lead_department, Label("责任人"), n.responsible],
        [Label("协办科室"), n.assisting_departments, None, None],
        [Label("办理时限"), n.deadline, None, None],
        [Label("重要程度"), n.priority, Label("进展报送"), n.report_cycle],
    ]


_PARTICULAR_SPANS = [(1, 0, 3, 0), (1, 1, 3, 1), (1, 4, 3, 4), (1, 5, 3, 5)]


def build_notice(n: NoticeData, out: Output) -> None:
    """督办通知单: the task, where it came from, the leader's words, who does it, by when."""
    sign = f"——{n.assigned_by}　{n.instruction_on}".rstrip() if n.assigned_by else ""
    instruction = n.instruction + (f"\n{sign}" if sign and n.instruction else "")
    rows = _particulars(n) + [
        [Label("领导批示"), _box(instruction or "（无）", 40 * mm), None, None],
        [Label("办复要求"), _box(n.requirement or "办结后请将办理结果及佐证材料书面报院长办公室。", 22 * mm), None, None],
        [Label("签收"), "签收人：", Label("签收日期"), "　　年　　月　　日"],
    ]
    spans = [*_PARTICULAR_SPANS, (1, 7, 3, 7), (1, 8, 3, 8)]
    closing = (f"{n.lead_department}：根据{n.assigned_by}的交办意见，现将上述事项列入督办，请于办理时限前办结，"
               "按要求报送进展和办理结果。确有困难需延期的，请在时限前提出延期申请。")
    story = _form(f"{n.hospital or DEFAULT_HOSPITAL}{NOTICE_TITLE}", n.number, rows, spans, closing, n.issued_on)
    _build_form(story, f"{NOTICE_TITLE} {n.number}", out)


def build_reminder(r: ReminderData, out: Output) -> None:
    """催办单: the item, how late it is, the last report, and a date to answer by."""
    n = r.notice
    rows = _particulars(n) + [
        [Label("办理状态"), f"{r.status}（{r.late_text}）", Label("催办次数"), f"第 {r.round} 次"],
        [Label("最近进展"), _box(r.last_progress, 18 * mm), None, None],
        [Label("科室答复"), _box("", 40 * mm), None, None],
        [Label("签收"), "签收人：", Label("签收日期"), "　　年　　月　　日"],
    ]
    spans = [*_PARTICULAR_SPANS, (1, 8, 3, 8), (1, 9, 3, 9)]
    closing = (f"{n.lead_department}：上述督办事项{r.late_text}。请抓紧办理，并于{r.answer_by}前将办理情况"
               "书面答复院长办公室。")
    story = _form(f"{n.hospital or DEFAULT_HOSPITAL}{REMINDER_TITLE}", n.number, rows, spans, closing, n.issued_on)
    _build_form(story, f"{REMINDER_TITLE} {n.number}", out)


# --- the 督办通报 ------------------------------------------------------------------------

_DEPT_HEADER = ("序号", "主办科室", "督办事项", "按期办结", "逾期办结", "逾期未办结", "正在办理", "进展逾期", "按期率")
_DEPT_WIDTHS = (11, 37, 18, 18, 18, 20, 18, 18, 20)
_OVERDUE_HEADER = ("序号", "督办编号", "督办事项", "主办科室", "责任人", "办理时限", "逾期天数")
_OVERDUE_WIDTHS = (11, 36, 55, 22, 15, 22, 17)


def _table(header: Sequence[str], rows: list[list[object]], widths: Sequence[float], *,
           total_row: bool = False, left: Sequence[int] = ()) -> Table:
    sheet = styles(10)
    cell, centre, head = sheet["cell"], sheet["cell_center"], sheet["header_cell"]
    data = [[Paragraph(para_text(h), head) for h in header]]
    for row in rows:
        data.append([Paragraph(para_text(v), cell if i in left else centre) for i, v in enumerate(row)])
    scale = _WIDTH / sum(widths)
    cmds = [("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR), ("BOX", (0, 0), (-1, -1), 1, GRID_COLOR),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), font())]
    if total_row:
        cmds.append(("BACKGROUND", (0, -1), (-1, -1), HEADER_FILL))
    return Table(data, colWidths=[w * scale for w in widths], repeatRows=1, style=TableStyle(cmds))


def bulletin_story(b: Bulletin) -> list[Flowable]:
    sheet = styles(10.5)
    t = b.total
    summary = (f"本期（{b.period}）督办事项共 {t.total} 项：按期办结 {t.on_time} 项，逾期办结 {t.late} 项，"
               f"逾期未办结 {t.overdue} 项，正在办理 {t.in_progress} 项，按期率 {t.rate_text}。"
               f"统计截至{cn_date(b.as_of)}。")
    dept_rows: list[list[object]] = [
        [str(i), x.department, x.total, x.on_time, x.late, x.overdue, x.in_progress, x.report_late, x.rate_text]
        for i, x in enumerate(b.departments, start=1)]
    dept_rows.append(["", t.department, t.total, t.on_time, t.late, t.overdue, t.in_progress, t.report_late,
                      t.rate_text])
    story: list[Flowable] = [
        Paragraph(para_text(summary), sheet["body"]), Spacer(1, 4 * mm),
        Paragraph(para_text("一、各科室办理情况（按期率由低到高）"), sheet["body"]), Spacer(1, 2 * mm),
        _table(_DEPT_HEADER, dept_rows, _DEPT_WIDTHS, total_row=True, left=(1,)),
        Spacer(1, 1.5 * mm), Paragraph(para_text(f"注：{RATE_RULE}；“—”表示本期尚无到期或办结事项；"
                                                 "进展逾期：未办结且未按报送周期报送进展。"), sheet["small"]),
        Spacer(1, 6 * mm), Paragraph(para_text("二、逾期未办结事项"), sheet["body"]), Spacer(1, 2 * mm),
    ]
    if b.overdue:
        rows: list[list[object]] = [
            [str(i), x.number, x.task, x.department, x.responsible, str(x.due_on), f"{x.days_overdue} 天"]
            for i, x in enumerate(b.overdue, start=1)]
        story.append(_table(_OVERDUE_HEADER, rows, _OVERDUE_WIDTHS, left=(2,)))
    else:
        story.append(Paragraph(para_text("本期无逾期未办结事项。"), sheet["body"]))
    return story


def build_bulletin(b: Bulletin, out: Output, hospital: str = "") -> None:
    """督办通报: title and period on every page, headers repeated, page x of y."""
    title = f"{hospital}{TITLE}"
    top = 22 * mm

    def on_page(canv, doc) -> None:
        canv.saveState()
        canv.setFont(font(), 16)
        y = A4_PORTRAIT[1] - _MARGIN_TOP
        canv.drawCentredString(A4_PORTRAIT[0] / 2, y - 6, title)
        canv.setFont(font(), 10)
        canv.drawCentredString(A4_PORTRAIT[0] / 2, y - 22, f"期间：{b.period}")
        canv.restoreState()

    def build(target: Path | BinaryIO) -> None:
        doc = new_doc(target, A4_PORTRAIT, title=f"{title}（{b.period}）",
                      margins=(_MARGIN_X, _MARGIN_X, _MARGIN_TOP + top, _MARGIN_BOTTOM))
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="bulletin")
        doc.addPageTemplates([PageTemplate(id="bulletin", frames=[frame], onPage=on_page)])
        doc.build(bulletin_story(b), canvasmaker=make_canvas())

    write_pdf(out, build)
