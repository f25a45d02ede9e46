"""The start-up notice: when a database opens with 督办 items overdue or due today, a
button in the status bar says so ("督办：3 项逾期，1 项今日到期") and opens the 督办 tab on
the overdue list. Not a dialog: the secretary's first keystrokes go where she meant them."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QPushButton

from desktop.services import clock
from desktop.services.supervision.query import dashboard

if TYPE_CHECKING:
    from desktop.ui.ops import AppContext

NAME = "supervision_notice"


def notice_text(overdue: int, due_today: int) -> str:
    parts = ([f"{overdue} 项逾期"] if overdue else []) + ([f"{due_today} 项今日到期"] if due_today else [])
    return f"督办：{'，'.join(parts)}" if parts else ""


def show_notice(window: QMainWindow, ctx: AppContext, open_overdue) -> QPushButton | None:  # noqa: ANN001
    """Put (or replace, or remove) the notice; ``open_overdue()`` runs on its click."""
    bar = window.statusBar()
    old = bar.findChild(QPushButton, NAME)
    if old is not None:
        bar.removeWidget(old)
        old.deleteLater()
    if ctx.closed:
        return None
    counts = dashboard(ctx.reader, clock.today())
    text = notice_text(counts.overdue, counts.due_today)
    if not text:
        return None
    button = QPushButton(f"⚠ {text}（点击查看）", bar)
    button.setObjectName(NAME)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet("QPushButton { color: #c0392b; font-weight: bold; padding: 0 8px; }")
    button.setToolTip("打开“督办”页，列出逾期事项")
    button.clicked.connect(lambda: (open_overdue(), bar.removeWidget(button), button.deleteLater()))
    bar.addWidget(button)
    button.show()
    return button
