"""The panes beside the grid: per-person counts, the generation report, the 换班 history and
the duty log. Each shows plain rows the tab hands it; the log pane adds entries itself."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.duty.rows_model import PlainRowsModel

if TYPE_CHECKING:
    from desktop.services.duty.grid import PersonCounts

COUNT_COLUMNS = (
    ("角色", lambda c: c.role),
    ("姓名", lambda c: c.name),
    ("科室", lambda c: c.department),
    ("本月", lambda c: c.month.total),
    ("本月夜班", lambda c: c.month.night),
    ("本月休息日", lambda c: c.month.rest),
    ("一年内", lambda c: c.rolling.total),
    ("一年内休息日", lambda c: c.rolling.rest),
    ("一年内春节/国庆", lambda c: c.rolling.festival),
    ("一年内夜班", lambda c: c.rolling.night),
)
SWAP_COLUMNS = (
    ("时间", lambda s: s.at.strftime("%Y-%m-%d %H:%M")),
    ("班次一", lambda s: s.first),
    ("班次二", lambda s: s.second),
    ("原因", lambda s: s.reason),
    ("批准人", lambda s: s.approved_by),
    ("登记人", lambda s: s.recorded_by),
)
LOG_COLUMNS = (
    ("日期", lambda e: f"{e.day.month}月{e.day.day}日"),
    ("班次", lambda e: e.shift),
    ("时间", lambda e: e.at.strftime("%H:%M")),
    ("值班情况", lambda e: e.event),
    ("处理结果", lambda e: e.action),
    ("报告", lambda e: e.reported_to),
    ("交接", lambda e: e.handed_to),
    ("记录人", lambda e: e.written_by),
)


def table(model: PlainRowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setAlternatingRowColors(True)
    return view


class CountsPane(QWidget):
    """Per person and role: this month and the rolling year (all, nights, rest days, 春节/国庆)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlainRowsModel(COUNT_COLUMNS, self)
        self.view = table(self.model)
        QVBoxLayout(self).addWidget(self.view)
        self.layout().setContentsMargins(0, 0, 0, 0)

    def set_counts(self, counts: Sequence[PersonCounts], role_names: dict[int, str]) -> None:
        rows = [_Shown(role_names.get(c.role_id, ""), c) for c in counts]
        self.model.set_rows(rows)


class _Shown:
    """A PersonCounts with its role's name, for the columns."""

    def __init__(self, role: str, counts: PersonCounts) -> None:
        self.role, self.name, self.department = role, counts.name, counts.department
        self.month, self.rolling = counts.month, counts.rolling


class ReportPane(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setPlaceholderText("生成值班表后，这里显示每个角色各类班次的最少、最多次数。")

    def show_lines(self, lines: Sequence[str]) -> None:
        self.setPlainText("\n".join(lines))


class SwapsPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlainRowsModel(SWAP_COLUMNS, self)
        self.view = table(self.model)
        QVBoxLayout(self).addWidget(self.view)
        self.layout().setContentsMargins(0, 0, 0, 0)


class LogPane(QWidget):
    """The month's duty log, searched as one types; 添加记录… opens the entry dialog."""

    def __init__(self, add: Callable[[], None], search: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlainRowsModel(LOG_COLUMNS, self)
        self.view = table(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索值班日志（情况、处理、报告、交接）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(search)
        self.add_button = QPushButton("添加记录(&A)…")
        self.add_button.clicked.connect(add)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.view)


def month_label(first: dt.date) -> str:
    return f"{first.year}年{first.month}月"
