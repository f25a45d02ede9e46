"""The 值班 commands: export duty-roster (the posted roster PDF) and duty generate (draw up a
month, print the spread report). Same checks and messages as the other commands in
desktop.cli, whose helpers (output checks, opening and signing in, one-line errors) they use.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from desktop import cli

EXPORTS = ("duty-roster",)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def month_arg(text: str) -> tuple[int, int]:
    """``2027-01`` -> (2027, 1); anything else is a usage error (exit 2)."""
    m = _MONTH.fullmatch(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        raise argparse.ArgumentTypeError(f"月份应为 YYYY-MM（如 2027-01）：{text}")
    return int(m.group(1)), int(m.group(2))


def add_export_parsers(what: argparse._SubParsersAction) -> None:
    q = what.add_parser("duty-roster", help="行政总值班表 (.pdf)")
    cli._db_arg(q)
    q.add_argument("--month", type=month_arg, required=True, metavar="YYYY-MM")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("duty", help="值班排班 / the duty roster")
    what = p.add_subparsers(dest="duty_command", parser_class=cli._Parser, metavar="what", required=True)
    q = what.add_parser("generate", help="生成一个月的值班表并显示均衡情况 / draw up a month")
    cli._db_arg(q)
    q.add_argument("--month", type=month_arg, required=True, metavar="YYYY-MM")
    q.add_argument("--keep-existing", action="store_true",
                   help="保留已排的班次，只填空缺 / keep every cell already filled, fill the empty ones")


def _warn_uncovered(year: int, month: int) -> None:
    print(f"警告：{year}年的节假日安排尚未录入，{year}年{month}月按普通周末排列"
          "（请在 设置 → 节假日… 中录入国务院通知）。", file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.reports.duty_pdf import build_roster_pdf
    from desktop.services import clock
    from desktop.services.duty.grid import month_grid
    from desktop.services.hospital import hospital_name

    existed = cli._check_output(args.output, (".pdf",))
    year, month = args.month
    with cli._opened(args.db) as store, store.read() as session:
        grid = month_grid(session, year, month)
        build_roster_pdf(grid, args.output, hospital=hospital_name(session), made_on=clock.today())
    if not grid.covered:
        _warn_uncovered(year, month)
    cli._done(args.output, existed)
    return 0


def cmd_duty(args: argparse.Namespace) -> int:
    from desktop.services.duty.period import month_bounds
    from desktop.services.duty.plan import regenerate

    year, month = args.month
    with cli._opened(args.db) as store, store.write() as session:
        report = regenerate(session, *month_bounds(year, month), lock_existing=args.keep_existing)
    if report.uncovered:
        _warn_uncovered(year, month)
    for line in report.lines():
        print(line)
    return 0
