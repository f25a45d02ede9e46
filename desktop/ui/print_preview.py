"""Print preview and printing of a PDF the program made.

PySide6-Essentials has no QtPdf, so pages are rasterised by poppler's pdftoppm (the
README's setup installs poppler-utils) and painted into QPrintPreviewDialog, which
offers the printer, page range and copies. Long registers (over MAX_PAGES) open in
the system PDF viewer instead, which prints them as well.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

MAX_PAGES = 30
DPI = 150


def render_pages(pdf: Path, dpi: int = DPI, last: int = MAX_PAGES) -> list[Path]:
    """PNG files of the PDF's first ``last`` pages (empty if pdftoppm is missing)."""
    if shutil.which("pdftoppm") is None:
        return []
    out = Path(tempfile.mkdtemp(prefix="ybt-print-"))
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-l", str(last), str(pdf), str(out / "p")],
                   check=True, capture_output=True, timeout=120)
    return sorted(out.glob("p-*.png"))


def paint_pages(printer: QPrinter, pages: list[Path]) -> None:
    painter = QPainter(printer)
    try:
        for i, page in enumerate(pages):
            if i:
                printer.newPage()
            image = QImage(str(page))
            target = printer.pageLayout().paintRectPixels(printer.resolution())
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(0, 0, size.width(), size.height()), image)
    finally:
        painter.end()


class PrintPreview:
    @staticmethod
    def show_dialog(dialog: QPrintPreviewDialog) -> None:
        dialog.exec()

    @staticmethod
    def open_externally(pdf: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))


def preview_pdf(pdf: Path, parent: QWidget | None, page_count: int, landscape: bool = False) -> bool:
    """In-app preview/print for short documents; True if the dialog was used."""
    pages = render_pages(pdf) if page_count <= MAX_PAGES else []
    if not pages:
        PrintPreview.open_externally(pdf)
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(pdf.stem)
    if landscape:
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {pdf.stem}")
    dialog.resize(900, 1000)
    dialog.paintRequested.connect(lambda p: paint_pages(p, pages))
    PrintPreview.show_dialog(dialog)
    return True
