"""今日值班 in the main window's status bar: today's and tonight's people (带班领导, 总值班),
from services.duty.grid.on_duty; reloaded when the roster changes, and at the next shift
change by one single-shot timer (never polling)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.services import clock
from desktop.ui.ops import DUTY, REFERENCE, SETTINGS

if TYPE_CHECKING:
    from desktop.services.duty.grid import OnDuty
    from desktop.ui.ops import AppContext

OBJECT_NAME = "on_duty"


def on_duty_text(people: list[OnDuty]) -> str:
    """今日值班　午班 带班领导 孙伟、总值班 李娜　｜　夜班 …; the shift running now comes with 当班."""
    if not people:
        return "今日值班：未排班"
    groups: dict[tuple[str, str], list[OnDuty]] = {}
    for p in people:
        groups.setdefault((p.shift, p.hours), []).append(p)
    parts = []
    for (shift, _hours), members in groups.items():
        now = "（当班）" if any(m.now for m in members) else ""
        parts.append(f"{shift}{now} " + "、".join(f"{m.role} {m.name}" for m in members))
    return "今日值班　" + "　｜　".join(parts)


class OnDutyLabel(QLabel):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(OBJECT_NAME)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)
        ctx.bus.changed.connect(self._changed)
        self.refresh()

    def _changed(self, kinds: frozenset[str]) -> None:
        if kinds & {DUTY, REFERENCE, SETTINGS}:
            self.refresh()

    def refresh(self) -> None:
        from desktop.services.duty.grid import next_change, on_duty

        if self.ctx.closed:
            return
        moment = clock.now()
        people, change = self.ctx.ops.read(lambda s: (on_duty(s, moment), next_change(s, moment)))
        text = on_duty_text(people)
        self.setText(text)
        self.setToolTip("\n".join(f"{p.shift} {p.hours} {p.role} {p.name} {p.phone}" for p in people) or text)
        # a second after the boundary, so the shift that starts is already running
        self.timer.start(max(1000, int((change - moment).total_seconds() * 1000) + 1000))


def install(bar: QStatusBar, ctx: AppContext) -> OnDutyLabel:
    """Put the label first among the permanent widgets, replacing one of a database closed."""
    remove(bar)
    label = OnDutyLabel(ctx, bar)
    bar.insertPermanentWidget(0, label)
    return label


def remove(bar: QStatusBar) -> None:
    old = bar.findChild(OnDutyLabel, OBJECT_NAME)
    if old is not None:
        old.timer.stop()
        bar.removeWidget(old)
        old.deleteLater()
