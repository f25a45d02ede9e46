"""Main window: wiring only. Tabs build themselves on first show.

Everything here runs before the window is shown, so it is kept to what the first frame
needs. PySide6 initialises each Qt class on first use (0.3–2 ms each), so dialogs and
message boxes are imported where they are used. Shortcuts are set as the ``shortcut``
property from a string: ``setShortcut()`` resolves its overloads by building the whole
Qt enum namespace, 14 ms measured, longer than the rest of the window takes to build.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from desktop.ui.tabs import TABS, TabSlot

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QMenu, QWidget

    from desktop.locations import Inspected
    from desktop.ui.prewarm import ChartsPrewarm
    from desktop.ui.tasks import BackgroundTask


RECENT_MAX = 8


def set_keys(action: QAction, keys: str) -> QAction:
    """Give an action its shortcut ("Ctrl+1"); see the module docstring for why not setShortcut."""
    action.setProperty("shortcut", keys)
    return action


class MainWindow(QMainWindow):
    database_opened = Signal(object)  # AppContext

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.ctx = None
        self._prewarm: ChartsPrewarm | None = None  # made when a database opens (ui/prewarm.py)
        self.setWindowTitle("院办通")
        self.resize(self.default_size())
        self._init_tabs()
        self._init_menus()
        self._init_status()
        self._restore()

    def default_size(self) -> QSize:
        """1280 × 700 at most, within the screen: on a 1366 × 768 laptop the title bar,
        the window and its status bar all show above the task bar."""
        screen = self.screen()
        avail = screen.availableGeometry() if screen is not None else None
        width, height = 1280, 700
        if avail is not None and avail.width() > 0:
            width, height = min(width, avail.width() - 40), min(height, avail.height() - 60)
        return QSize(width, height)

    # --- construction ------------------------------------------------------------

    def _init_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.slots = [TabSlot(spec) for spec in TABS]
        for slot in self.slots:
            self.tabs.addTab(slot, slot.spec.title)
        self.tabs.currentChanged.connect(self._ensure_current_built)
        self.setCentralWidget(self.tabs)
        for i, spec in enumerate(TABS):
            act = set_keys(self.addAction(spec.title), f"Ctrl+{i + 1}")
            act.triggered.connect(lambda _=False, i=i: self.tabs.setCurrentIndex(i))

    def _init_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self._action(file_menu, "打开数据库…", self.ask_open_database, "Ctrl+O")
        self.recent_menu = file_menu.addMenu("最近打开")
        self.recent_menu.aboutToShow.connect(self._fill_recent)  # filled when opened, not before show
        self._action(file_menu, "新建数据库…", self.ask_new_database)
        director = [self._action(file_menu, "备份…", self.ask_backup),
                    self._action(file_menu, "从备份恢复…", self._restore_backup)]
        file_menu.addSeparator()
        self._action(file_menu, "修改密码…", self._change_password)
        self._action(file_menu, "退出", self.close, "Ctrl+Q")
        settings_menu = bar.addMenu("设置(&S)")
        director += [
            self._action(settings_menu, "用户与权限…", self._accounts),
            self._action(settings_menu, "单位名称…", lambda: self.ask_hospital_name()),
            self._action(settings_menu, "科室与人员…", lambda: self._reference("people")),
            self._action(settings_menu, "单位…", lambda: self._reference("organisations")),
            self._action(settings_menu, "收文编号格式…", self._number_format),
            self._action(settings_menu, "节假日…", self._holidays),
            self._action(settings_menu, "发文字号格式…", lambda: self._number_format("outgoing")),
            self._action(settings_menu, "机关代字…", self._outgoing_codes),
            self._action(settings_menu, "自动备份…", self._auto_backup),
            self._action(settings_menu, "操作日志…", self._audit_log),
        ]
        self._director_actions = director  # shown to the 主任 only (checked again in services)
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "关于院办通", self.show_about)
        self._init_search(bar)

    def _init_search(self, bar) -> None:
        """Ctrl+K and a box in the menu row open the global search (desktop.ui.search)."""
        from PySide6.QtWidgets import QLineEdit

        self.search_box = QLineEdit(bar)
        self.search_box.setPlaceholderText("搜索（Ctrl+K）")
        self.search_box.setFixedWidth(220)
        self.search_box.textEdited.connect(self.open_search)
        self.search_box.returnPressed.connect(lambda: self.open_search(self.search_box.text()))
        bar.setCornerWidget(self.search_box)
        act = set_keys(self.addAction("全局搜索"), "Ctrl+K")
        act.triggered.connect(lambda: self.open_search(""))
        self._search = None

    def _action(self, menu: QMenu | QWidget, text: str, slot, keys: str | None = None) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(slot)
        if keys is not None:
            set_keys(act, keys)
        return act

    def _init_status(self) -> None:
        self.db_label = QLabel("未打开数据库")
        self.statusBar().addPermanentWidget(self.db_label)

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            try:
                self.restoreGeometry(geometry)
            except TypeError:  # a hand-edited settings file: keep the default size
                pass
        tab = str(self.settings.value("window/tab", 0))
        self.tabs.setCurrentIndex(int(tab) if tab.isdigit() and int(tab) < len(TABS) else 0)

    # --- database ----------------------------------------------------------------

    def open_database(self, path: Path | str | Inspected | None, *, create: bool = True) -> bool:
        """Open (creating and migrating if needed) and rebuild the tabs. False on failure."""
        from desktop.ui.messages import Messages
        from desktop.ui.session import open_context

        try:
            ctx = open_context(path, self.settings, create=create)
        except Exception as exc:  # DatabaseFileError, SchemaTooNewError, sqlite errors
            Messages.error(self, f"无法打开数据库：\n{getattr(exc, 'message', None) or exc}")
            return False
        from desktop.ui.login import sign_in

        principal = sign_in(self, ctx)  # nothing of the database shows before this
        if principal is None:
            ctx.close()
            return False
        ctx.sign_in(principal)
        if self.ctx is not None:
            self.ctx.close()
        for slot in self.slots:
            slot.reset()
        self.ctx = ctx
        ctx.bus.waiting.connect(self._show_wait)
        ctx.bus.show_record.connect(self.show_record)
        self._remember(ctx.path)
        self.db_label.setText(f"用户：{principal.name}（{principal.role}）  数据库：{ctx.path}")
        for act in self._director_actions:  # the UI offers only what the role may do
            act.setVisible(principal.may("settings"))
        self.setWindowTitle(f"院办通 — {ctx.path.name}")
        self._ensure_current_built()
        QTimer.singleShot(0, lambda: self._show_on_duty(ctx))  # after the first rows are painted
        self.database_opened.emit(ctx)
        QTimer.singleShot(0, self._supervision_notice)  # after the first rows are painted
        if self._prewarm is None:
            from desktop.ui.prewarm import ChartsPrewarm

            self._prewarm = ChartsPrewarm(self)
        self._prewarm.arm()
        # after the first rows are painted: a database without a 单位名称 asks for one
        if principal.may("settings"):
            QTimer.singleShot(0, lambda: self.ask_hospital_name(first_time=True))
        return True

    def open_search(self, text: str = "") -> None:
        if self.ctx is None:
            return
        from desktop.ui.search.dialog import GlobalSearch

        if self._search is None or self._search.property("ctx_id") != id(self.ctx):
            self._search = GlobalSearch(self.ctx, self)
            self._search.setProperty("ctx_id", id(self.ctx))
        self.search_box.clear()
        self._search.start(text)

    def _show_on_duty(self, ctx) -> None:
        if ctx is self.ctx and not ctx.closed:
            from desktop.ui.duty.status import install

            install(self.statusBar(), ctx)

    def _holidays(self) -> None:
        if self.ctx is not None:
            from desktop.ui.calendar_dialog import edit_calendar

            edit_calendar(self.ctx, self)

    def _show_wait(self, seconds: float) -> None:
        if seconds < 0:
            self.statusBar().clearMessage()
        else:
            limit = self.ctx.store.gate.limit_s if self.ctx is not None else 0
            self.statusBar().showMessage(
                f"另一个程序正在写入数据库，正在等待……（{seconds:.0f} / {limit:.0f} 秒，您的内容不会丢失）")

    def show_record(self, kind: str, record_id: int) -> None:
        """Switch to ``kind``'s tab with the record selected (tabs ask through the bus)."""
        index = next((i for i, slot in enumerate(self.slots) if slot.spec.key == kind), None)
        if index is None or self.ctx is None:
            return
        self.tabs.setCurrentIndex(index)
        tab = self.slots[index].build(self.ctx)
        if hasattr(tab, "show_record"):
            tab.show_record(record_id)

    def _ensure_current_built(self, *_args) -> None:
        if self.ctx is not None:
            slot = self.slots[self.tabs.currentIndex()]
            content = slot.build(self.ctx)
            if slot.spec.key == "charts" and content.property("drill_wired") is None:
                content.drill.connect(self.show_drill)  # the charts' drill-down
                content.setProperty("drill_wired", True)

    def _supervision_notice(self) -> None:
        from desktop.ui.supervision.notice import show_notice

        if self.ctx is not None:
            self.supervision_notice = show_notice(self, self.ctx, self.show_supervision_overdue)

    def show_supervision_overdue(self) -> None:
        index = next(i for i, slot in enumerate(self.slots) if slot.spec.key == "supervision")
        self.tabs.setCurrentIndex(index)
        if self.ctx is not None:
            self.slots[index].build(self.ctx).show_overdue()  # type: ignore[attr-defined]

    def show_drill(self, filt: object, origin: str = "") -> None:
        """The tab behind a chart's figure: an IncomingFilter, OutgoingFilter or
        SupervisionFilter opens its register listing exactly those records; a
        stats.duty.PersonDuties the 值班 grid with those duties marked. ``origin`` says which
        chart figure they are."""
        from desktop.services.outgoing.query import OutgoingFilter
        from desktop.services.stats.duty import PersonDuties
        from desktop.services.supervision.query import SupervisionFilter

        kind = ("outgoing" if isinstance(filt, OutgoingFilter) else "supervision"
                if isinstance(filt, SupervisionFilter) else "duty" if isinstance(filt, PersonDuties) else "incoming")
        index = next(i for i, slot in enumerate(self.slots) if slot.spec.key == kind)
        self.tabs.setCurrentIndex(index)
        if self.ctx is None:
            return
        tab = self.slots[index].build(self.ctx)
        if isinstance(filt, PersonDuties):
            tab.show_person(filt.staff_id, filt.start, filt.end, filt.role_id, origin)  # type: ignore[attr-defined]
        else:
            tab.show_filtered(filt, origin)  # type: ignore[attr-defined]

    # --- recently opened ----------------------------------------------------------

    def recent_databases(self) -> list[str]:
        """Most recent first; a damaged settings value reads as an empty list."""
        import json

        try:
            paths = json.loads(str(self.settings.value("recent/databases", "[]")))
        except ValueError:
            return []
        return [p for p in paths if isinstance(p, str)][:RECENT_MAX] if isinstance(paths, list) else []

    def _remember(self, path: Path) -> None:
        import json

        text = str(Path(path).resolve())
        paths = [text, *(p for p in self.recent_databases() if p != text)][:RECENT_MAX]
        self.settings.setValue("recent/databases", json.dumps(paths, ensure_ascii=False))

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent_databases()
        for i, path in enumerate(paths, start=1):
            exists = Path(path).is_file()
            shown = path.replace("&", "&&")  # a literal & in a folder name is not a mnemonic
            act = menu.addAction(f"&{i} {shown}" + ("" if exists else "（文件不存在）"))
            act.setEnabled(exists)
            act.triggered.connect(lambda _=False, p=path: self.open_database(p, create=False))
        if not paths:
            menu.addAction("（无）").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("清除列表").triggered.connect(lambda: self.settings.remove("recent/databases"))

    def ask_open_database(self) -> None:
        from desktop.ui.dialogs import ask_open_file

        path = ask_open_file(self, "打开数据库", "院办通数据库 (*.db *.sqlite);;所有文件 (*)")
        if path:
            self.open_database(path, create=False)

    def ask_new_database(self) -> None:
        from desktop.ui.dialogs import ask_save_file
        from desktop.ui.messages import Messages

        path = ask_save_file(self, "新建数据库", "office.db", "院办通数据库 (*.db)")
        if path:
            if Path(path).exists():
                Messages.error(self, "该文件已存在。新建数据库请选择一个新的文件名。")
                return
            self.open_database(path, create=True)

    def ask_backup(self) -> BackgroundTask | None:
        if self.ctx is None:
            return
        from desktop.services.backup import backup_database, default_backup_name
        from desktop.ui.tasks import BackgroundTask

        path = self.ask_backup_path(self, default_backup_name(self.ctx.store.path))
        if not path:
            return None
        store = self.ctx.store
        task = BackgroundTask(self, "正在备份数据库…", lambda progress: backup_database(store, Path(path), progress))
        task.done.connect(self._backup_done)
        task.start()
        self._task = task
        return task

    def _audit_log(self) -> None:
        from desktop.ui.audit_log import AuditLogDialog

        if self.ctx is not None:
            AuditLogDialog(self.ctx, self).exec()

    def _accounts(self) -> None:
        from desktop.ui.accounts import AccountsDialog

        if self.ctx is not None:
            AccountsDialog(self.ctx, self).exec()

    def _change_password(self) -> None:
        from desktop.ui.accounts import change_own_password

        if self.ctx is not None:
            change_own_password(self.ctx, self)

    def _restore_backup(self) -> None:
        from desktop.ui.backup_actions import ask_restore

        self._task = ask_restore(self)

    def _auto_backup(self) -> None:
        from desktop.ui.backup_actions import edit_auto_backup

        edit_auto_backup(self)

    @staticmethod
    def ask_restore_path(parent: QWidget) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(parent, "选择要恢复的备份", "", "院办通备份 (*.zip)")
        return path

    def close_database(self) -> None:
        """Close the open database (before a restore replaces it); the tabs are dropped."""
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None
        for slot in self.slots:
            slot.reset()
        from desktop.ui.duty.status import remove

        remove(self.statusBar())
        self.db_label.setText("未打开数据库")

    @staticmethod
    def ask_backup_path(parent: QWidget, name: str) -> str:
        from desktop.ui.dialogs import ask_save_file

        return ask_save_file(parent, "备份数据库", name, "院办通数据库 (*.db)")

    def _backup_done(self, result: object, error: BaseException | None) -> None:
        self._task = None
        if error is not None:
            from desktop.ui.errors import show_error

            show_error(self, error, "备份数据库")  # 取消: nothing left behind, nothing to say
        else:
            self.statusBar().showMessage(f"已备份到 {result}", 8000)

    def _reference(self, page: str) -> None:
        if self.ctx is None:
            return
        from desktop.ui.reference.dialog import ReferenceDialog

        ReferenceDialog(self.ctx, page, self).exec()

    def ask_hospital_name(self, *, first_time: bool = False) -> None:
        if self.ctx is not None and not self.ctx.closed:
            from desktop.ui.hospital_dialog import edit_hospital_name

            edit_hospital_name(self.ctx, self, first_time=first_time)

    def _number_format(self, kind: str = "incoming") -> None:
        if self.ctx is not None:
            from desktop.ui.numbering_dialog import edit_number_format

            edit_number_format(self.ctx, self, kind)

    def _outgoing_codes(self) -> None:
        if self.ctx is not None:
            from desktop.ui.outgoing_codes_dialog import edit_codes

            edit_codes(self.ctx, self)

    def show_about(self) -> None:
        from desktop.ui.about import about_text
        from desktop.ui.messages import Messages

        Messages.info(self, about_text(self.ctx), "关于院办通")

    # --- closing -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.sync()
        if self.ctx is not None:
            self.ctx.close()
        super().closeEvent(event)
