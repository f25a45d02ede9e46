"""Run in its own process by tests.benchmarks.startup: the main window on a database, then
every tab opened in turn by its key (Ctrl+2 … Ctrl+5), each time until its
first rows are painted; then the process's RSS.

    python -m tests.benchmarks.tabs_probe DB

Prints "tab <key> <seconds>" per tab and "rss_kb <n>". Signs in as the demo's 主任 from
YUANBANTONG_USER/PASSWORD (set by the caller); settings go to a temporary file.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main(db: str) -> None:
    from PySide6.QtCore import QSettings

    from desktop.ui.app import make_app
    from desktop.ui.mainwindow import MainWindow

    app = make_app()
    # the first-start dialog for a 单位名称 would wait for a user: not part of opening a tab
    MainWindow.ask_hospital_name = lambda self, **_kw: None  # type: ignore[method-assign]
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.show()
    app.processEvents()
    if not window.open_database(db, create=False):
        raise SystemExit("could not open " + db)
    window.repaint()
    app.processEvents()
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for i, slot in enumerate(window.slots):
        if i == 0:
            continue  # 收文 is open already: start-up measures it
        # offscreen, the window loses its activation when a tab is built (a completer's
        # popup made and hidden, likely); under X it keeps it. Before the clock starts:
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 2000)
        t = time.perf_counter()
        # the user's key (Ctrl+2 …): the window sees input, as it does when a person works
        # (the charts' background import waits for a pause in it: ui/mainwindow.py)
        QTest.keyClick(app.focusWidget() or window, Qt.Key(Qt.Key.Key_1.value + i), Qt.KeyboardModifier.ControlModifier)
        if window.tabs.currentIndex() != i:
            raise SystemExit(f"Ctrl+{i + 1} did not open tab {slot.spec.key}")
        app.processEvents()  # builds the tab, loads its first page
        window.repaint()  # and paints it
        print(f"tab {slot.spec.key} {time.perf_counter() - t:.4f}", flush=True)
        app.processEvents()  # deferred work the tab queued, as a user gets it next
    # the registers' whole id lists, listed in the background, are held in memory too
    from desktop.ui.register.model import RegisterModel

    deadline = time.perf_counter() + 60
    while (any(not m.complete for m in window.findChildren(RegisterModel))
           and time.perf_counter() < deadline):
        app.processEvents()
        time.sleep(0.005)
    with open("/proc/self/status") as fh:
        rss = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    print(f"rss_kb {rss}", flush=True)
    window.close()
    window.ctx.close()


if __name__ == "__main__":
    main(sys.argv[1])
