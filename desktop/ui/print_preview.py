"""Print preview and printing of a PDF the program made, as vector pages.

PySide6-Essentials has no QtPdf. Each page is converted by poppler's pdftocairo (the
README's setup installs poppler-utils) to SVG — glyph outlines and rules as paths — and
drawn with QtSvg into QPrintPreviewDialog, which offers the printer, page range and
copies. Being vectors, the pages print at the printer's own resolution and thin rules
stay visible at any zoom of the preview (150 dpi images before: blurred text, rules
that vanished when zoomed out). Rasterising with pdftoppm at the printer's dpi was the
other choice: at 600–1200 dpi one A4 page is 35–140 million pixels held per page in
the preview, where an SVG page is ~250 kB. Long registers (over MAX_PAGES) open in the
system PDF viewer instead, which prints them as well.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

MAX_PAGES = 30
# cairo writes an empty outline for a space glyph (d=""), which QtSvg reports as invalid
_EMPTY_PATH = re.compile(rb'<path[^>]*\sd=""[^>]*/>')
# QtSvg drops "stroke:none" given in a glyph's style when it paints to a printer and
# outlines every glyph with a 1 pt pen (bold, smudged type); as attributes it is kept
_GLYPH_STYLE = (b'<path style="stroke:none;"', b'<path stroke="none" stroke-width="0"')


def render_pages(pdf: Path, count: int) -> list[bytes]:
    """SVG documents of the PDF's first ``count`` pages (empty if pdftocairo is missing)."""
    if shutil.which("pdftocairo") is None:
        return []
    out = Path(tempfile.mkdtemp(prefix="ybt-print-"))
    pages: list[bytes] = []
    for number in range(1, min(count, MAX_PAGES) + 1):
        svg = out / f"p-{number}.svg"
        subprocess.run(["pdftocairo", "-svg", "-f", str(number), "-l", str(number), str(pdf), str(svg)],
                       check=True, capture_output=True, timeout=120)
        pages.append(_EMPTY_PATH.sub(b"", svg.read_bytes()).replace(*_GLYPH_STYLE))
    shutil.rmtree(out, ignore_errors=True)
    return pages


def paint_pages(printer: QPrinter, pages: list[bytes]) -> None:
    """Each page drawn as vectors onto the full paper (the PDF carries its own margins)."""
    printer.setFullPage(True)
    painter = QPainter(printer)
    try:
        for i, page in enumerate(pages):
            if i:
                printer.newPage()
            renderer = QSvgRenderer(page)
            paper = printer.pageLayout().fullRectPixels(printer.resolution())
            size = renderer.defaultSize().toSizeF().scaled(paper.size().toSizeF(), Qt.AspectRatioMode.KeepAspectRatio)
            renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()


class PrintPreview:
    @staticmethod
    def show_dialog(dialog: QPrintPreviewDialog) -> None:
        dialog.exec()

    @staticmethod
    def open_externally(pdf: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))


def preview_pdf(pdf: Path, parent: QWidget | None, page_count: int, landscape: bool = False,
                title: str = "") -> bool:
    """In-app preview/print for short documents; True if the dialog was used.

    ``title`` names the document as users know it ("收文处理笺 收〔2026〕0153")."""
    pages = render_pages(pdf, page_count) if page_count <= MAX_PAGES else []
    if not pages:
        PrintPreview.open_externally(pdf)
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title or pdf.stem)
    if landscape:
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {title or pdf.stem}")
    dialog.resize(900, 1000)
    dialog.paintRequested.connect(lambda p: paint_pages(p, pages))
    PrintPreview.show_dialog(dialog)
    return True
