"""The counts at the top of the 督办 tab: 进行中, 本周到期, 逾期, 本月办结, 待审结, 进展逾期.

Each is a button (Alt+letter, or Tab and Space) that lists exactly what it counts: the
filter it sets uses the counts' own rules (services.supervision.query.dashboard: split
items counted by their parts), so the list's 共 N 条 equals the number clicked.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.services.supervision import status as st
from desktop.services.supervision.query import Dashboard, SupervisionFilter
from desktop.ui.register.model import DUE_SOON_FILL, OVERDUE_FILL

# key, label with its mnemonic, background when non-zero
COUNTS = (
    ("in_progress", "进行中(&A)", "#e8f0fb"),
    ("due_this_week", "本周到期(&W)", DUE_SOON_FILL),
    ("overdue", "逾期(&Y)", OVERDUE_FILL),
    ("closed_this_month", "本月办结(&M)", "#e6f4ea"),
    ("awaiting_review", "待审结(&R)", "#f3e8fb"),
    ("report_late", "进展逾期(&J)", "#fdeee0"),
)


def count_filter(key: str, today: dt.date) -> SupervisionFilter:
    """The list of what the count ``key`` counts."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    f = SupervisionFilter(leaves_only=True, today=today)
    if key == "in_progress":
        f.status = st.IN_WORK
    elif key == "due_this_week":
        f.status, f.date_field, f.date_from, f.date_to = st.IN_WORK, "due_on", today, sunday
    elif key == "overdue":
        f.status = st.OVERDUE
    elif key == "closed_this_month":
        f.date_field, f.date_from, f.date_to = "closed_on", today.replace(day=1), today
    elif key == "awaiting_review":
        f.status = st.AWAIT_REVIEW
    elif key == "report_late":
        f.status = st.REPORT_LATE
    return f


class CountButton(QPushButton):
    def __init__(self, key: str, label: str, fill: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key, self.label, self.fill = key, label, fill
        self.value = 0
        self.setMinimumHeight(44)

    def set_value(self, value: int) -> None:
        self.value = value
        self.setText(f"{self.label}\n{value}")
        fill = self.fill if value else "#f4f4f4"
        weight = "bold" if value else "normal"
        self.setStyleSheet(f"QPushButton {{ background: {fill}; font-size: 14px; font-weight: {weight};"
                           f" border: 1px solid #c8c8c8; border-radius: 4px; padding: 2px 12px; }}"
                           f" QPushButton:focus {{ border: 2px solid #2f6fb5; }}")


class CountsBar(QWidget):
    """The six counts; ``chosen(key)`` when one is pressed."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 2)
        self.buttons: dict[str, CountButton] = {}
        for key, label, fill in COUNTS:
            button = CountButton(key, label, fill)
            button.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            lay.addWidget(button)
            self.buttons[key] = button
        self.today = QLabel()
        self.today.setStyleSheet("color: #555;")
        self.today.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.today, 1)

    def set_counts(self, d: Dashboard, today: dt.date) -> None:
        for key, button in self.buttons.items():
            button.set_value(getattr(d, key))
        extra = f"今日到期 {d.due_today} 项" if d.due_today else "今日无到期事项"
        self.today.setText(f"{today:%Y年%m月%d日}　{extra}")

    def value(self, key: str) -> int:
        return self.buttons[key].value
