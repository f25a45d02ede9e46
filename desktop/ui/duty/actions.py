"""What the 值班 tab's keys and buttons do: each asks what it needs, then makes one change
through ctx.ops.run (announced as DUTY, so the grid, the counts and the status bar reload)."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.ui.duty.chooser import PersonChooser
from desktop.ui.duty.forms import FormDialog, LogDialog, SwapDialog
from desktop.ui.messages import Messages
from desktop.ui.ops import DUTY

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex

    from desktop.services.duty.grid import GridCell
    from desktop.ui.duty.tab import DutyTab


def _where(tab: DutyTab, row: int, cell: GridCell) -> str:
    day = tab.model.day_at(row).day
    return f"{day.month}月{day.day}日 {cell.shift} {cell.role}"


def choose(tab: DutyTab, index: QModelIndex) -> None:
    """Enter / double-click on a cell: pick a person; a conflict asks before overriding."""
    from desktop.services.duty.choose import candidates
    from desktop.services.duty.edit import set_cell

    cell = tab.model.cell_at(index.row(), index.column()) if index.isValid() else None
    if cell is None:
        return
    day = tab.model.day_at(index.row()).day
    found = tab.ctx.ops.read(lambda s: candidates(s, day, cell.shift_id, cell.role_id))
    if not found:
        Messages.info(tab, f"“{cell.role}”的值班人员名单是空的：请先在 值班人员… 中添加。")
        return
    picked = PersonChooser.ask(tab, f"{_where(tab, index.row(), cell)} — 选择值班人员", found, cell.staff_id)
    if picked is None or picked.staff_id == cell.staff_id:
        return
    force = bool(picked.conflicts)
    if force and not Messages.confirm(tab, f"{picked.name}：{'；'.join(picked.conflicts)}。\n\n确定仍要安排{picked.name}吗？"):
        return
    tab.ctx.ops.run(lambda s: set_cell(s, day, cell.shift_id, cell.role_id, picked.staff_id, force=force),
                    {DUTY}, parent=tab)


def clear(tab: DutyTab, index: QModelIndex) -> None:
    from desktop.services.duty.edit import clear_cell

    cell = tab.model.cell_at(index.row(), index.column()) if index.isValid() else None
    if cell is None or cell.staff_id is None:
        return
    day = tab.model.day_at(index.row()).day
    if Messages.confirm(tab, f"清除 {_where(tab, index.row(), cell)}（{cell.name}）吗？"):
        tab.ctx.ops.run(lambda s: clear_cell(s, day, cell.shift_id, cell.role_id), {DUTY}, parent=tab)


def toggle_lock(tab: DutyTab) -> None:
    from desktop.services.duty.edit import set_locked

    index = tab.view.currentIndex()
    cell = tab.model.cell_at(index.row(), index.column()) if index.isValid() else None
    if cell is None:
        Messages.info(tab, "请先选中一个班次。")
        return
    day = tab.model.day_at(index.row()).day
    tab.ctx.ops.run(lambda s: set_locked(s, day, cell.shift_id, cell.role_id, not cell.locked), {DUTY}, parent=tab)


def generate(tab: DutyTab) -> None:
    """生成 / 重新生成: locked cells stay; replacing assigned cells is confirmed first."""
    from desktop.services.duty.period import month_bounds
    from desktop.services.duty.plan import regenerate

    grid = tab.model.grid
    cells = [c for d in grid.days for c in d.cells] if grid is not None else []
    unlocked = sum(1 for c in cells if c.staff_id is not None and not c.locked)
    locked = sum(1 for c in cells if c.locked)
    note = "" if grid is None or grid.covered else "\n\n注意：该月节假日尚未录入，将按普通周末排班。"
    if unlocked and not Messages.confirm(
            tab, f"重新生成{tab.month_name()}值班表：已排的 {unlocked} 个未锁定班次将被重新安排，"
                 f"锁定的 {locked} 个保留。确定吗？{note}"):
        return
    if not unlocked and note and not Messages.confirm(tab, f"生成{tab.month_name()}值班表？{note}"):
        return
    result = tab.ctx.ops.run(lambda s: regenerate(s, *month_bounds(*tab.year_month)), {DUTY}, parent=tab)
    if result.ok and result.value is not None:
        tab.report.show_lines(result.value.lines())
        tab.side.setCurrentWidget(tab.report)


def swap(tab: DutyTab) -> None:
    """换班 of two selected cells of one role (Ctrl+click); with one cell selected, it is
    remembered and the next 换班 on another cell completes the pair (keyboard only)."""
    picked = []
    for index in sorted(tab.view.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column())):
        cell = tab.model.cell_at(index.row(), index.column())
        if cell is not None:
            picked.append((tab.model.day_at(index.row()).day, cell))
    if len(picked) == 1 and tab.pending_swap is None:
        day, cell = picked[0]
        tab.pending_swap = (day, cell.shift_id, cell.role_id)
        Messages.info(tab, f"已选第一个班次：{day.month}月{day.day}日 {cell.shift} {cell.name}。\n"
                           "请移到要换的另一个班次，再按“换班”。")
        return
    if len(picked) == 1 and tab.pending_swap is not None:
        first = tab.model.find(*tab.pending_swap)
        tab.pending_swap = None
        if first.isValid():
            picked.insert(0, (tab.model.day_at(first.row()).day, tab.model.cell_at(first.row(), first.column())))
    if len(picked) != 2 or picked[0][1].role_id != picked[1][1].role_id:
        tab.pending_swap = None
        Messages.info(tab, "换班请选中同一值班角色的两个班次（按住 Ctrl 点选，或先在一个班次上按“换班”）。")
        return
    _swap_dialog(tab, picked)


def _swap_dialog(tab: DutyTab, picked: list) -> None:
    from desktop.services.duty.choose import approvers
    from desktop.services.duty.edit import swap as do_swap

    (day1, c1), (day2, c2) = picked

    def submit(values: dict, on_error):
        return tab.ctx.ops.run(lambda s: do_swap(s, c1.role_id, (day1, c1.shift_id), (day2, c2.shift_id),
                                                 values["reason"], values["approved_by"]),
                               {DUTY}, parent=tab, on_error=on_error)

    names = tab.ctx.ops.read(approvers)
    dialog = SwapDialog(f"{day1.month}月{day1.day}日 {c1.shift} {c1.role} {c1.name or '（未排）'}",
                        f"{day2.month}月{day2.day}日 {c2.shift} {c2.role} {c2.name or '（未排）'}", names, submit, tab)
    if FormDialog.run(dialog):
        tab.side.setCurrentWidget(tab.swaps)


def add_log(tab: DutyTab) -> None:
    from desktop.services import clock
    from desktop.services.duty.log import add_entry
    from desktop.services.duty.setup import shifts

    kinds = {"workday": "工作日", "restday": "休息日", "any": "每天"}
    shift_list = [(s.id, f"{s.name}（{kinds.get(s.day_kind, '')} {s.hours}）") for s in tab.ctx.ops.read(shifts)]
    today = clock.today()
    day = today if (today.year, today.month) == tab.year_month else tab.first

    def submit(values: dict, on_error):
        return tab.ctx.ops.run(lambda s: add_entry(s, values["day"], values["shift_id"], values["event"],
                                                   values["action"], values["reported_to"], values["handed_to"]),
                               {DUTY}, parent=tab, on_error=on_error)

    FormDialog.run(LogDialog(day, shift_list, submit, tab))


def manage_pools(tab: DutyTab) -> None:
    from desktop.ui.duty.pool_dialog import PoolDialog

    FormDialog.run(PoolDialog(tab.ctx, tab))


def _build_pdf(tab: DutyTab, out: Path) -> int:
    from desktop.reports.duty_pdf import build_roster_pdf
    from desktop.services import clock
    from desktop.services.duty.grid import month_grid
    from desktop.services.hospital import hospital_name

    grid, hospital = tab.ctx.ops.read(lambda s: (month_grid(s, *tab.year_month), hospital_name(s)))
    return build_roster_pdf(grid, out, hospital=hospital, made_on=clock.today())


def print_roster(tab: DutyTab) -> None:
    from desktop.ui.print_preview import preview_pdf

    out = Path(tempfile.mkdtemp(prefix="ybt-")) / f"值班表-{tab.first:%Y-%m}.pdf"
    pages = _build_pdf(tab, out)
    preview_pdf(out, tab, pages, title=f"行政总值班表 {tab.month_name()}")
