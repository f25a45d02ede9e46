"""发文's paper from the tab: 正式文件 (GB/T 9704), 发文稿纸, the 登记簿 as PDF and Excel,
importing an old 登记簿. PDFs are built off the UI thread (BackgroundTask, with 取消) and
shown in the print preview, which prints them; registers are saved where the user says."""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.services import clock
from desktop.services.outgoing import query
from desktop.services.progress import Progress
from desktop.ui.messages import Messages
from desktop.ui.tasks import BackgroundTask

if TYPE_CHECKING:
    from desktop.ui.ops import AppContext
    from desktop.ui.outgoing.import_flow import OutgoingImportFlow


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def period_label(filt: query.OutgoingFilter, today: dt.date) -> str:
    if filt.date_from or filt.date_to:
        start = filt.date_from.isoformat() if filt.date_from else "最早"
        end = (filt.date_to or today).isoformat()
        return f"{start} 至 {end}"
    return f"全部（截至 {today.isoformat()}）"


class OutgoingPaper(QObject):
    """The tab's paper actions. ``finished(path)`` when a PDF was shown or a register saved
    ("" after an error or 取消)."""

    finished = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self._task: BackgroundTask | None = None

    # --- one document ----------------------------------------------------------------

    def print_document(self, doc_id: int | None) -> None:
        """正式文件 per GB/T 9704: only once signed (the number and 签发人 are printed)."""
        if doc_id is None:
            Messages.info(self.parent_widget, "请先在登记簿中选择一份发文。")
            return
        from desktop.services.outgoing import register

        detail = self.ctx.ops.read(lambda s: register.get_detail(s, doc_id))
        if detail.cancel_reason:
            Messages.info(self.parent_widget, f"该文已作废（{detail.cancel_reason}），不能打印正式文件。")
            return
        if detail.signed_on is None:
            Messages.info(self.parent_widget, "该文尚未签发，还没有发文字号，不能打印正式文件。\n"
                                              "签发前可打印发文稿纸（Ctrl+Shift+P）送核稿、签发。", "尚未签发")
            return
        store = self.ctx.store

        def work(progress: Progress) -> Path:
            from desktop.reports.gbt9704 import build_official_document
            from desktop.services.outgoing.official import official_document

            out = Path(tempfile.mkdtemp(prefix="ybt-")) / f"发文-{doc_id}.pdf"
            with store.read() as session:
                build_official_document(official_document(session, doc_id), out, progress)
            return out

        self._run("正在排版正式文件…", work, f"正式文件 {detail.number}")

    def print_draft_sheet(self, doc_id: int | None) -> None:
        """发文稿纸: at any stage (a draft goes round for 核稿 and 签发 on it)."""
        if doc_id is None:
            Messages.info(self.parent_widget, "请先在登记簿中选择一份发文。")
            return
        store = self.ctx.store

        def work(progress: Progress) -> Path:
            from desktop.reports.outgoing_pdf import build_draft_sheet
            from desktop.services.outgoing.draft_sheet import draft_sheet_data

            out = Path(tempfile.mkdtemp(prefix="ybt-")) / f"发文稿纸-{doc_id}.pdf"
            with store.read() as session:
                data = draft_sheet_data(session, doc_id)
                build_draft_sheet(data, out)
            return out

        self._run("正在生成发文稿纸…", work, "发文稿纸")

    def _run(self, label: str, work, title: str, landscape: bool = False) -> None:
        task = BackgroundTask(self.parent_widget, label, work)
        task.done.connect(lambda result, error: self._preview(result, error, title, landscape))
        task.start()
        self._task = task

    def _preview(self, pdf: Path | None, error: BaseException | None, title: str, landscape: bool) -> None:
        self._task = None
        if error is not None:
            from desktop.ui.errors import show_error

            show_error(self.parent_widget, error, f"打印{title.split()[0]}")  # 取消: nothing to say
            self.finished.emit("")
            return
        assert pdf is not None
        from desktop.ui.print_preview import preview_pdf

        preview_pdf(pdf, self.parent_widget, page_count(pdf), landscape=landscape, title=title)
        self.finished.emit(str(pdf))

    # --- the register ---------------------------------------------------------------

    @staticmethod
    def ask_save_path(parent: QWidget, title: str, name: str, pattern: str) -> str:
        from desktop.ui.dialogs import ask_save_file

        return ask_save_file(parent, title, name, pattern)

    @staticmethod
    def ask_open_path(parent: QWidget) -> str:
        from desktop.ui.dialogs import ask_open_file

        return ask_open_file(parent, "导入发文登记簿", "Excel 文件 (*.xlsx)")

    def export_register(self, kind: str, filt: query.OutgoingFilter) -> None:
        """The 登记簿 of the filter's numbered documents (the period: its 签发 dates)."""
        label = period_label(filt, clock.today())
        pattern = "PDF 文件 (*.pdf)" if kind == "pdf" else "Excel 文件 (*.xlsx)"
        path = self.ask_save_path(self.parent_widget, "导出发文登记簿", f"发文登记簿.{kind}", pattern)
        if not path:
            return
        store, filt = self.ctx.store, replace(filt, visible=self.ctx.visible)
        narrowed = replace(filt, date_from=None, date_to=None, visible=None) != query.OutgoingFilter()

        def work(progress: Progress) -> str:
            with store.read() as session:
                only = set(query.list_ids(session, filt)) if narrowed else None
                if kind == "pdf":
                    from desktop.reports.outgoing_pdf import build_outgoing_register

                    build_outgoing_register(session, filt.date_from, filt.date_to, label, Path(path), progress, only)
                else:
                    from desktop.reports.outgoing_xlsx import export_outgoing_xlsx

                    export_outgoing_xlsx(session, filt.date_from, filt.date_to, Path(path), progress, only)
            return path

        task = BackgroundTask(self.parent_widget, "正在导出发文登记簿…", work)
        task.done.connect(self._exported)
        task.start()
        self._task = task

    def _exported(self, result, error) -> None:
        self._task = None
        if error is not None:
            from desktop.ui.errors import show_error

            show_error(self.parent_widget, error, "导出发文登记簿")
            self.finished.emit("")
            return
        from desktop.ui.dialogs import announce_saved

        announce_saved(self.parent_widget, result, "发文登记簿")
        self.finished.emit(str(result))

    def import_xlsx(self) -> OutgoingImportFlow | None:
        path = self.ask_open_path(self.parent_widget)
        if not path:
            return None
        from desktop.ui.outgoing.import_flow import run_outgoing_import

        return run_outgoing_import(self.parent_widget, self.ctx, Path(path))
