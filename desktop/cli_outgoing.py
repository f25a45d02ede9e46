"""The 发文 commands: export outgoing-register / outgoing-document / outgoing-draft-sheet,
import outgoing. Same checks and messages as the 收文 commands in desktop.cli, whose
helpers (output checks, opening and signing in, one-line errors) they use.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import cli

if TYPE_CHECKING:
    from desktop.services.store import Session

EXPORTS = ("outgoing-register", "outgoing-document", "outgoing-draft-sheet")


def add_export_parsers(what: argparse._SubParsersAction) -> None:
    q = what.add_parser("outgoing-register", help="发文登记簿 (.pdf / .xlsx)")
    cli._db_arg(q)
    q.add_argument("--from", dest="date_from", type=cli._date, required=True, metavar="YYYY-MM-DD")
    q.add_argument("--to", dest="date_to", type=cli._date, required=True, metavar="YYYY-MM-DD")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    for name, label in (("outgoing-document", "发文正式公文 GB/T 9704 (.pdf)"), ("outgoing-draft-sheet", "发文稿纸 (.pdf)")):
        q = what.add_parser(name, help=label)
        cli._db_arg(q)
        q.add_argument("--number", required=True, help="发文字号, e.g. 院发〔2026〕7号")
        q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")


def add_import_parser(what: argparse._SubParsersAction) -> None:
    q = what.add_parser("outgoing", help="发文登记簿 .xlsx")
    cli._db_arg(q)
    q.add_argument("file", type=Path, metavar="FILE.xlsx")
    q.add_argument("--skip-bad-rows", action="store_true", help="跳过有错误的行 / import the good rows only")


def _document_id(session: Session, number: str) -> int:
    """The 发文 of a 发文字号; a number not written as one is a usage error (exit 2)."""
    from desktop.services.errors import ServiceError
    from desktop.services.outgoing.official import find_by_number

    try:
        return find_by_number(session, number)
    except ServiceError as exc:
        if exc.field == "number":
            raise cli.CliError(exc.message.replace("编号", "发文字号", 1), code=2) from None
        raise


def cmd_export(args: argparse.Namespace) -> int:
    if args.what == "outgoing-register":
        existed = cli._check_output(args.output, (".pdf", ".xlsx"))
        if args.date_to < args.date_from:
            raise cli.CliError("--to 不能早于 --from", code=2)
    else:
        existed = cli._check_output(args.output, (".pdf",))
    with cli._opened(args.db) as store, store.read() as session:
        if args.what == "outgoing-register":
            if args.output.suffix.lower() == ".pdf":
                from desktop.reports.outgoing_pdf import build_outgoing_register

                build_outgoing_register(session, args.date_from, args.date_to,
                                        f"{args.date_from} 至 {args.date_to}", args.output)
            else:
                from desktop.reports.outgoing_xlsx import export_outgoing_xlsx

                export_outgoing_xlsx(session, args.date_from, args.date_to, args.output)
        elif args.what == "outgoing-document":
            from desktop.reports.gbt9704 import build_official_document
            from desktop.services.outgoing.official import official_document

            build_official_document(official_document(session, _document_id(session, args.number)), args.output)
        else:
            from desktop.reports.outgoing_pdf import build_draft_sheet
            from desktop.services.outgoing.draft_sheet import draft_sheet_data

            build_draft_sheet(draft_sheet_data(session, _document_id(session, args.number)), args.output)
    cli._done(args.output, existed)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.services.numbering import FORMATS, NumberFormat, number_format
    from desktop.services.outgoing.xlsx_apply import apply_plan
    from desktop.services.outgoing.xlsx_import import check_plan, read_outgoing_workbook

    if not args.file.is_file():
        raise cli.CliError(f"找不到文件：{args.file}")
    # read and checked before the database is written, or even created (as for 收文)
    path = Path(args.db).expanduser()
    fmt = NumberFormat(FORMATS["outgoing"].default)
    if path.exists():
        with cli._opened(path) as store, store.read() as session:
            fmt = number_format(session, "outgoing")
    plan = read_outgoing_workbook(args.file, number_format=fmt)
    with cli._opened(path, create=True) as store:
        with store.read() as session:
            check_plan(session, plan)
        with store.write(actor=cli.IMPORT_ACTOR) as session:
            result = apply_plan(session, plan, cli.IMPORT_ACTOR, skip_bad_rows=args.skip_bad_rows)
    print(f"已导入 {result.imported} 条发文。")
    for row, message in result.skipped:
        print(f"已跳过第 {row} 行：{message}")
    if result.unknown_codes:
        print(f"以下机关代字尚未在设置中添加：{'、'.join(result.unknown_codes)}（请主任在设置中补充名称）。")
    return 0
