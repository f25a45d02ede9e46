"""今日值班 in the status bar: today's people by shift, the running shift marked, refreshed
when the roster changes and by one timer set to the next shift change."""
from __future__ import annotations

import datetime as dt

from desktop.services import clock
from desktop.services.duty import edit, setup
from desktop.ui.duty.status import OnDutyLabel
from desktop.ui.ops import DUTY
from tests.ui.duty_helpers import fill_office

D = dt.date(2026, 12, 1)  # a Tuesday: 午班 12:00—14:00, 夜班 18:00—次日08:00


def _ids(ctx):
    return ctx.ops.read(lambda s: ({p.name: p.id for p in setup.people(s).values()},
                                   {r.name: r.id for r in setup.roles(s)},
                                   {(x.name, x.day_kind): x.id for x in setup.shifts(s)}))


def test_on_duty_label_follows_the_clock_and_the_roster(qtbot, ctx):
    fill_office(ctx.store)
    people, roles, shifts = _ids(ctx)
    noon, night = shifts[("午班", "workday")], shifts[("夜班", "workday")]
    for shift, role, name in ((noon, "带班领导", "赵院长"), (noon, "总值班", "周明"),
                              (night, "带班领导", "钱书记"), (night, "总值班", "吴芳")):
        ctx.ops.run(lambda s, shift=shift, role=role, name=name: edit.set_cell(
            s, D, shift, roles[role], people[name]), {DUTY})
    with clock.frozen(dt.datetime(2026, 12, 1, 9)):
        label = OnDutyLabel(ctx)
        qtbot.addWidget(label)
        assert label.text() == "今日值班　午班 带班领导 赵院长、总值班 周明　｜　夜班 带班领导 钱书记、总值班 吴芳"
        assert label.timer.isActive() and label.timer.interval() == (3 * 3600 + 1) * 1000  # at 12:00:01
    with clock.frozen(dt.datetime(2026, 12, 1, 12, 0, 1)):
        label.timer.timeout.emit()
        assert label.text().startswith("今日值班　午班（当班） 带班领导 赵院长")
        assert label.timer.interval() == (2 * 3600) * 1000  # 14:00:01
        ctx.ops.run(lambda s: edit.set_cell(s, D, noon, roles["总值班"], people["郑强"]), {DUTY})
        assert label.text() == "今日值班　午班（当班） 带班领导 赵院长、总值班 郑强　｜　夜班 带班领导 钱书记、总值班 吴芳"
    with clock.frozen(dt.datetime(2026, 12, 2, 7, 30)):  # last night's shift is still running
        label.refresh()
        assert label.text() == "今日值班　夜班（当班） 带班领导 钱书记、总值班 吴芳"
    with clock.frozen(dt.datetime(2026, 12, 3, 9)):
        label.refresh()
        assert label.text() == "今日值班：未排班"
