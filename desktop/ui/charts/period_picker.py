"""One period for every chart: a month, a quarter, a year, or two dates."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.services.stats import periods
from desktop.services.stats.periods import CUSTOM, KIND_LABELS, MONTH, QUARTER, YEAR, Period

_FORMATS = {MONTH: "yyyy年M月", QUARTER: "yyyy年M月", YEAR: "yyyy年", CUSTOM: "yyyy-MM-dd"}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PeriodPicker(QWidget):
    """Kind (Alt+Q), the period (Alt+D), 上一期/下一期 (PageUp/PageDown); ``changed(Period)``."""

    changed = Signal(object)

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for kind in (MONTH, QUARTER, YEAR, CUSTOM):
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.start = QDateEdit(_qdate(today))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
        self.to_label = QLabel("至")
        self.label = QLabel()
        self.prev_button = QPushButton("◀ 上一期")
        self.next_button = QPushButton("下一期 ▶")
        kind_label, date_label = QLabel("统计周期(&Q)"), QLabel("期间(&D)")
        kind_label.setBuddy(self.kind)
        date_label.setBuddy(self.start)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (kind_label, self.kind, date_label, self.prev_button, self.start, self.to_label, self.end,
                  self.next_button, self.label):
            lay.addWidget(w)
        lay.addStretch(1)
        self._today = today
        self._period = periods.month(today)
        self._sync()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        for key, delta in ((Qt.Key.Key_PageUp, -1), (Qt.Key.Key_PageDown, 1)):
            QShortcut(QKeySequence(key), self, lambda d=delta: self.step(d),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    @property
    def period(self) -> Period:
        return self._period

    def set_period(self, period: Period) -> None:
        if period != self._period:
            self._period = period
            self._sync()
            self.changed.emit(period)

    def step(self, delta: int) -> None:
        """The period before (-1) or after (+1), of the same kind and length."""
        p = self._period
        if delta < 0:
            self.set_period(p.previous())
        elif p.kind == CUSTOM:
            self.set_period(periods.custom(p.end + dt.timedelta(days=1), p.end + dt.timedelta(days=p.days)))
        else:
            self.set_period(periods.of_kind(p.kind, p.end + dt.timedelta(days=1)))

    def _sync(self) -> None:
        """Show the period in the widgets without echoing their signals back."""
        p = self._period
        for w in (self.kind, self.start, self.end):
            w.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(p.kind))
        self.start.setDisplayFormat(_FORMATS[p.kind])
        self.end.setDisplayFormat(_FORMATS[p.kind])
        self.start.setDate(_qdate(p.start))
        self.end.setDate(_qdate(p.end))
        for w in (self.kind, self.start, self.end):
            w.blockSignals(False)
        custom = p.kind == CUSTOM
        self.end.setVisible(custom)
        self.to_label.setVisible(custom)
        if custom:
            self.label.setText("")
        elif p.start <= self._today < p.end:  # a period still running: its figures are so far
            self.label.setText(f"{p.start:%Y-%m-%d} 至 {self._today:%Y-%m-%d}（截至今日）")
        else:
            self.label.setText(f"{p.start:%Y-%m-%d} 至 {p.end:%Y-%m-%d}")

    def _kind_changed(self, _index: int) -> None:
        kind = self.kind.currentData()
        if kind == CUSTOM:
            self.set_period(periods.custom(self._period.start, self._period.end))
        else:
            self.set_period(periods.of_kind(kind, self._period.start))

    def _dates_changed(self, _date: QDate) -> None:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        if self._period.kind == CUSTOM:
            self.set_period(periods.custom(start, max(start, end)))
        else:
            self.set_period(periods.of_kind(self._period.kind, start))
