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
    from db.paths import check_database_path

    if db is not None:
        check_database_path(db, create=True)  # before any window: a bad path is one line
    from desktop.ui.app import run

    return run(db)
