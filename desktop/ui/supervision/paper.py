"""督办's paper from the tab: the 督办通知单 and 催办单 of the item on screen, and the 督办通报
of a period (print preview, or its Excel), through services.supervision.paper/bulletin and
desktop.reports; the period is asked in a small dialog that tests replace (ask)."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QWidget

from desktop.services import clock
from desktop.ui.action_page import date_edit
from desktop.ui.ops import AppContext


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def _temp(name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix="ybt-")) / name


def print_form(ctx: AppContext, parent: QWidget, item_id: int, reminder: bool) -> Path:
    """Build the 通知单 (or 催办单) of ``item_id`` and open the print preview; the PDF's path."""
    from desktop.reports import supervision_pdf
    from desktop.services.supervision import paper
    from desktop.ui.print_preview import preview_pdf

    if reminder:
        data = ctx.ops.read(lambda s: paper.reminder_data(s, item_id))
        number, title = data.notice.number, "催办单"
        out = _temp(f"催办单-{item_id}.pdf")
        supervision_pdf.build_reminder(data, out)
    else:
        notice = ctx.ops.read(lambda s: paper.notice_data(s, item_id))
        number, title = notice.number, "督办通知单"
        out = _temp(f"督办通知单-{item_id}.pdf")
        supervision_pdf.build_notice(notice, out)
    preview_pdf(out, parent, _pages(out), title=f"{title} {number}")
    return out


class PeriodDialog(QDialog):
    """从 … 至 …, this month by default."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        today = clock.today()
        self.date_from, self.date_to = date_edit(), date_edit()
        self.date_from.setDate(today.replace(day=1))
        self.date_to.setDate(today)
        form = QFormLayout(self)
        form.addRow("从", self.date_from)
        form.addRow("至", self.date_to)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @staticmethod
    def ask(parent: QWidget | None, title: str) -> tuple[dt.date, dt.date] | None:
        dialog = PeriodDialog(parent, title)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.date_from.date().toPython(), dialog.date_to.date().toPython()


def _bulletin(ctx: AppContext, period: tuple[dt.date, dt.date]):  # -> (Bulletin, hospital)
    from desktop.services.hospital import hospital_name
    from desktop.services.supervision.bulletin import build_bulletin

    return ctx.ops.read(lambda s: (build_bulletin(s, *period), hospital_name(s)))


def print_bulletin(ctx: AppContext, parent: QWidget) -> Path | None:
    """Ask a period, then the 督办通报's print preview; the PDF's path (None: cancelled or wrong)."""
    from desktop.reports.supervision_pdf import build_bulletin as build_pdf
    from desktop.ui.messages import Messages
    from desktop.ui.print_preview import preview_pdf

    period = PeriodDialog.ask(parent, "督办通报：选择期间")
    if period is None:
        return None
    if period[1] < period[0]:
        Messages.error(parent, "期间的结束日期不能早于开始日期。")
        return None
    bulletin, hospital = _bulletin(ctx, period)
    out = _temp(f"督办通报-{period[0]:%Y%m%d}-{period[1]:%Y%m%d}.pdf")
    build_pdf(bulletin, out, hospital)
    preview_pdf(out, parent, _pages(out), title=f"督办通报（{bulletin.period}）")
    return out


def ask_save_path(parent: QWidget, name: str) -> str:
    from desktop.ui.dialogs import ask_save_file

    return ask_save_file(parent, "导出督办通报", name, "Excel 文件 (*.xlsx)")


def export_bulletin(ctx: AppContext, parent: QWidget) -> Path | None:
    """Ask a period and a file, then write the 督办通报 as .xlsx."""
    from desktop.reports.supervision_xlsx import export_bulletin_xlsx
    from desktop.ui.dialogs import announce_saved
    from desktop.ui.messages import Messages

    period = PeriodDialog.ask(parent, "导出督办通报：选择期间")
    if period is None:
        return None
    if period[1] < period[0]:
        Messages.error(parent, "期间的结束日期不能早于开始日期。")
        return None
    path = ask_save_path(parent, f"督办通报{period[0]:%Y%m%d}-{period[1]:%Y%m%d}.xlsx")
    if not path:
        return None
    bulletin, hospital = _bulletin(ctx, period)
    export_bulletin_xlsx(bulletin, Path(path), hospital)
    announce_saved(parent, path, "督办通报")
    return Path(path)
