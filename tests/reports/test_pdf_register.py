"""The generic register builder (desktop.reports.pdf_base), no Qt, no database.

Also holds the helpers that read generated PDFs back, used by test_pdf_incoming too.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.reports.pdf_base import (
    EMPTY_TEXT,
    RegisterSpec,
    TextFitter,
    build_register_pdf,
)
from desktop.services.progress import Cancelled, Progress

# --- reading PDFs back ----------------------------------------------------------------


def page_texts(pdf: Path | bytes) -> list[str]:
    src = io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)
    return [p.extract_text() or "" for p in PdfReader(src).pages]


def squash(text: str) -> str:
    """Text without any whitespace: wrapped lines join up again."""
    return "".join(text.split())


def _fonts_by_pypdf(pdf: Path) -> dict[str, bool]:
    """BaseFont -> has an embedded font file, for every font any page uses."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(str(pdf)).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for ref in (font_dict.get_object().values() if font_dict else ()):
            f = ref.get_object()
            desc_holder = f["/DescendantFonts"][0].get_object() if "/DescendantFonts" in f else f
            desc = desc_holder.get("/FontDescriptor")
            desc = desc.get_object() if desc else {}
            fonts[str(f["/BaseFont"])] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def assert_fonts_embedded(pdf: Path) -> list[str]:
    """Every font the PDF uses is embedded, and none is a standard font such as Helvetica."""
    fonts = _fonts_by_pypdf(pdf)
    assert fonts and all(fonts.values()), fonts
    names = list(fonts)
    if shutil.which("pdffonts") is not None:  # poppler's view too, when installed
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                             check=True).stdout
        rows = out.splitlines()[2:]
        assert rows, out
        for row in rows:
            # name type encoding emb sub uni object ID; type may contain a space ("Type 1")
            m = re.match(r"(\S+)\s+.*?\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)
            assert m, row
            assert m[2] == "yes", f"font not embedded: {row}"
    assert not any(std in n for n in names for std in ("Helvetica", "Times", "Courier")), names
    return names


# --- the register ---------------------------------------------------------------------

COLUMNS = [
    ("收文编号", 12),
    ("收文日期", 11),
    ("来文单位", 18),
    ("来文字号", 16),
    ("文件标题", 40),
    ("文种", 5),
    ("密级", 5, "center"),
]
TITLE = "收文登记簿"
PERIOD = "2026年1月—2026年6月"


def make_rows(n: int) -> list[tuple[str, ...]]:
    return [
        (f"收〔2026〕{i:04d}", "2026-03-02 09:30", "湖南省卫生健康委员会", f"湘卫发〔2026〕{i}号",
         f"关于第{i:05d}号事项的通知", "通知", "公开")
        for i in range(1, n + 1)
    ]


def cancelled_progress() -> Progress:
    progress = Progress()
    progress.cancel()
    return progress


def spec(rows, total=None, **kw) -> RegisterSpec:
    rows = list(rows)
    return RegisterSpec(TITLE, PERIOD, COLUMNS, iter(rows),
                        len(rows) if total is None else total, **kw)


@pytest.fixture(scope="module")
def big_register(tmp_path_factory) -> tuple[Path, list[tuple[int, int]]]:
    out = tmp_path_factory.mktemp("reg") / "register.pdf"
    calls: list[tuple[int, int]] = []
    build_register_pdf(spec(make_rows(1200)), out, progress=Progress(lambda d, t, _: calls.append((d, t))))
    return out, calls


def test_every_page_has_title_period_header_and_page_x_of_y(big_register):
    out, _ = big_register
    texts = page_texts(out)
    assert len(texts) == 40  # 1,200 rows of up to three lines
    assert "第 2 页 / 共 40 页" in texts[1] and "第 40 页 / 共 40 页" in texts[39]
    for number, text in enumerate(texts, start=1):
        assert TITLE in text
        assert PERIOD in text
        assert "收文编号" in text and "文件标题" in text
        assert f"第 {number} 页 / 共 40 页" in text
        assert "共 1200 条" in text


def test_all_rows_printed_once_in_order(big_register):
    out, _ = big_register
    text = squash("".join(page_texts(out)))
    positions = [text.find(f"关于第{i:05d}号事项的通知") for i in range(1, 1201)]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)
    assert text.count("关于第00600号事项的通知") == 1


def test_font_embedded_and_no_standard_font(big_register):
    out, _ = big_register
    names = assert_fonts_embedded(out)
    assert len(names) == 1 and "WenQuanYi" in names[0]


