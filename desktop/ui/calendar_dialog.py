"""设置 → 节假日…: the office's own calendar entries, for the years the maintained package
does not know yet (2027 on): a list per year with add/remove, and 粘贴国务院通知…, where the
State Council's notice is pasted, read (services.duty.notice), previewed and saved."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import clock
from desktop.ui.duty.forms import FormDialog, error_label
from desktop.ui.duty.panes import table
from desktop.ui.duty.rows_model import PlainRowsModel
from desktop.ui.messages import Messages
from desktop.ui.ops import DUTY, SETTINGS

if TYPE_CHECKING:
    from desktop.services.errors import ServiceError
    from desktop.ui.ops import AppContext

WEEKDAYS = "一二三四五六日"
KIND_LABELS = {"holiday": "放假", "workday": "调休上班"}
COLUMNS = (
    ("日期", lambda e: f"{e.day.year}年{e.day.month}月{e.day.day}日"),
    ("星期", lambda e: WEEKDAYS[e.day.weekday()]),
    ("放假/上班", lambda e: KIND_LABELS.get(e.kind, e.kind)),
    ("节日", lambda e: e.name),
)


class CalendarDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("节假日")
        self.resize(620, 560)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年")
        self.year.setValue(clock.today().year + 1)
        year_label = QLabel("年份(&Y)：")
        year_label.setBuddy(self.year)
        note = QLabel("2026 年及以前的节假日来自程序内置的国务院安排；以后各年请在国务院通知发布后在此录入。"
                      "这里的录入优先于内置安排，也可用来更正某一天。")
        note.setWordWrap(True)
        self.model = PlainRowsModel(COLUMNS, self)
        self.view = table(self.model)
        self.day = QDateEdit(QDate(self.year.value(), 1, 1))
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        self.kind = QComboBox()
        self.kind.addItem("放假", "holiday")
        self.kind.addItem("调休上班", "workday")
        self.name = QLineEdit()
        self.name.setPlaceholderText("节日名称，如 元旦")
        self.error = error_label()
        add = QPushButton("添加(&A)")
        remove = QPushButton("删除所选(&D)")
        self.paste = QPushButton("粘贴国务院通知(&P)…")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.paste)
        entry = QHBoxLayout()
        for w in (self.day, self.kind, self.name, add, remove):
            entry.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(note)
        lay.addWidget(self.view)
        lay.addLayout(entry)
        lay.addWidget(self.error)
        lay.addWidget(close)
        self.year.valueChanged.connect(self._year_changed)
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        self.paste.clicked.connect(self._paste)
        close.rejected.connect(self.reject)
        self.reload()

    def _year_changed(self, year: int) -> None:
        self.day.setDate(QDate(year, 1, 1))
        self.reload()

    def reload(self) -> None:
        from desktop.services.duty.calendar import list_entries

        year = self.year.value()
        self.model.set_rows(self.ctx.ops.read(lambda s: list_entries(s, year)))

    def _run(self, fn) -> bool:
        self.error.hide()

        def on_error(exc: ServiceError) -> None:
            self.error.setText(exc.message)
            self.error.show()

        ok = self.ctx.ops.run(fn, {SETTINGS, DUTY}, parent=self, on_error=on_error).ok
        self.reload()
        return ok

    def _add(self) -> None:
        from desktop.services.duty.calendar import set_entry

        day, kind, name = self.day.date().toPython(), self.kind.currentData(), self.name.text()
        if self._run(lambda s: set_entry(s, day, kind, name)):
            if day.year != self.year.value():
                self.year.setValue(day.year)
            self.day.setDate(QDate(day.year, day.month, day.day).addDays(1))

    def _remove(self) -> None:
        from desktop.services.duty.calendar import remove_entry

        index = self.view.currentIndex()
        if index.isValid():
            day = self.model.rows[index.row()].day
            self._run(lambda s: remove_entry(s, day))

    def _paste(self) -> None:
        dialog = NoticeDialog(self.ctx, self.year.value(), self)
        if FormDialog.run(dialog) and dialog.saved_year is not None:
            self.year.setValue(dialog.saved_year)
        self.reload()


class NoticeDialog(QDialog):
    """The notice's text pasted, read as it is typed, previewed; 保存 replaces the year's entries."""

    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.default_year = year
        self.saved_year: int | None = None
        self.days: list = []
        self.setWindowTitle("粘贴国务院通知")
        self.resize(680, 640)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("把《国务院办公厅关于20XX年部分节假日安排的通知》的全文或放假安排部分粘贴到这里。")
        self.summary = QLabel()
        self.error = error_label()
        self.model = PlainRowsModel(COLUMNS, self)
        self.view = table(self.model)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存(&S)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("通知内容(&N)："))
        lay.addWidget(self.text, 2)
        lay.addWidget(self.error)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 3)
        lay.addWidget(self.buttons)
        self.text.textChanged.connect(self._parse)
        self._parse()

    @property
    def year(self) -> int:
        from desktop.services.duty.notice import notice_year

        return notice_year(self.text.toPlainText()) or self.default_year

    def _parse(self) -> None:
        from desktop.services.duty.notice import parse_notice
        from desktop.services.errors import ServiceError

        text = self.text.toPlainText()
        self.days = []
        self.error.hide()
        if text.strip():
            try:
                self.days = parse_notice(text, self.year)
            except ServiceError as exc:
                self.error.setText(exc.message)
                self.error.show()
        self.model.set_rows(self.days)
        off = sum(1 for d in self.days if d.kind == "holiday")
        self.summary.setText(f"{self.year}年：放假 {off} 天，调休上班 {len(self.days) - off} 天。" if self.days else "")
        self.save_button.setEnabled(bool(self.days))

    def _save(self) -> None:
        from desktop.services.duty.calendar import list_entries, replace_year

        year, days = self.year, list(self.days)
        if not days:
            return
        before = len(self.ctx.ops.read(lambda s: list_entries(s, year)))
        if before and not Messages.confirm(self, f"{year}年已录入 {before} 天，将以通知中的 {len(days)} 天替换。确定吗？"):
            return

        def on_error(exc: ServiceError) -> None:
            self.error.setText(exc.message)
            self.error.show()

        if self.ctx.ops.run(lambda s: replace_year(s, year, days), {SETTINGS, DUTY}, parent=self,
                            on_error=on_error).ok:
            self.saved_year = year
            self.accept()


def edit_calendar(ctx: AppContext, parent: QWidget | None = None) -> None:
    FormDialog.run(CalendarDialog(ctx, parent))



