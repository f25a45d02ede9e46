"""Print preview: the slip is previewed and printed in the program, page for page."""
from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from desktop.ui import print_preview
from desktop.ui.incoming.tab import IncomingTab
from tests.ui.conftest import add_documents


def test_slip_preview_paints_every_page_to_the_printer(qtbot, ctx, tmp_path, monkeypatch):
    ids = add_documents(ctx.store, 2)
    tab = IncomingTab(ctx)
    qtbot.addWidget(tab)
    tab.ensure_detail()
    tab.view.select_id(ids[0])
    shown = []
    monkeypatch.setattr(print_preview.PrintPreview, "show_dialog", staticmethod(shown.append))
    tab.export_slip()
    assert len(shown) == 1 and shown[0].windowTitle() == "打印预览 — 收文处理笺 收〔2026〕0001"
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    shown[0].paintRequested.emit(printer)
    assert len(PdfReader(printed).pages) == 1


def test_long_documents_go_to_the_system_viewer(qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(print_preview.PrintPreview, "open_externally", staticmethod(opened.append))
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert not print_preview.preview_pdf(pdf, None, print_preview.MAX_PAGES + 1)
    assert opened == [pdf]


def test_pages_print_as_vectors_at_the_printer_resolution(qtbot, tmp_path):
    """A thin rule stays a rule: the printed PDF holds paths and text outlines, no image."""
    from desktop.reports.incoming_pdf import build_incoming_slip
    from desktop.services.incoming.slip import SlipData

    slip = tmp_path / "slip.pdf"
    build_incoming_slip(SlipData(number="收〔2026〕0001", title="关于开展检查的通知"), slip)
    pages = print_preview.render_pages(slip, 1)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    print_preview.paint_pages(printer, pages)
    page = PdfReader(printed).pages[0]
    assert not page.images  # 150 dpi pictures before
    # the drawing itself, as paths (~225 kB); glyphs filled, never also outlined with a
    # pen: that printed every character bold and took ~1 MB
    assert 20_000 < len(page.get_contents().get_data()) < 500_000
