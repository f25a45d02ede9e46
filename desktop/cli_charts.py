"""`main.py export monthly-report`: the 院办工作月报 from the command line.

Registered by desktop/cli.py (add_export_parser into its export sub-commands; cmd_export
hands "monthly-report" to run()). The report shows what the signed-in user may see.
"""
from __future__ import annotations

import argparse
from pathlib import Path

WHAT = "monthly-report"


def _month(text: str):
    from desktop.services.stats.periods import parse_month

    try:
        return parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_export_parser(what: argparse._SubParsersAction, db_arg) -> None:
    q = what.add_parser(WHAT, help="院办工作月报 (.pdf)")
    db_arg(q)
    q.add_argument("--month", type=_month, required=True, metavar="YYYY-MM", help="月份，例如 2026-10")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from desktop import cli
    from desktop.reports.monthly_report import build_monthly_report, gather
    from desktop.services import clock
    from desktop.services.hospital import hospital_name
    from desktop.services.users import principal_of

    existed = cli._check_output(args.output, (".pdf",))
    with cli._opened(args.db) as store, store.read() as session:
        data = gather(session, hospital_name(session), args.month, principal_of(session).visible_secrecy,
                      clock.today())
        build_monthly_report(data, args.output)
    cli._done(args.output, existed)
    return 0
