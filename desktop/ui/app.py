"""Start the window: show it first, then open the database and build the first tab."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.fonts import FONT_PATH

if TYPE_CHECKING:
    from desktop.locations import Inspected


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("院办通")
    app.setOrganizationName("yuanbantong")
    install_font(app)
    install_chinese(app)
    return app  # type: ignore[return-value]


def install_chinese(app: QApplication) -> None:
    """Qt's own words in Chinese whatever the system locale (LANG=C included).

    Message boxes say 确定/是/否, file dialogs 查找范围/文件名, and the date popup names
    its months in Chinese. qtbase_zh_CN.qm ships with PySide6; loading it is a memory
    map of one file (under a millisecond, see tests/benchmarks --only startup).
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if app.property("ybt_translator") is not None:
        return  # tests make the app more than once
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
        app.setProperty("ybt_translator", translator)


def install_font(app: QApplication) -> None:
    """Chinese everywhere without system fonts: the shipped font is the UI font."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_PATH))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(families[0])
        font.setPointSize(10)
        app.setFont(font)


def run(db_path: Path | Inspected | None) -> int:
    from desktop.ui.mainwindow import MainWindow
    from desktop.ui.settings import open_settings

    app = make_app()
    # The backstop for exceptions escaping a slot: shown and logged, not printed and lost.
    # Light to import; the dialog and logging load on the first error.
    from desktop.ui.errors import install_excepthook

    install_excepthook()
    window = MainWindow(open_settings())
    window.show()
    # The first frame, painted before anything else runs: the database opens after it.
    app.processEvents()
    status = {"code": 0}

    probe = StartupProbe.from_env()
    if probe:
        probe.mark("shown")

    def _open() -> None:
        if not window.open_database(db_path):
            status["code"] = 1
            window.close()
        elif probe:
            window.repaint()  # paints the register's first page now, before deferred work
            probe.mark("rows")
            print(f"probe orm_loaded {int('sqlalchemy.orm' in sys.modules)}", flush=True)
            app.processEvents()  # the deferred edit panels, as a user would get them next
            probe.finish(window)
        else:
            # The day's first start backs up, once the user has the window to work in.
            QTimer.singleShot(DAILY_BACKUP_DELAY_MS, lambda: _daily_backup(window))

    QTimer.singleShot(0, _open)
    code = app.exec()
    return status["code"] or code


DAILY_BACKUP_DELAY_MS = 3000


def _daily_backup(window) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.backup_actions import start_daily_backup

    window.daily_backup_task = start_daily_backup(window)  # kept: it must outlive this call


class StartupProbe:
    """For tests/benchmarks: YBT_STARTUP_PROBE=1 prints timings (since process start) and RSS."""

    def __init__(self, t0: float) -> None:
        self.t0 = t0

    @classmethod
    def from_env(cls) -> StartupProbe | None:
        t0 = os.environ.get("YBT_STARTUP_PROBE")
        return cls(float(t0)) if t0 else None

    def mark(self, name: str) -> None:
        print(f"probe {name} {time.time() - self.t0:.4f}", flush=True)

    def finish(self, window) -> None:
        rss = 0
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        print(f"probe rss_kb {rss}", flush=True)
        window.close()
