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
    assert len(shown) == 1 and "收文处理笺" in shown[0].windowTitle()
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
