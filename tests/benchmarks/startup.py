"""Start-up, opening each tab, and memory: each in a fresh process, as a user gets them.

Start-up: seconds from process start to the window shown (show() and processEvents()
returned: the first frame painted) and to the first register rows painted, against a
bare PySide6 window with five empty tabs measured the same way; the runs interleave so
a slow spell of the shared machine hits all alike. Tabs: tests.benchmarks.tabs_probe
opens every tab in turn, each until its first rows are painted, then reads its RSS; the
same on a 200-document database gives the memory floor.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.figures import Figure, median_of

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable

BARE = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication([])
w = QMainWindow(); tabs = QTabWidget()
for name in ("收文", "发文", "值班", "督办", "图表"):
    tabs.addTab(QWidget(), name)
w.setCentralWidget(tabs); w.resize(1280, 800); w.show(); app.processEvents()
print(f"probe shown {time.time() - t0:.4f}", flush=True)
"""


def _env() -> dict[str, str]:
    from desktop.services.demo import DEMO_ACCOUNTS

    # the window signs in as the demo's 主任 (the variables spare the dialog, as for scripts)
    name, password = DEMO_ACCOUNTS[0][:2]
    # settings in a folder of their own: the user's would reopen their last tab, not 收文
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", YUANBANTONG_USER=name, YUANBANTONG_PASSWORD=password,
                PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="ybt-bench-"))


def _run(cmd: list[str], prefix: str) -> dict[str, float]:
    env = _env()
    t0 = time.time()
    env["YBT_STARTUP_PROBE"] = repr(t0)
    out = subprocess.run(cmd + [repr(t0)] if "-c" in cmd else cmd, env=env, capture_output=True, text=True,
                         timeout=300, cwd=ROOT)
    marks = {}
    for line in out.stdout.splitlines():
        if line.startswith(prefix):
            *_, name, value = line.split()
            marks[name] = float(value)
    if not marks:
        raise RuntimeError(out.stderr[-2000:])
    return marks


def bench_startup(big: Path, repeat: int) -> list[Figure]:
    bare, app = [], []
    for _ in range(repeat):  # interleaved
        bare.append(_run([PY, "-c", BARE], "probe ")["shown"])
        app.append(_run([PY, "main.py", "--db", str(big)], "probe "))
    floor = median_of(bare)
    shown = median_of([r["shown"] for r in app])
    rows = median_of([r["rows"] for r in app])
    return [Figure("启动", "window shown", shown, floor, 1.2),
            Figure("启动", "first 收文 rows painted", rows, floor, 3.0)]


def bench_tabs(big: Path, small: Path, repeat: int) -> list[Figure]:
    """Each tab opened (first rows painted), median of ``repeat`` fresh processes; the RSS after
    opening every tab, against the same on the 200-document database."""
    runs, small_rss = [], []
    for _ in range(repeat):
        runs.append(_run([PY, "-m", "tests.benchmarks.tabs_probe", str(big)], ""))
        small_rss.append(_run([PY, "-m", "tests.benchmarks.tabs_probe", str(small)], "rss_kb")["rss_kb"])
    out = [Figure("打开标签", key, median_of([r[key] for r in runs])) for key in runs[0] if key != "rss_kb"]
    rss = median_of([r["rss_kb"] for r in runs]) / 1024
    floor = median_of(small_rss) / 1024
    # target: at most 80 MB more than with 200 documents
    out.append(Figure("内存", "RSS after opening every tab", rss, floor, max_seconds=floor + 80,
                      note=f"+{rss - floor:.0f} MB", unit="MB"))
    return out
