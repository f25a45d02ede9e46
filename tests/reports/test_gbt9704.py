"""The red-header 发文 per GB/T 9704-2012, read back from the PDF: text order (pypdf), red
mark and rule (pixels of the page rendered by poppler), embedded fonts, the 22 × 28 grid
measured from text positions, 签发人 for 上行文 only, page numbers at alternating sides.

Geometry literals come from the standard: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm,
mark top 35 mm below the 版心; A4 is 595.28 × 841.89 pt; 1 mm = 2.8346 pt.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from desktop.reports.gbt9704 import build_official_document
from desktop.services.outgoing.document import (
    OfficialDocument,
    attachment_lines,
    chinese_date,
    copy_number_text,
    heading_level,
    secrecy_text,
)
from desktop.services.progress import Cancelled, Progress
from tests.reports.test_pdf_register import (
    _fonts_by_pypdf,
    assert_fonts_embedded,
    page_texts,
    squash,
)

BODY = """为进一步做好职业病防治工作，根据有关要求，结合我院实际，现将有关事项请示如下。
一、基本情况。我院承担全省职业病诊断、鉴定和职业健康检查工作，现有设备已不能满足需要。
（一）设备现状。现有数字化X射线摄影系统两台，均已使用十年以上。
1.影像设备老化，维修费用逐年上升。
（1）二〇二五年维修费用合计约四十万元。
二、请示事项。拟申请专项资金用于购置职业健康检查设备，具体清单见附件。
妥否，请批示。"""

# 78 characters without punctuation: with the 2-character indent, lines of 26, 28, 24
PLAIN = "职业病防治院承担全省职业病诊断鉴定和职业健康检查工作" * 3


def sample(**changes) -> OfficialDocument:
    doc = OfficialDocument(
        issuer_mark="湖南省职业病防治院文件",
        number="湘职防院发〔2026〕7号",
        title="湖南省职业病防治院关于申请职业健康检查设备购置专项资金的请示",
        body=BODY,
        issuer_signature="湖南省职业病防治院",
        written_on=dt.date(2026, 11, 22),
        genre="请示",
        signers=["张三"],
        copy_number="1",
        secrecy="机密",
        secrecy_period="1年",
        urgency="特急",
        main_recipients=["湖南省卫生健康委员会"],
        attachments=["设备购置清单", "专项资金测算表"],
        note="联系人：李四，电话：0731-84444444",
        copied_to=["湖南省财政厅", "湖南省疾病预防控制中心"],
        printed_by="湖南省职业病防治院办公室",
        printed_on=dt.date(2026, 11, 23),
    )
    for key, value in changes.items():
        setattr(doc, key, value)
    return doc


def build(tmp_path: Path, name: str = "doc.pdf", **changes) -> Path:
    out = tmp_path / name
    build_official_document(sample(**changes), out)
    return out


def runs_on(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text run on a page (0-based), y from the bottom, in stream order."""
    runs: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    PdfReader(str(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


def lines_on(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """Runs joined into lines: (y, x of the first run, text), top to bottom."""
    by_y: dict[float, list[tuple[float, str]]] = {}
    for text, x, y in runs_on(pdf, page):
        by_y.setdefault(round(y, 1), []).append((x, text))
    return [(y, min(by_y[y])[0], "".join(t for _, t in sorted(by_y[y]))) for y in sorted(by_y, reverse=True)]


def render(pdf: Path, tmp_path: Path, dpi: int = 100) -> Image.Image:
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
    return Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")


def px(mm_value: float, dpi: int = 100) -> int:
    return round(mm_value / 25.4 * dpi)


def is_red(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r > 200 and g < 70 and b < 70


# --- the services' rules -------------------------------------------------------------


def test_printed_forms_of_dates_marks_and_attachments():
    assert chinese_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert copy_number_text("12") == "000012"
    assert secrecy_text(sample()) == "机密★1年"
    assert secrecy_text(sample(secrecy="")) == ""
    assert attachment_lines(["清单。"]) == ["附件：清单"]
    assert attachment_lines(["清单", "测算表"]) == ["附件：1.清单", "2.测算表"]
    assert [heading_level(p) for p in ("一、总则", "（二）范围", "3.要求", "（4）时间", "为了", "2026年")] == [
        1, 2, 3, 4, 0, 0]


# --- the PDF -----------------------------------------------------------------------------


def test_elements_in_the_standards_order(tmp_path):
    pdf = build(tmp_path)
    text = squash("".join(page_texts(pdf)))
    expected = [
        "000001", "机密★1年", "特急", "湖南省职业病防治院文件", "湘职防院发〔2026〕7号", "签发人：张三",
        "湖南省职业病防治院关于申请职业健康检查设备购置专项资金的请示", "湖南省卫生健康委员会：",
        "为进一步做好职业病防治工作", "一、基本情况。", "（一）设备现状。", "1.影像设备老化", "（1）二〇二五年",
        "妥否，请批示。", "附件：1.设备购置清单", "2.专项资金测算表", "湖南省职业病防治院", "2026年11月22日",
        "（联系人：李四，电话：0731-84444444）", "抄送：湖南省财政厅，湖南省疾病预防控制中心。",
        "湖南省职业病防治院办公室", "2026年11月23日印发",
    ]
    at = 0
    for item in expected:
        found = text.find(item, at)
        assert found >= 0, f"{item} missing after position {at}: {text[at:at + 80]}"
        at = found + len(item)


def test_mark_and_rule_are_red(tmp_path):
    pdf = build(tmp_path)
    page = render(pdf, tmp_path)
    # the mark: 15 mm high, its top 37 + 35 mm from the page top, centred on the 版心 (x 106 mm)
    box = [page.getpixel((x, y)) for x in range(px(106 - 60), px(106 + 60)) for y in range(px(72), px(87))]
    inked = [p for p in box if sum(p) < 600]
    assert sum(is_red(p) for p in box) > 1500
    assert all(p[0] > 200 for p in inked), "only red ink inside the mark's box"
    # the rule: about 4 mm below the 发文字号's baseline, across the 版心 (28 … 184 mm) only
    number_y = next(y for t, _, y in runs_on(pdf, 0) if "湘职防院发" in t)
    depth_mm = (841.89 - number_y) / 2.8346
    band = range(px(depth_mm + 2), px(depth_mm + 8))
    for x_mm in range(29, 184, 5):
        assert any(is_red(page.getpixel((px(x_mm), y))) for y in band), f"no red rule at x = {x_mm} mm"
    for x_mm in (20, 192):
        assert not any(is_red(page.getpixel((px(x_mm), y))) for y in band)


def test_fonts_are_embedded_song_kai_and_hei(tmp_path):
    pdf = build(tmp_path)
    names = assert_fonts_embedded(pdf)
    reader = PdfReader(str(pdf))
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            holder = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in holder["/FontDescriptor"], font["/BaseFont"]
    joined = " ".join(names)
    # AR PL SungtiL GB and AR PL KaitiM GB by their PostScript names, and Micro Hei for 黑
    for face in ("BousungEG-Light-GB", "GBZenKai-Medium", "WenQuanYiMicroHei"):
        assert face in joined, names
    assert len(_fonts_by_pypdf(pdf)) >= 3


def test_body_lines_are_28_characters_one_pitch_apart(tmp_path):
    pdf = build(tmp_path, body=PLAIN + "\n" + PLAIN, note="", attachments=[])
    lines = [ln for ln in lines_on(pdf, 0) if ln[2] and set(ln[2]) <= set(PLAIN)]
    assert [len(t) for _, _, t in lines] == [26, 28, 24, 26, 28, 24][:len(lines)]
    assert len(lines) >= 4
    ys = [y for y, _, _ in lines]
    for upper, lower in zip(ys, ys[1:], strict=False):
        assert abs((upper - lower) - 28.99) < 0.5  # 225 mm / 22
    # indented two characters (2 × 156 mm / 28 = 31.59 pt) from the 订口 (28 mm = 79.37 pt)
    assert abs(lines[0][1] - (79.37 + 31.59)) < 0.5
    assert abs(lines[1][1] - 79.37) < 0.5


def test_signer_on_the_number_line_for_a_request_only(tmp_path):
    request = build(tmp_path, "request.pdf")
    line = next(ln for ln in lines_on(request, 0) if "湘职防院发" in ln[2])
    assert "签发人：张三" in line[2]
    assert abs(line[1] - (79.37 + 15.79)) < 0.5  # 发文字号 居左空一字
    notice = build(tmp_path, "notice.pdf", genre="通知", title="湖南省职业病防治院关于做好安全生产工作的通知")
    assert "签发人" not in "".join(page_texts(notice))
    line = next(ln for ln in lines_on(notice, 0) if "湘职防院发" in ln[2])
    assert line[2] == "湘职防院发〔2026〕7号"
    assert 200 < line[1] < 260  # centred: about (595.28 - 10 characters) / 2


def test_page_numbers_alternate_sides(tmp_path):
    pdf = build(tmp_path)
    assert len(PdfReader(str(pdf)).pages) == 2
    first = [(x, y) for t, x, y in runs_on(pdf, 0) if t == "— 1 —"]
    second = [(x, y) for t, x, y in runs_on(pdf, 1) if t == "— 2 —"]
    assert len(first) == 1 and len(second) == 1
    # below the 版心 (its bottom edge at 841.89 − 262 mm = 99.21 pt), 7 mm and more down
    for _, y in first + second:
        assert 60 < y < 99.21 - 19.84
    assert first[0][0] > 420  # odd: right, 空一字
    assert abs(second[0][0] - (79.37 + 14)) < 0.5  # even: left, one 4号 character in


def test_record_at_the_foot_of_the_last_page(tmp_path):
    pdf = build(tmp_path)
    last = lines_on(pdf, 1)
    texts = [t for _, _, t in last]
    printed = next(ln for ln in last if ln[2].startswith("湖南省职业病防治院办公室"))
    assert printed[2].endswith("2026年11月23日印发")
    # on the 22nd line: its baseline within the last 10.2 mm of the 版心 (99.21 … 128.2 pt)
    assert 99.21 < printed[0] < 128.2
    assert texts.index("抄送：湖南省财政厅，湖南省疾病预防控制中心。") == texts.index(printed[2]) - 1


def test_a_cancelled_build_leaves_no_file(tmp_path):
    progress = Progress()
    progress.cancel()
    out = tmp_path / "doc.pdf"
    with pytest.raises(Cancelled):
        build_official_document(sample(), out, progress)
    assert not out.exists()


def test_the_seal_never_stands_alone_on_a_page(tmp_path):
    """Whatever the body's length, the page with 署名 and 成文日期 also holds 正文 (§7.3.5:
    no page of only a seal), and the 版记 ends the last page."""
    for paragraphs_count in range(10, 40, 3):
        body = "\n".join(f"第{i}段职业健康检查工作按计划推进" for i in range(paragraphs_count))
        pdf = build(tmp_path, f"len{paragraphs_count}.pdf", body=body, attachments=[], note="")
        texts = page_texts(pdf)
        signed = next(t for t in reversed(texts) if "2026年11月22日" in t)
        assert "职业健康检查工作按计划推进" in signed, paragraphs_count
        assert "2026年11月23日印发" in texts[-1]
