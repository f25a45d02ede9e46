"""BackgroundTask: 取消 in its progress dialog reaches the job's Progress (services.progress)."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from desktop.reports.incoming_pdf import build_incoming_register
from desktop.reports.incoming_xlsx import export_incoming_xlsx
from desktop.services.incoming.query import IncomingFilter
from desktop.services.progress import Cancelled, Progress
from desktop.ui.tasks import BackgroundTask
from tests.ui.conftest import add_documents


def _wait_for_cancel(progress: Progress) -> None:
    progress.report(0, 1)
    deadline = time.monotonic() + 20
    while not progress.cancelled and time.monotonic() < deadline:
        time.sleep(0.01)


def _click_cancel(qtbot, parent: QWidget) -> None:
    dialog = parent.findChild(QProgressDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "取消"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_cancel_button_stops_an_export_and_writes_no_file(qtbot, ctx, tmp_path, kind):
    add_documents(ctx.store, 3)
    out = tmp_path / f"收文登记簿.{kind}"
    parent = QWidget()
    qtbot.addWidget(parent)

    def export(progress: Progress) -> None:
        _wait_for_cancel(progress)  # the job is "running" until 取消 is pressed
        with ctx.store.read() as s:
            if kind == "xlsx":
                export_incoming_xlsx(s, IncomingFilter(), out, progress=progress)
            else:
                build_incoming_register(s, IncomingFilter(), "全部", out, progress=progress)

    task = BackgroundTask(parent, "正在导出收文登记簿…", export)
    with qtbot.waitSignal(task.done, timeout=20000) as done:
        task.start()
        _click_cancel(qtbot, parent)
    result, error = done.args
    assert result is None and isinstance(error, Cancelled)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".part", ".xlsx", ".pdf")] == []
