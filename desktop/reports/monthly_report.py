"""院办工作月报: the A4 report the director hands upward, and the 图表 tab's one-PDF export.

Built from service data only (services.stats through reports.charts.CHARTS): a title page,
the key figures in sentences and a table, every chart (PNG at 200 dpi) with the table
behind it, the 督办 overdue list, the duty summary, and 第 x 页 / 共 y 页 on every page.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from desktop.reports import report_text as text
from desktop.reports.charts import CHARTS, save_figure
from desktop.reports.pdf_base import (
    A4_PORTRAIT,
    GRID_COLOR,
    HEADER_FILL,
    Output,
    font,
    make_canvas,
    new_doc,
    para_text,
    styles,
    write_pdf,
)
from desktop.services.stats.figures import KeyFigure, key_figures
from desktop.services.stats.periods import Period
from desktop.services.stats.supervision import RATE_RULE, OverdueItem, overdue_items

OFFICE = "院办公室"
MARGIN = 20 * mm
WIDTH = A4_PORTRAIT[0] - 2 * MARGIN
CHART_DPI = 200
OVERDUE_LISTED = 20


@dataclass(frozen=True)
class ReportData:
    hospital: str
    period: Period
    today: dt.date
    figures: list[KeyFigure]
    charts: dict[str, Any]  # CHARTS key → its data
    overdue: list[OverdueItem]

    def figure(self, key: str) -> KeyFigure:
        return next(k for k in self.figures if k.key == key)


def gather(db: Any, hospital: str, period: Period, visible: tuple[str, ...], today: dt.date) -> ReportData:
    """Everything the report prints, from services.stats (a few aggregate queries)."""
    return ReportData(hospital, period, today, key_figures(db, period, visible, today),
                      {spec.key: spec.data(db, period, visible, today) for spec in CHARTS},
                      overdue_items(db, period, today))


# --- pieces ------------------------------------------------------------------------------


def _style(name: str, size: float, **kw: Any) -> ParagraphStyle:
    kw.setdefault("leading", size * 1.5)
    return ParagraphStyle(name, fontName=font(), fontSize=size, wordWrap="CJK", **kw)


def _h1(words: str) -> Paragraph:
    return Paragraph(para_text(words), _style("h1", 15, spaceBefore=8, spaceAfter=6))


def _h2(words: str) -> Paragraph:
    return Paragraph(para_text(words), _style("h2", 12, spaceBefore=6, spaceAfter=4))


def _para(words: str) -> Paragraph:
    return Paragraph(para_text(words), _style("report_body", 11, firstLineIndent=22, spaceAfter=4))


def _chart_image(data: ReportData, key: str, width: float = WIDTH) -> Image:
    spec = next(s for s in CHARTS if s.key == key)
    chart = spec.draw(data.charts[key], data.period)
    buf = io.BytesIO()
    save_figure(chart, buf, "png", dpi=CHART_DPI)
    w, h = chart.figure.get_size_inches()
    buf.seek(0)
    return Image(buf, width=width, height=width * h / w)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
           aligns: str = "") -> Table:
    """A ruled table, its header shaded and repeated on every page it spans."""
    cell = styles()["cell"]
    center = styles()["cell_center"]
    data = [[Paragraph(para_text(h), center) for h in header]]
    for row in rows:
        data.append([Paragraph(para_text(v), center if (aligns[c:c + 1] or "c") == "c" else cell)
                     for c, v in enumerate(row)])
    if not rows:
        data.append([Paragraph("本期无记录", center)] + [""] * (len(header) - 1))
    total = sum(widths)
    table = Table(data, colWidths=[WIDTH * w / total for w in widths], repeatRows=1)
    cmds = [("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR), ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if not rows:
        cmds.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(cmds)
    return table


def _figures_table(data: ReportData) -> Table:
    p = data.period
    rows = []
    for k in data.figures:
        value = text.pct(k.value) if k.unit == "%" else f"{k.value:.0f} {k.unit}"
        before = text.pct(k.previous) if k.unit == "%" else f"{k.previous:.0f} {k.unit}"
        change = text.rate_change(k, p.previous_noun) if k.unit == "%" else text.count_change(k, p.previous_noun)
        rows.append([k.label, value, before, change or "—"])
    return _table(["指标", p.noun, p.previous_noun, "变化"], rows, [3, 2, 2, 4])


def _title_page(data: ReportData) -> list[Flowable]:
    big = _style("cover_title", 26, alignment=TA_CENTER, leading=40)
    mid = _style("cover_mid", 16, alignment=TA_CENTER, leading=28)
    return [Spacer(1, 60 * mm), Paragraph(para_text(data.hospital or "（单位名称未设置）"), mid), Spacer(1, 8 * mm),
            Paragraph("院办工作月报", big), Spacer(1, 6 * mm), Paragraph(para_text(data.period.label), mid),
            Spacer(1, 70 * mm), Paragraph(OFFICE, mid),
            Paragraph(f"{data.today.year}年{data.today.month}月{data.today.day}日", mid), PageBreak()]


# --- the report ----------------------------------------------------------------------------


def _handling_of_period(data: ReportData):
    months = data.charts["handling"]
    return next((m for m in months if m.month == data.period.end.replace(day=1)), None)


def _body(data: ReportData) -> list[Flowable]:
    p = data.period
    figures = {k.key: k for k in data.figures}
    senders, types = data.charts["senders"], data.charts["types"]
    story: list[Flowable] = [_h1("一、工作概况")]
    story += [_para(line) for line in text.summary(figures, p, _handling_of_period(data))]
    story += [Spacer(1, 3 * mm), _figures_table(data), _h1("二、收文与发文"),
              KeepTogether([_h2("（一）月度件数"), _chart_image(data, "volume")]),
              _table(["月份", "收文（件）", "上年同期", "发文（件）", "上年同期"], text.volume_rows(data.charts["volume"]),
                     [2, 2, 2, 2, 2])]
    total = senders.total or 1
    sender_rows = [[b.label, f"{b.value:.0f}", text.pct(b.value / total * 100)] for b in senders.top]
    if senders.others:
        sender_rows.append(["其他单位", str(senders.others), text.pct(senders.others / total * 100)])
    type_total = sum(b.value for b in types) or 1
    story += [KeepTogether([_h2(f"（二）来文单位（{p.label}）"), _chart_image(data, "senders")]),
              _table(["来文单位", "件数", "占比"], sender_rows, [6, 2, 2], "lcc"),
              KeepTogether([_h2(f"（三）文种（{p.label}）"), _chart_image(data, "types")]),
              _table(["文种", "件数", "占比"], [[b.label, f"{b.value:.0f}", text.pct(b.value / type_total * 100)]
                                               for b in types], [4, 3, 3]),
              KeepTogether([_h1("三、收文办理时长"), _chart_image(data, "handling")]),
              _table(["办结月份", "办结（件）", "中位数（工作日）", "90% 以内（工作日）", "有时限", "按时限办结率"],
                     [[f"{m.month.year}年{m.month.month}月", str(m.done), "—" if m.median is None else f"{m.median:.1f}",
                       "—" if m.p90 is None else f"{m.p90:.0f}", str(m.with_deadline), text.pct(m.within_share)]
                      for m in data.charts["handling"]], [2, 1.5, 2, 2, 1.5, 2])]
    story += [KeepTogether([_h1("四、督办落实情况"), _chart_image(data, "supervision")]),
              _table(["主办科室", "督办事项", "按期办结", "逾期办结", "逾期未办结", "办理中", "按期率"],
                     [[r.department, str(r.total), str(r.on_time), str(r.late), str(r.overdue), str(r.in_progress),
                       text.pct(r.on_time_rate)] for r in data.charts["supervision"]], [3, 1.5, 1.5, 1.5, 1.7, 1.5, 1.7],
                     "lcccccc"),
              _para(f"统计口径同督办通报：{p.label}内在办的督办事项（不含已撤销，分解的按分项计），"
                    f"按期限（经批准延期的按延期后期限）截至期末判定；{RATE_RULE}。"),
              *_overdue(data)]
    story += _duty(data)
    return story


def _overdue(data: ReportData) -> list[Flowable]:
    """The longest overdue items (a report is read, not searched: the rest are in the register)."""
    items, asof = data.overdue, data.period.as_of(data.today)
    shown = items[:OVERDUE_LISTED]
    out: list[Flowable] = [_h2(f"逾期未办结事项（截至 {asof.year}年{asof.month}月{asof.day}日）")]
    if len(items) > len(shown):
        out.append(_para(f"截至期末逾期未办结 {len(items)} 项，下表列出逾期时间最长的 {len(shown)} 项，"
                         f"其余见督办登记簿。"))
    out.append(_table(["编号", "督办事项", "主办科室", "办理时限", "逾期天数"],
                      [[i.number, i.task, i.department, i.deadline.isoformat(), f"{i.days_over} 天"] for i in shown],
                      [2.6, 5.8, 2, 2, 1.4], "clccc"))
    return out


def _duty(data: ReportData) -> list[Flowable]:
    """五、值班情况: the load chart, what it says, and the summary per role."""
    p, loads = data.period, data.charts["duty"]
    out: list[Flowable] = [KeepTogether([_h1("五、值班情况"), *[_para(line) for line in text.duty_sentences(loads, p)],
                                         _chart_image(data, "duty")])]
    out += [_table(["值班角色", "人数", f"{p.noun}人次", f"{p.noun}每人（次）", "近一年每人（次）",
                    "近一年相差（全部/休息日节假日/夜班）"], text.duty_rows(loads, p), [2, 1.2, 1.5, 2, 2, 3.5], "lccccc"),
            Spacer(1, 2 * mm),
            _note(f"近一年指 {_day(loads.window_start)}至{_day(loads.window_end)}（滚动 365 天），"
                  f"排班按此期间均衡；相差为同一角色中值班最多者与最少者之差。")]
    return out


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _note(words: str) -> Paragraph:
    return Paragraph(para_text(words), _style("report_note", 9, textColor="#555555"))


def _build(data: ReportData, out: Output, story: list[Flowable], title: str) -> None:
    def build(target) -> None:
        doc = new_doc(target, A4_PORTRAIT, title=title, margins=(MARGIN, MARGIN, MARGIN, MARGIN))
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        doc.build(story, canvasmaker=make_canvas(9, 10 * mm))

    write_pdf(out, build)


def build_monthly_report(data: ReportData, out: Output) -> None:
    """The 院办工作月报 of ``data.period`` as an A4 PDF."""
    title = f"{data.hospital}院办工作月报（{data.period.label}）"
    _build(data, out, [*_title_page(data), *_body(data)], title)


def build_charts_pdf(data: ReportData, out: Output) -> None:
    """The 图表 tab as one PDF: the period, the key figures, every chart."""
    story: list[Flowable] = [_h1(f"{data.hospital} 图表（{data.period.label}）"),
                             _figures_table(data), Spacer(1, 4 * mm)]
    story += [KeepTogether([_h2(spec.title), _chart_image(data, spec.key)]) for spec in CHARTS]
    _build(data, out, story, f"图表（{data.period.label}）")
