"""The roster against a database: generation, the month grid, hand changes, swaps, counts."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import clock
from desktop.services.duty import edit, grid, log, plan, setup
from desktop.services.duty.edit import ConflictError
from desktop.services.errors import ServiceError

from .conftest import ids, roles

D = dt.date


def test_october_2026_grid_marks_holidays_and_make_up_days(office) -> None:
    with office.write() as s:
        report = plan.regenerate(s, D(2026, 10, 1), D(2026, 10, 31))
    assert report.filled == 31 * 2 * 2 and report.empty == () and not report.uncovered
    assert all(line.spread <= 1 for line in report.spreads), report.lines()
    with office.read() as s:
        g = grid.month_grid(s, 2026, 10)
    assert g.covered
    day = {d.day.day: d for d in g.days}
    assert [(day[i].kind_name, day[i].holiday) for i in (1, 7, 8, 10, 11)] == [
        ("节假日", "国庆节"), ("节假日", "国庆节"), ("工作日", ""), ("调休上班", ""), ("休息日", "")]
    assert day[1].weekday == "四"
    assert [(c.shift, c.hours, c.role) for c in day[1].cells] == [
        ("白班", "08:00—18:00", "带班领导"), ("白班", "08:00—18:00", "总值班"),
        ("夜班", "18:00—次日08:00", "带班领导"), ("夜班", "18:00—次日08:00", "总值班")]
    assert [c.shift for c in day[10].cells] == ["午班", "午班", "夜班", "夜班"]  # the make-up Saturday
    assert all(c.name and c.phone and not c.conflicts for d in g.days for c in d.cells)


def test_set_cell_refuses_conflicts_in_chinese_and_locks(office) -> None:
    with office.write() as s:
        plan.regenerate(s, D(2026, 10, 1), D(2026, 10, 31))
        who, role = ids(s), roles(s)
        night = next(sh.id for sh in setup.shifts(s) if sh.name == "夜班" and sh.day_kind == "restday")
        setup.add_unavailability(s, who["周明"], D(2026, 10, 2), D(2026, 10, 4), "休假")
        with pytest.raises(ConflictError) as err:
            edit.set_cell(s, D(2026, 10, 3), night, role["总值班"], who["周明"])
        assert err.value.message == "周明：10月3日休假（10月2日—10月4日）。"
        with pytest.raises(ConflictError) as err:
            edit.set_cell(s, D(2026, 10, 3), night, role["总值班"], who["赵院长"])
        assert err.value.reasons[0] == "10月3日不在该值班角色的人员名单内"
        held = {(d.day, c.shift_id, c.role): c.name for d in grid.month_grid(s, 2026, 10).days for c in d.cells}
        fifth = held[(D(2026, 10, 5), night, "总值班")]
        with pytest.raises(ConflictError) as err:
            edit.set_cell(s, D(2026, 10, 6), night, role["总值班"], who[fifth])
        assert "10月5日已值夜班，不能连续两个夜班" in err.value.reasons
        accepted = edit.set_cell(s, D(2026, 10, 6), night, role["总值班"], who[fifth], force=True)
        assert accepted == err.value.reasons
    with office.read() as s:
        cell = next(c for d in grid.month_grid(s, 2026, 10).days if d.day == D(2026, 10, 6)
                    for c in d.cells if c.shift_id == night and c.role == "总值班")
    assert (cell.name, cell.locked) == (fifth, True)
    assert "10月5日已值夜班，不能连续两个夜班" in cell.conflicts  # shown in the grid, not hidden


def test_the_grid_shows_leave_and_a_night_just_before_the_month(office) -> None:
    # the grid reads what it checks once for the month and the days either side of it
    with office.write() as s:
        plan.regenerate(s, D(2026, 10, 1), D(2026, 11, 30))
        who, role = ids(s), roles(s)
        night = next(sh.id for sh in setup.shifts(s) if sh.name == "夜班" and sh.day_kind == "restday")
        held = {(d.day, c.shift_id, c.role): c.name for d in grid.month_grid(s, 2026, 10).days for c in d.cells}
        last = held[(D(2026, 10, 31), night, "总值班")]  # a Saturday night, then a Sunday night
        edit.set_cell(s, D(2026, 11, 1), night, role["总值班"], who[last], force=True)
        setup.add_unavailability(s, who[last], D(2026, 11, 1), D(2026, 11, 2), "病假")
    with office.read() as s:
        cell = next(c for d in grid.month_grid(s, 2026, 11).days if d.day == D(2026, 11, 1)
                    for c in d.cells if c.shift_id == night and c.role == "总值班")
    assert cell.name == last
    assert cell.conflicts[0] == "11月1日病假（11月1日—11月2日）"
    assert "10月31日已值夜班，不能连续两个夜班" in cell.conflicts


def test_regenerate_keeps_locked_cells(office) -> None:
    with office.write() as s:
        plan.regenerate(s, D(2026, 11, 1), D(2026, 11, 30))
        who, role = ids(s), roles(s)
        noon = next(sh.id for sh in setup.shifts(s) if sh.name == "午班")
        edit.set_cell(s, D(2026, 11, 2), noon, role["总值班"], who["沈洋"], force=True)
        report = plan.regenerate(s, D(2026, 11, 1), D(2026, 11, 30))
        assert report.kept == 1
    with office.read() as s:
        g = grid.month_grid(s, 2026, 11)
    cell = next(c for d in g.days if d.day == D(2026, 11, 2) for c in d.cells
                if c.shift_id == noon and c.role == "总值班")
    assert (cell.name, cell.locked) == ("沈洋", True)


def test_swap_exchanges_two_cells_and_is_kept_as_history(office) -> None:
    with clock.frozen(dt.datetime(2026, 10, 20, 9)), office.write() as s:
        plan.regenerate(s, D(2026, 10, 1), D(2026, 10, 31))
        role = roles(s)["总值班"]
        g = grid.month_grid(s, 2026, 10)
        a = next(c for d in g.days if d.day == D(2026, 10, 22) for c in d.cells if c.role == "总值班")
        b = next(c for d in g.days if d.day == D(2026, 10, 28) for c in d.cells
                 if c.role == "总值班" and c.shift_id == a.shift_id)
        edit.swap(s, role, (D(2026, 10, 22), a.shift_id), (D(2026, 10, 28), b.shift_id), "外出开会", "钱书记")
        with pytest.raises(ServiceError) as err:
            edit.swap(s, role, (D(2026, 10, 22), a.shift_id), (D(2026, 10, 28), b.shift_id), "", " ")
        assert err.value.message == "请填写批准人。"
    with office.read() as s:
        g2 = grid.month_grid(s, 2026, 10)
        history = edit.swaps(s, D(2026, 10, 1), D(2026, 10, 31))
    after = {(d.day, c.shift_id, c.role): (c.name, c.locked) for d in g2.days for c in d.cells}
    assert after[(D(2026, 10, 22), a.shift_id, "总值班")] == (b.name, True)
    assert after[(D(2026, 10, 28), b.shift_id, "总值班")] == (a.name, True)
    assert len(history) == 1
    assert (history[0].first, history[0].approved_by, history[0].reason) == (
        f"10月22日 午班 {a.name}", "钱书记", "外出开会")


def test_counts_this_month_and_rolling_and_history_carries_over(office) -> None:
    with office.write() as s:
        plan.regenerate(s, D(2026, 9, 1), D(2026, 9, 30))
        who = ids(s)
        # 沈洋 joins late: starts at the pool's lowest counts, not at zero
        setup.leave_pool(s, roles(s)["总值班"], who["沈洋"], D(2026, 9, 30))
        plan.regenerate(s, D(2026, 10, 1), D(2026, 10, 31))
    with office.read() as s:
        rows = {(r.name, r.role_id): r for r in grid.person_counts(s, 2026, 10)}
        role = roles(s)["总值班"]
    assert ("沈洋", role) not in rows  # left the pool, nothing this month
    cadres = [r for (_n, rid), r in rows.items() if rid == role]
    assert len(cadres) == 9
    rolling = [r.rolling.total for r in cadres]
    assert max(rolling) - min(rolling) <= 1
    assert all(r.rolling.total > r.month.total for r in cadres)


def test_on_duty_now_and_tonight(office) -> None:
    with office.write() as s:
        plan.regenerate(s, D(2026, 10, 1), D(2026, 10, 31))
    with office.read() as s:
        noon = grid.on_duty(s, dt.datetime(2026, 10, 8, 12, 30))  # a workday
        early = grid.on_duty(s, dt.datetime(2026, 10, 9, 7, 0))
    assert [(o.shift, o.now) for o in noon] == [("午班", True), ("午班", True), ("夜班", False), ("夜班", False)]
    assert [(o.shift, o.now) for o in early][:2] == [("夜班", True), ("夜班", True)]  # last night's, still on


def test_duty_log(office) -> None:
    with clock.frozen(dt.datetime(2026, 10, 8, 23)), office.write() as s:
        night = next(sh.id for sh in setup.shifts(s) if sh.name == "夜班")
        log.add_entry(s, D(2026, 10, 8), night, "急诊科反映停水", "联系总务科抢修", "孙副院长", "周明")
        with pytest.raises(ServiceError) as err:
            log.add_entry(s, D(2026, 10, 8), night, "  ")
        assert err.value.message == "请填写值班情况。"
    with office.read() as s:
        rows = log.entries(s, D(2026, 10, 1), D(2026, 10, 31), "停水")
        none = log.entries(s, D(2026, 10, 1), D(2026, 10, 31), "停电")
        traditional = log.entries(s, D(2026, 10, 1), D(2026, 10, 31), "搶修")  # 繁体 finds 简体
        one_char = log.entries(s, D(2026, 10, 1), D(2026, 10, 31), "水")
    assert [(r.event, r.action, r.handed_to, r.at) for r in rows] == [
        ("急诊科反映停水", "联系总务科抢修", "周明", dt.datetime(2026, 10, 8, 23))]
    assert none == []
    assert [r.event for r in traditional] == [r.event for r in one_char] == ["急诊科反映停水"]
