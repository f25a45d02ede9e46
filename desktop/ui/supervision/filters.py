"""The 督办 filter bar: text, a period (of 交办日期, 办理时限 or 办结日期), 主办科室 (with
协办), 交办领导, 来源, 状态; ``put(filt)`` puts any SupervisionFilter on it (a count or a
chart's drill-down), so what the list shows is always what the bar says."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QPushButton, QWidget

from desktop.services import clock
from desktop.services.supervision.fields import SOURCES
from desktop.services.supervision.query import DATE_FIELDS, SupervisionFilter
from desktop.services.supervision.status import FILTER_CHOICES
from desktop.ui.register.widgets import ALL, FilterBar, filter_combo


class SupervisionFilterBar(FilterBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text.setPlaceholderText("搜索督办编号、事项、批示、责任人、办理结果（Ctrl+F）")
        self.date_field = QComboBox()
        for key, label in DATE_FIELDS.items():
            self.date_field.addItem(label, key)
        self.department = filter_combo([], editable=True, width=6)
        self.with_assisting = QCheckBox("含协办")
        self.leader = filter_combo([], editable=True, width=5)
        self.source = filter_combo(SOURCES)
        self.status = filter_combo(FILTER_CHOICES, width=8)
        self.leaves_only = QCheckBox("按分项")
        self.leaves_only.setToolTip("已分解的事项按各分项列出（与顶部计数、督办通报的口径一致）")
        self.reset_button = QPushButton("清除")
        for label, w in (("期间按", self.date_field), ("主办科室", self.department), ("", self.with_assisting),
                         ("交办领导", self.leader), ("来源", self.source), ("状态", self.status),
                         ("", self.leaves_only), ("", self.reset_button)):
            self.add_field(label, w)
        for box in (self.date_field, self.department, self.leader, self.source, self.status):
            box.currentIndexChanged.connect(self.schedule)
        for box in (self.department, self.leader):
            box.lineEdit().editingFinished.connect(self.schedule)
        self.with_assisting.toggled.connect(self.schedule)
        self.leaves_only.toggled.connect(self.schedule)
        self.reset_button.clicked.connect(self.reset)

    def set_choices(self, departments: list[str], leaders: list[str]) -> None:
        for box, items in ((self.department, departments), (self.leader, leaders)):
            self.refill(box, items)

    def to_filter(self) -> SupervisionFilter:
        return SupervisionFilter(
            text=self.text.text(), date_from=self.date_from.value(), date_to=self.date_to.value(),
            date_field=self.date_field.currentData() or "assigned_on", department=self.value(self.department),
            with_assisting=self.with_assisting.isChecked(), leader=self.value(self.leader),
            source=self.value(self.source), status=self.value(self.status),
            leaves_only=self.leaves_only.isChecked(), today=clock.today())

    def put(self, filt: SupervisionFilter) -> None:
        """Put ``filt`` on the bar and apply it: one reload (each field only restarts the
        bar's timer, which apply_now stops)."""
        self.text.setText(filt.text)
        self.date_field.setCurrentIndex(max(0, self.date_field.findData(filt.date_field)))
        self.date_from.set_value(filt.date_from)
        self.date_to.set_value(filt.date_to)
        for box, value in ((self.department, filt.department), (self.leader, filt.leader),
                           (self.source, filt.source), (self.status, filt.status)):
            box.setCurrentText(value or ALL)
        self.with_assisting.setChecked(filt.with_assisting)
        self.leaves_only.setChecked(filt.leaves_only)
        self.apply_now()

    def reset(self) -> None:
        self.put(SupervisionFilter())
