"""The 收文 filter bar: text, dates, sender, 文种, 密级, 紧急程度, 环节, 承办科室, deadlines."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QPushButton, QSpinBox, QWidget

from desktop.services.incoming.query import IncomingFilter
from desktop.services.incoming.steps import FILTER_CHOICES
from desktop.services.incoming.vocab import DOC_TYPES
from desktop.services.incoming.vocab import SECRECY_LEVELS as SECRECY
from desktop.services.incoming.vocab import URGENCY_LEVELS as URGENCY
from desktop.ui.register.widgets import FilterBar, filter_combo


class IncomingFilterBar(FilterBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sender = filter_combo([], editable=True, width=10)
        self.doc_type = filter_combo(DOC_TYPES)
        self.secrecy = filter_combo(SECRECY)
        self.urgency = filter_combo(URGENCY)
        self.step = filter_combo(FILTER_CHOICES)  # stages, marks, 未办结, 已作废: services.incoming.steps
        self.department = filter_combo([], editable=True, width=6)
        self.overdue = QCheckBox("逾期")
        self.due_soon = QCheckBox("临期")
        self.due_days = QSpinBox()
        self.due_days.setRange(0, 60)
        self.due_days.setValue(3)
        self.due_days.setSuffix(" 个工作日内")
        self.today_button = QPushButton("今日")
        self.today_button.setCheckable(True)
        self.today_button.setToolTip("今日收文，以及今日到期和已逾期未办结的文件")
        self.reset_button = QPushButton("清除")
        for label, w in (("来文单位", self.sender), ("文种", self.doc_type), ("密级", self.secrecy),
                         ("紧急", self.urgency), ("环节", self.step), ("承办科室", self.department),
                         ("", self.overdue), ("", self.due_soon), ("", self.due_days),
                         ("", self.today_button), ("", self.reset_button)):
            self.add_field(label, w)
        for box in (self.sender, self.doc_type, self.secrecy, self.urgency, self.step, self.department):
            box.currentIndexChanged.connect(self.schedule)
        self.sender.lineEdit().editingFinished.connect(self.schedule)
        self.department.lineEdit().editingFinished.connect(self.schedule)
        self.overdue.toggled.connect(self.schedule)
        self.due_soon.toggled.connect(self.schedule)
        self.due_days.valueChanged.connect(lambda _v: self.due_soon.isChecked() and self.schedule())
        self.today_button.toggled.connect(self.schedule)
        self.reset_button.clicked.connect(self.reset)

    def set_choices(self, senders: list[str], departments: list[str]) -> None:
        for box, items in ((self.sender, senders), (self.department, departments)):
            self.refill(box, items)

    def to_filter(self) -> IncomingFilter:
        return IncomingFilter(
            text=self.text.text(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            sender=self.value(self.sender),
            doc_type=self.doc_type.currentData() or "",
            secrecy=self.secrecy.currentData() or "",
            urgency=self.urgency.currentData() or "",
            step=self.step.currentData() or "",
            department=self.value(self.department),
            overdue=self.overdue.isChecked(),
            due_within_workdays=self.due_days.value() if self.due_soon.isChecked() else None,
            today_view=self.today_button.isChecked(),
        )

    def reset(self) -> None:
        self.reset_silently_then(lambda: (self.date_from.set_value(None), self.date_to.set_value(None)))

    def reset_silently_then(self, fn) -> None:
        for w in (self, *self.findChildren(QWidget)):
            w.blockSignals(True)
        self.text.clear()
        for box in (self.sender, self.doc_type, self.secrecy, self.urgency, self.step, self.department):
            box.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.due_soon.setChecked(False)
        self.today_button.setChecked(False)
        fn()
        for w in (self, *self.findChildren(QWidget)):
            w.blockSignals(False)
        self.apply_now()
