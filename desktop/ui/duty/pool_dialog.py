"""值班人员…: who is in each role's pool (from the directory, with from/to dates), leave and
other unavailability, and the shift preset (two shifts a day, or one 24-hour shift)."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import clock
from desktop.ui.duty.forms import error_label
from desktop.ui.duty.panes import table
from desktop.ui.duty.rows_model import PlainRowsModel
from desktop.ui.ops import DUTY

if TYPE_CHECKING:
    from desktop.services.errors import ServiceError
    from desktop.ui.ops import AppContext


def _date(d: dt.date | None) -> str:
    return d.isoformat() if d else "不限"


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


class PoolDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.services.duty.choose import directory_people
        from desktop.services.duty.setup import roles

        self.ctx = ctx
        self.setWindowTitle("值班人员")
        self.resize(720, 520)
        self.people = ctx.ops.read(directory_people)
        self.roles = ctx.ops.read(roles)
        tabs = QTabWidget()
        tabs.addTab(self._pool_page(), "值班人员名单(&1)")
        tabs.addTab(self._leave_page(), "请假/不能值班(&2)")
        tabs.addTab(self._shift_page(), "班次方案(&3)")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(close)
        self._reload()

    def _person_box(self) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for sid, name, dept in self.people:
            box.addItem(f"{name}（{dept}）" if dept else name, sid)
        box.setCurrentIndex(-1)
        box.lineEdit().setPlaceholderText("输入姓名选择（来自科室与人员）")
        return box

    @staticmethod
    def _picked(box: QComboBox) -> int | None:
        index = box.findText(box.currentText())
        return box.itemData(index) if index >= 0 else None

    # --- pools -----------------------------------------------------------------------

    def _pool_page(self) -> QWidget:
        page = QWidget()
        self.role_box = QComboBox()
        for r in self.roles:
            self.role_box.addItem(r.name, r.id)
        self.role_box.currentIndexChanged.connect(lambda _i: self._reload())
        self.pool_model = PlainRowsModel((("姓名", lambda r: r.name), ("科室", lambda r: r.department),
                                          ("加入日期", lambda r: _date(r.start)),
                                          ("退出日期", lambda r: _date(r.end))), page)
        self.pool_view = table(self.pool_model)
        self.pool_person = self._person_box()
        self.pool_from = date_edit(clock.today().replace(day=1))
        self.pool_has_end = QCheckBox("截止日期")
        self.pool_end = date_edit(clock.today())
        self.pool_end.setEnabled(False)
        self.pool_has_end.toggled.connect(self.pool_end.setEnabled)
        self.pool_error = error_label()
        add = QPushButton("加入名单(&J)")
        add.clicked.connect(self._add_to_pool)
        leave = QPushButton("退出名单(&Q)")
        leave.clicked.connect(self._leave_pool)
        form = QFormLayout()
        form.addRow("值班角色(&O)：", self.role_box)
        form.addRow("人员(&N)：", self.pool_person)
        dates = QHBoxLayout()
        dates.addWidget(self.pool_from)
        dates.addWidget(self.pool_has_end)
        dates.addWidget(self.pool_end)
        form.addRow("加入日期(&F)：", dates)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(leave)
        buttons.addStretch(1)
        lay = QVBoxLayout(page)
        lay.addWidget(self.pool_view)
        lay.addLayout(form)
        lay.addWidget(self.pool_error)
        lay.addLayout(buttons)
        return page

    def _add_to_pool(self) -> None:
        from desktop.services.duty.setup import add_to_pool

        staff = self._picked(self.pool_person)
        if staff is None:
            self._error(self.pool_error, "请从名单中选择人员。")
            return
        role = self.role_box.currentData()
        start = self.pool_from.date().toPython()
        end = self.pool_end.date().toPython() if self.pool_has_end.isChecked() else None
        if self._run(lambda s: add_to_pool(s, role, staff, start, end), self.pool_error):
            self.pool_person.setCurrentIndex(-1)

    def _leave_pool(self) -> None:
        from desktop.services.duty.setup import leave_pool

        index = self.pool_view.currentIndex()
        if not index.isValid():
            self._error(self.pool_error, "请先在名单中选中要退出的人员，并在“截止日期”中填写最后值班日。")
            return
        row = self.pool_model.rows[index.row()]
        last = self.pool_end.date().toPython() if self.pool_has_end.isChecked() else clock.today()
        self._run(lambda s: leave_pool(s, row.role_id, row.staff_id, last), self.pool_error)

    # --- leave -----------------------------------------------------------------------

    def _leave_page(self) -> QWidget:
        page = QWidget()
        self.leave_model = PlainRowsModel((("姓名", lambda r: r.name), ("开始", lambda r: r.start.isoformat()),
                                           ("结束", lambda r: r.end.isoformat()), ("原因", lambda r: r.reason)), page)
        self.leave_view = table(self.leave_model)
        self.leave_person = self._person_box()
        self.leave_from = date_edit(clock.today())
        self.leave_to = date_edit(clock.today())
        self.leave_reason = QLineEdit()
        self.leave_reason.setPlaceholderText("休假、出差、外出培训……")
        self.leave_error = error_label()
        add = QPushButton("登记(&L)")
        add.clicked.connect(self._add_leave)
        remove = QPushButton("删除所选(&D)")
        remove.clicked.connect(self._remove_leave)
        form = QFormLayout()
        form.addRow("人员(&N)：", self.leave_person)
        dates = QHBoxLayout()
        dates.addWidget(self.leave_from)
        dates.addWidget(self.leave_to)
        form.addRow("起止日期(&T)：", dates)
        form.addRow("原因(&Y)：", self.leave_reason)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        lay = QVBoxLayout(page)
        lay.addWidget(self.leave_view)
        lay.addLayout(form)
        lay.addWidget(self.leave_error)
        lay.addLayout(buttons)
        return page

    def _add_leave(self) -> None:
        from desktop.services.duty.setup import add_unavailability

        staff = self._picked(self.leave_person)
        if staff is None:
            self._error(self.leave_error, "请从名单中选择人员。")
            return
        a, b = self.leave_from.date().toPython(), self.leave_to.date().toPython()
        reason = self.leave_reason.text()
        if self._run(lambda s: add_unavailability(s, staff, a, b, reason), self.leave_error):
            self.leave_reason.clear()

    def _remove_leave(self) -> None:
        from desktop.services.duty.setup import remove_unavailability

        index = self.leave_view.currentIndex()
        if index.isValid():
            row_id = self.leave_model.rows[index.row()].id
            self._run(lambda s: remove_unavailability(s, row_id), self.leave_error)

    # --- shifts ----------------------------------------------------------------------

    def _shift_page(self) -> QWidget:
        from desktop.services.duty.setup import shifts

        page = QWidget()
        self.two = QRadioButton("两班：工作日 午班 12:00—14:00、夜班 18:00—次日08:00；休息日 白班 08:00—18:00、夜班")
        self.whole = QRadioButton("24小时一班：每天 08:00—次日08:00")
        (self.whole if any(s.day_kind == "any" for s in self.ctx.ops.read(shifts)) else self.two).setChecked(True)
        self.shift_error = error_label()
        apply = QPushButton("应用(&S)")
        apply.clicked.connect(self._apply_preset)
        lay = QVBoxLayout(page)
        for w in (self.two, self.whole, self.shift_error, apply):
            lay.addWidget(w)
        lay.addStretch(1)
        return page

    def _apply_preset(self) -> None:
        from desktop.services.duty.setup import use_shift_preset

        preset = "24h" if self.whole.isChecked() else "two"
        self._run(lambda s: use_shift_preset(s, preset), self.shift_error)

    # --- common ----------------------------------------------------------------------

    @staticmethod
    def _error(label, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _run(self, fn, label) -> bool:
        self._error(label, "")

        def on_error(exc: ServiceError) -> None:
            self._error(label, exc.message)

        ok = self.ctx.ops.run(fn, {DUTY}, parent=self, on_error=on_error).ok
        if ok:
            self._reload()
        return ok

    def _reload(self) -> None:
        from desktop.services.duty.choose import leave_rows, pool_rows

        role = self.role_box.currentData()
        since = clock.today() - dt.timedelta(days=31)
        pool, leave = self.ctx.ops.read(lambda s: (pool_rows(s, role) if role is not None else [],
                                                   leave_rows(s, since)))
        self.pool_model.set_rows(pool)
        self.leave_model.set_rows(leave)