def test_progress_increases_per_chunk_and_ends_at_total(big_register):
    _, calls = big_register
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


def test_cancel_raises_and_leaves_no_file(tmp_path: Path):
    out = tmp_path / "register.pdf"
    seen: list[int] = []

    def cancel_after_two_chunks(done: int, total: int, stage: str) -> None:
        seen.append(done)
        if done >= 1000:
            progress.cancel()  # what 取消 does, from another thread in the window

    progress = Progress(cancel_after_two_chunks)
    with pytest.raises(Cancelled):
        build_register_pdf(spec(make_rows(1200)), out, progress=progress)
    assert seen == [500, 1000]
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_an_existing_file_untouched(tmp_path: Path):
    out = tmp_path / "register.pdf"
    out.write_bytes(b"previous")
    with pytest.raises(Cancelled):
        build_register_pdf(spec(make_rows(10)), out, progress=cancelled_progress())
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["register.pdf"]


def test_an_error_in_the_rows_leaves_no_file(tmp_path: Path):
    def rows():
        yield from make_rows(600)
        raise RuntimeError("database went away")

    out = tmp_path / "register.pdf"
    with pytest.raises(RuntimeError):
        build_register_pdf(RegisterSpec(TITLE, PERIOD, COLUMNS, rows(), 1000), out)
    assert list(tmp_path.iterdir()) == []


def test_empty_register_is_a_valid_pdf_with_header(tmp_path: Path):
    out = tmp_path / "empty.pdf"
    calls = []
    build_register_pdf(spec([]), out, progress=Progress(lambda d, t, _: calls.append((d, t))))
    (text,) = page_texts(out)
    assert TITLE in text and PERIOD in text and "收文编号" in text
    assert EMPTY_TEXT in text
    assert "第 1 页 / 共 1 页" in text
    assert calls == [(0, 0)]
    assert_fonts_embedded(out)


def test_writes_to_a_binary_stream():
    buf = io.BytesIO()
    build_register_pdf(spec(make_rows(3)), buf)
    data = buf.getvalue()
    assert data.startswith(b"%PDF")
    assert "关于第00003号事项的通知" in page_texts(data)[0]


def test_long_cells_wrap_and_are_complete(tmp_path: Path):
    long_title = "关于进一步加强医疗机构依法执业监督管理工作的通知（附件：实施方案、自查表、联络员名单）" * 4
    rows = make_rows(3)
    rows[1] = rows[1][:4] + (long_title,) + rows[1][5:]
    out = tmp_path / "wrap.pdf"
    build_register_pdf(spec(rows), out)
    text = squash("".join(page_texts(out)))
    assert squash(long_title) in text


def test_row_taller_than_a_page_continues_on_the_next(tmp_path: Path):
    huge = "".join(f"第{i}段内容，" for i in range(900))
    rows = make_rows(2)
    rows[0] = rows[0][:4] + (huge,) + rows[0][5:]
    out = tmp_path / "tall.pdf"
    build_register_pdf(spec(rows), out)
    texts = page_texts(out)
    assert len(texts) >= 2
    joined = squash("".join(texts))
    assert "第0段内容" in joined and "第899段内容" in joined
    assert "关于第00002号事项的通知" in joined
    number = rows[0][0]
    assert squash(number) in squash(texts[0]) and f"{squash(number)}（续）" in squash(texts[1])


def test_short_rows_and_none_values_are_tolerated(tmp_path: Path):
    out = tmp_path / "ragged.pdf"
    rows = [("收〔2026〕0001", None), ("收〔2026〕0002", "2026-01-01", "甲", "乙", "标题", "函", "公开", "多余")]
    build_register_pdf(spec(rows), out)
    assert "收〔2026〕0002" in page_texts(out)[0]


def test_text_fitter_breaks_cjk_and_keeps_numbers_and_punctuation():
    fit = TextFitter(10)
    width = fit.width("一二三四五六")
    lines = fit.lines("关于做好医疗质量安全管理工作的通知，请各科室认真落实。", width)
    assert all(fit.width(line) <= width + 0.01 for line in lines)
    assert "".join(lines) == "关于做好医疗质量安全管理工作的通知，请各科室认真落实。"
    assert not any(line.startswith(("，", "。")) for line in lines)
    # a number stays whole when it fits, brackets stay with it
    lines = fit.lines("收〔2026〕0153", fit.width("收〔2026〕"))
    assert lines == ["收〔2026〕", "0153"]
    assert fit.lines("甲\n乙", 100) == ["甲", "乙"]
