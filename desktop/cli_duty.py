"""The 值班 commands, named as issue 12 gives them, with the first names kept as aliases:

  roster generate --month 2026-10 [--lock-existing]     (alias: duty generate, --keep-existing)
  export roster --month 2026-10 | --from … --to …  -o FILE.pdf|.xlsx|.ics [--person NAME]
  export duty-roster --month …  -o FILE.pdf             (alias of export roster, PDF only)
  export duty-log --from … --to … -o FILE.pdf

Same checks and messages as the other commands in desktop.cli, whose helpers (output checks,
opening and signing in, one-line errors) they use.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from desktop import cli

EXPORTS = ("duty-roster", "roster", "duty-log")
EXAMPLES = """  python main.py roster generate --db office.db --month 2026-10 [--lock-existing]
  python main.py export roster --db office.db --month 2026-10 -o 值班表.pdf|值班表.xlsx|值班.ics [--person 周明]
  python main.py export roster --db office.db --from 2026-09-30 --to 2026-10-08 -o 国庆值班表.pdf
  python main.py export duty-log --db office.db --from 2026-10-01 --to 2026-10-31 -o 值班日志.pdf"""
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_ROSTER_KINDS = (".pdf", ".xlsx", ".ics")  # as reports.duty_files.ROSTER_KINDS (not imported: start-up time)


def month_arg(text: str) -> tuple[int, int]:
    """``2027-01`` -> (2027, 1); anything else is a usage error (exit 2)."""
    m = _MONTH.fullmatch(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        raise argparse.ArgumentTypeError(f"月份应为 YYYY-MM（如 2027-01）：{text}")
    return int(m.group(1)), int(m.group(2))


def add_export_parsers(what: argparse._SubParsersAction) -> None:
    q = what.add_parser("roster", help="行政总值班表：一个月或节假日期间 (.pdf / .xlsx / .ics)")
    cli._db_arg(q)
    q.add_argument("--month", type=month_arg, metavar="YYYY-MM")
    q.add_argument("--from", dest="date_from", type=cli._date, metavar="YYYY-MM-DD",
                   help="节假日值班表的第一天 / first day of a holiday range (with --to)")
    q.add_argument("--to", dest="date_to", type=cli._date, metavar="YYYY-MM-DD")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    q.add_argument("--person", metavar="NAME", help="只导出此人的班次（.ics）/ one person's duties; 重名写 王磊（医务部）")
    q = what.add_parser("duty-roster", help="行政总值班表 (.pdf)，同 export roster")
    cli._db_arg(q)
    q.add_argument("--month", type=month_arg, required=True, metavar="YYYY-MM")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    q = what.add_parser("duty-log", help="行政总值班日志 (.pdf)")
    cli._db_arg(q)
    q.add_argument("--from", dest="date_from", type=cli._date, required=True, metavar="YYYY-MM-DD")
    q.add_argument("--to", dest="date_to", type=cli._date, required=True, metavar="YYYY-MM-DD")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    for command, text in (("roster", "值班排班 / the duty roster"), ("duty", "同 roster / same as roster")):
        p = sub.add_parser(command, help=text)
        what = p.add_subparsers(dest="duty_command", parser_class=cli._Parser, metavar="what", required=True)
        q = what.add_parser("generate", help="生成一个月的值班表并显示均衡情况 / draw up a month")
        cli._db_arg(q)
        q.add_argument("--month", type=month_arg, required=True, metavar="YYYY-MM")
        q.add_argument("--lock-existing", "--keep-existing", dest="lock_existing", action="store_true",
                       help="保留已排的班次，只填空缺 / keep every cell already filled, fill the empty ones")


def _warn_uncovered(years: tuple[int, ...], what: str) -> None:
    named = "、".join(f"{y}年" for y in years)
    print(f"警告：{named}的节假日安排尚未录入，{what}按普通周末排列"
          "（请在 设置 → 节假日… 中录入国务院通知）。", file=sys.stderr)


def _period(args: argparse.Namespace) -> tuple:
    """(start, end) of --month or of --from/--to; one of the two, not both (exit 2)."""
    from desktop.services.duty.period import month_bounds

    month, start, end = getattr(args, "month", None), getattr(args, "date_from", None), getattr(args, "date_to", None)
    if month is not None and (start or end):
        raise cli.CliError("--month 与 --from/--to 只能给出一种", code=2)
    if month is not None:
        return month_bounds(*month)
    if start is None or end is None:
        raise cli.CliError("请给出 --month，或同时给出 --from 和 --to", code=2)
    if end < start:
        raise cli.CliError("--to 不能早于 --from", code=2)
    return start, end


def cmd_export(args: argparse.Namespace) -> int:
    if args.what == "duty-log":
        return _export_log(args)
    kinds = (".pdf",) if args.what == "duty-roster" else _ROSTER_KINDS
    start, end = _period(args)
    existed = cli._check_output(args.output, kinds)
    kind = args.output.suffix.lower()
    person = getattr(args, "person", None)
    if person is not None and kind != ".ics":
        raise cli.CliError("--person 只用于导出 .ics 日历", code=2)
    from desktop.reports.duty_files import write_roster
    from desktop.services.duty.export import find_person

    with cli._opened(args.db) as store, store.read() as session:
        staff_id = find_person(session, person) if person is not None else None
        grid, events = write_roster(session, start, end, args.output, staff_id=staff_id, person=person or "")
    if staff_id is not None and not events:
        print(f"注意：{person}在{grid.period}没有值班班次，日历文件中没有事件。", file=sys.stderr)
    if not grid.covered:
        _warn_uncovered(grid.uncovered_years, grid.period)
    cli._done(args.output, existed)
    return 0


def _export_log(args: argparse.Namespace) -> int:
    from desktop.reports.duty_files import write_log

    start, end = _period(args)
    existed = cli._check_output(args.output, (".pdf",))
    with cli._opened(args.db) as store, store.read() as session:
        write_log(session, start, end, args.output)
    cli._done(args.output, existed)
    return 0


def cmd_duty(args: argparse.Namespace) -> int:
    from desktop.services.duty.period import month_bounds
    from desktop.services.duty.plan import regenerate

    year, month = args.month
    with cli._opened(args.db) as store, store.write() as session:
        report = regenerate(session, *month_bounds(year, month), lock_existing=args.lock_existing)
    if report.uncovered:
        _warn_uncovered((year,), f"{year}年{month}月")
    for line in report.lines():
        print(line)
    return 0
