"""The colour legend under a register: what a pink row or red text means, at a glance."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.ui.register.model import (
    CANCELLED_TEXT,
    DUE_SOON_FILL,
    HURRIED_MARK,
    HURRIED_TEXT,
    OVERDUE_FILL,
    URGENT_TEXT,
)

# (text, style sheet of its sample): the same colours the rows are painted with
ENTRIES: tuple[tuple[str, str], ...] = (
    ("逾期", f"background: {OVERDUE_FILL}; border: 1px solid #d0d0d0;"),
    ("临期", f"background: {DUE_SOON_FILL}; border: 1px solid #d0d0d0;"),
    ("特急", f"color: {URGENT_TEXT}; font-weight: bold;"),
    (f"{HURRIED_MARK}加急", f"color: {HURRIED_TEXT};"),
    ("作废", f"color: {CANCELLED_TEXT}; text-decoration: line-through;"),
)


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 0)
        lay.setSpacing(6)
        lay.addWidget(QLabel("图例："))
        self.samples: dict[str, QLabel] = {}
        for text, style in ENTRIES:
            sample = QLabel(text)
            sample.setStyleSheet(f"QLabel {{ {style} padding: 0 6px; }}")
            lay.addWidget(sample)
            self.samples[text.removeprefix(HURRIED_MARK)] = sample
        lay.addStretch(1)
