"""Starting the window: the path `main.py [--db PATH]` takes, kept free of argparse."""
from __future__ import annotations

import sys
from pathlib import Path


def start_window(db: str | None) -> int:
    """The plain start (`main.py [--db PATH]`), with the same one-line errors as main()."""
    try:
        return run_window(Path(db) if db else None)
    except Exception as exc:
        print(f"错误：{getattr(exc, 'message', None) or exc}", file=sys.stderr)
        return 1


def run_window(db: Path | None) -> int:
    """Check and inspect the database once, before any window: a bad path, a foreign or
    newer file is one line on the terminal; the read-only connection that looked at it
    becomes the window's reader."""
    from desktop.locations import inspect_path

    inspected = inspect_path(db, create=True)
    from desktop.ui.app import run

    return run(inspected)
