"""督办 on the command line: ``export supervision-bulletin`` (.pdf / .xlsx),
``export supervision-notice`` and ``export supervision-reminder`` (.pdf), through the same
services and report builders as the window. cli.py registers these with two lines."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

EXPORTS = ("supervision-bulletin", "supervision-notice", "supervision-reminder")
EXAMPLES = """  python main.py export supervision-bulletin --db office.db --from 2026-10-01 --to 2026-10-31 -o 督办通报.pdf
  python main.py export supervision-notice --db office.db --number 督〔2026〕12号 -o 督办通知单.pdf"""


def add_export_parsers(what: argparse._SubParsersAction, db_arg: Callable[[argparse.ArgumentParser], None],
                       date: Callable[[str], object]) -> None:
    q = what.add_parser("supervision-bulletin", help="督办通报 (.pdf / .xlsx)")
    db_arg(q)
    q.add_argument("--from", dest="date_from", type=date, required=True, metavar="YYYY-MM-DD")
    q.add_argument("--to", dest="date_to", type=date, required=True, metavar="YYYY-MM-DD")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    for name, help_text in (("supervision-notice", "督办通知单 (.pdf)"), ("supervision-reminder", "催办单 (.pdf)")):
        q = what.add_parser(name, help=help_text)
        db_arg(q)
        q.add_argument("--number", required=True, help="督办编号, e.g. 督〔2026〕12号")
        q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")


def export(args: argparse.Namespace) -> int:
    from desktop.cli import CliError, _check_output, _done, _opened

    if args.what == "supervision-bulletin":
        existed = _check_output(args.output, (".pdf", ".xlsx"))
        if args.date_to < args.date_from:
            raise CliError("--to 不能早于 --from", code=2)
    else:
        existed = _check_output(args.output, (".pdf",))
    with _opened(args.db) as store, store.read() as session:
        if args.what == "supervision-bulletin":
            _bulletin(session, args)
        else:
            _form(session, args)
    _done(args.output, existed)
    return 0


def _bulletin(session, args: argparse.Namespace) -> None:
    from desktop.services.hospital import hospital_name
    from desktop.services.supervision.bulletin import build_bulletin

    data = build_bulletin(session, args.date_from, args.date_to)
    if args.output.suffix.lower() == ".pdf":
        from desktop.reports.supervision_pdf import build_bulletin as build_pdf

        build_pdf(data, args.output, hospital_name(session))
    else:
        from desktop.reports.supervision_xlsx import export_bulletin_xlsx

        export_bulletin_xlsx(data, args.output, hospital_name(session))


def _form(session, args: argparse.Namespace) -> None:
    from desktop.reports import supervision_pdf
    from desktop.services.supervision import paper

    item_id = paper.find_by_number(session, args.number)
    if args.what == "supervision-notice":
        supervision_pdf.build_notice(paper.notice_data(session, item_id), args.output)
    else:
        supervision_pdf.build_reminder(paper.reminder_data(session, item_id), args.output)
