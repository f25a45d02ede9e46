"""Command line: the same services the window calls. Errors are one clear line.

Heavy imports (SQLAlchemy, reportlab) happen inside the command handlers, so
`python main.py` can show its window before paying for them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__, cli_duty, cli_search, cli_supervision
from desktop.start import run_window

if TYPE_CHECKING:
    from desktop.services.store import Store
    from desktop.services.users import Principal

DESCRIPTION = """院办通 — 医院办公室收文、发文、值班、督办与统计。
YuanBanTong — records for a hospital administrative office.

不带子命令时启动图形界面 / without a command, starts the window."""

EPILOG = f"""示例 / examples:
  python main.py --db office.db
  python main.py demo --db demo.db --years 2 --seed 1
  python main.py export incoming-register --db office.db --from 2026-01-01 --to 2026-12-31 -o 收文登记簿.pdf
  python main.py export incoming-slip --db office.db --number 收〔2026〕0153 -o 处理笺.pdf
  python main.py export monthly-report --db office.db --month 2026-10 -o 院办工作月报.pdf
{cli_supervision.EXAMPLES}
  python main.py import incoming --db office.db 旧登记簿.xlsx [--skip-bad-rows]
  python main.py export outgoing-document --db office.db --number 院发〔2026〕7号 -o 院发7号.pdf
  python main.py backup --db office.db -o 备份.zip
  python main.py restore --db office.db 备份.zip
  python main.py search --db office.db 医保 [--kind incoming|outgoing|supervision|duty-log] [--limit 20]
  python main.py verify --db office.db
{cli_duty.EXAMPLES}"""


# Who the history names for an import from the command line (there are no log-ins yet).
IMPORT_ACTOR = "导入"


class CliError(Exception):
    """A one-line message for the user; exit code 1 (2 for usage errors)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(f"参数错误 / usage error: {message}（用 --help 查看用法）", code=2)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return value


def _db_arg(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--db", type=Path, required=required, metavar="PATH",
                   help="数据库文件 / database file")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"院办通 {__version__}")
    _db_arg(parser, required=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="命令/command")

    p = sub.add_parser("demo", help="生成演示数据 / fill a new database with a demo hospital")
    _db_arg(p)
    p.add_argument("--years", type=_positive, default=2, help="年数 / years of documents (默认 2)")
    p.add_argument("--seed", type=int, default=1, help="随机种子 / random seed (默认 1)")
    p.add_argument("--docs-per-year", type=_positive, default=None, help="每年收文数 / incoming documents a year")
    p.add_argument("--docs", type=_positive, default=None,
                   help="收文总数 / incoming documents in all, spread over --years (benchmarks: --docs 1000000)")

    p = sub.add_parser("export", help="导出 PDF / Excel / export registers and forms")
    what = p.add_subparsers(dest="what", parser_class=_Parser, metavar="what", required=True)
    q = what.add_parser("incoming-register", help="收文登记簿 (.pdf / .xlsx)")
    _db_arg(q)
    q.add_argument("--from", dest="date_from", type=_date, required=True, metavar="YYYY-MM-DD")
    q.add_argument("--to", dest="date_to", type=_date, required=True, metavar="YYYY-MM-DD")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    q = what.add_parser("incoming-slip", help="收文处理笺 (.pdf)")
    _db_arg(q)
    q.add_argument("--number", required=True, help="收文编号, e.g. 收〔2026〕0153")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    from desktop import cli_outgoing  # 发文's commands live there

    cli_outgoing.add_export_parsers(what)
    from desktop import cli_charts

    cli_charts.add_export_parser(what, _db_arg)
    cli_supervision.add_export_parsers(what, _db_arg, _date)
    from desktop import cli_duty  # 值班's commands live there

    cli_duty.add_export_parsers(what)
    cli_duty.add_parsers(sub)

    p = sub.add_parser("import", help="导入 Excel / import legacy registers")
    what = p.add_subparsers(dest="what", parser_class=_Parser, metavar="what", required=True)
    q = what.add_parser("incoming", help="收文登记簿 .xlsx")
    _db_arg(q)
    q.add_argument("file", type=Path, metavar="FILE.xlsx")
    q.add_argument("--skip-bad-rows", action="store_true", help="跳过有错误的行 / import the good rows only")
    cli_outgoing.add_import_parser(what)

    p = sub.add_parser("backup", help="备份数据库和附件 / back up the database and attachments to one .zip")
    _db_arg(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")

    p = sub.add_parser("restore", help="从备份恢复 / restore the database and attachments from a backup archive")
    _db_arg(p)
    p.add_argument("archive", type=Path, metavar="ARCHIVE.zip")

    cli_search.add_parser(sub, _db_arg, _positive)

    p = sub.add_parser("verify", help="校验历史记录链、记录、编号、搜索索引和附件 / check the file is what the program wrote")
    _db_arg(p)
    return parser


@contextmanager
def _opened(path: Path, create: bool = False, sign_in: bool = True) -> Iterator[Store]:
    """The store for one command. A database this command created is removed again if the
    command fails, so a failed ``demo`` or ``import`` into a new path leaves nothing behind.
    While a write waits for another program's lock, the wait is said once on stderr."""
    from desktop.services.store import open_store

    path = Path(path).expanduser()
    existed = path.exists()
    told = []

    def waiting(seconds: float) -> None:
        if not told:
            told.append(seconds)
            print("另一个程序正在写入数据库，等待中……", file=sys.stderr, flush=True)

    store = open_store(path, create=create)
    store.on_wait(waiting)
    try:
        if sign_in:
            store.principal = _signed_in(store)
        yield store
    except BaseException:
        store.close()
        if not existed:
            _remove_database(store.path)
        raise
    store.close()


USER_ENV, PASSWORD_ENV = "YUANBANTONG_USER", "YUANBANTONG_PASSWORD"


def _signed_in(store: Store) -> Principal:
    """Who runs this command: YUANBANTONG_USER / YUANBANTONG_PASSWORD, else asked on a terminal.

    A database with no account yet (new, or made before accounts existed) takes these as
    its first 主任, as the window's first start does."""
    import getpass
    import os

    from desktop.services import users

    name, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if name is None or password is None:
        if not sys.stdin.isatty():
            raise CliError(f"请用环境变量 {USER_ENV} 和 {PASSWORD_ENV} 给出用户名和密码（或在终端中运行，按提示输入）。")
        name = input("用户名：").strip()
        password = getpass.getpass("密码：")
    with store.read() as session:
        first = not users.has_users(session)
    if first:
        with store.write() as session:
            who = users.create_first_director(session, name, password)
        print(f"此数据库还没有账户：已创建主任账户“{who.name}”。", file=sys.stderr)
        return who
    return users.sign_in(store, name, password)


def _remove_database(path: Path) -> None:
    for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".files"), ignore_errors=True)


def _done(output: Path, existed: bool, what: str = "已导出") -> None:
    print(f"{what} {output}" + ("（已替换原有文件）" if existed else ""))


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo import generate_demo
    from desktop.services.progress import Progress

    def show(done: int, total: int, stage: str) -> None:
        print(f"\r{stage} {done}/{total}", end="", file=sys.stderr, flush=True)

    with _opened(args.db, create=True, sign_in=False) as store:  # it makes the accounts
        try:
            per_year = max(1, round(args.docs / args.years)) if args.docs else args.docs_per_year
            summary = generate_demo(store, years=args.years, seed=args.seed,
                                    docs_per_year=per_year, progress=Progress(show))
        except ValueError as exc:
            raise CliError(str(exc)) from None
        finally:
            print(file=sys.stderr)
    from desktop.services.demo import DEMO_ACCOUNTS

    print(f"演示数据已写入 {args.db}：{summary}")
    for name, password, role, clearance in DEMO_ACCOUNTS:
        print(f"  {role}账户：{name}  密码：{password}（可查看至{clearance}）")
    return 0


def _check_output(path: Path, suffixes: tuple[str, ...]) -> bool:
    """Refuse a wrong kind or folder before any work; True if an existing file will be replaced."""
    if path.suffix.lower() not in suffixes:
        raise CliError(f"输出文件应以 {' 或 '.join(suffixes)} 结尾：{path}", code=2)
    if not path.parent.expanduser().resolve().is_dir():
        raise CliError(f"输出文件夹不存在：{path.parent}")
    if path.is_dir():
        raise CliError(f"“{path}”是文件夹，请给出文件名。", code=2)
    return path.exists()


def cmd_export(args: argparse.Namespace) -> int:
    from desktop import cli_outgoing

    if args.what in cli_supervision.EXPORTS:
        return cli_supervision.export(args)
    from desktop.services.incoming.query import IncomingFilter
    from desktop.services.numbering import incoming_number_format

    if args.what in cli_outgoing.EXPORTS:
        return cli_outgoing.cmd_export(args)
    if args.what == "monthly-report":
        from desktop import cli_charts

        return cli_charts.run(args)
    from desktop import cli_duty

    if args.what in cli_duty.EXPORTS:
        return cli_duty.cmd_export(args)
    if args.what == "incoming-register":
        existed = _check_output(args.output, (".pdf", ".xlsx"))
        if args.date_to < args.date_from:
            raise CliError("--to 不能早于 --from", code=2)
    else:
        existed = _check_output(args.output, (".pdf",))
    with _opened(args.db) as store, store.read() as session:
        if args.what == "incoming-register":
            filt = IncomingFilter(date_from=args.date_from, date_to=args.date_to)
            if args.output.suffix.lower() == ".pdf":
                from desktop.reports.incoming_pdf import build_incoming_register

                build_incoming_register(session, filt, f"{args.date_from} 至 {args.date_to}", args.output)
            else:
                from desktop.reports.incoming_xlsx import export_incoming_xlsx

                export_incoming_xlsx(session, filt, args.output)
        else:
            from desktop.reports.incoming_pdf import build_incoming_slip
            from desktop.services.incoming.slip import slip_data

            year, seq = incoming_number_format(session).parse(args.number)
            build_incoming_slip(slip_data(session, year, seq), args.output)
    _done(args.output, existed)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if args.what == "outgoing":
        from desktop import cli_outgoing

        return cli_outgoing.cmd_import(args)
    from desktop.services.incoming.xlsx_apply import apply_plan
    from desktop.services.incoming.xlsx_import import check_plan, read_incoming_workbook
    from desktop.services.numbering import (
        DEFAULT_INCOMING_FORMAT,
        NumberFormat,
        incoming_number_format,
    )

    if not args.file.is_file():
        raise CliError(f"找不到文件：{args.file}")
    # The whole file is read and checked before the database is written, or even created:
    # a bad file into a new path leaves nothing, and no write lock is held while parsing.
    path = Path(args.db).expanduser()
    fmt = NumberFormat(DEFAULT_INCOMING_FORMAT)
    if path.exists():
        with _opened(path) as store, store.read() as session:
            fmt = incoming_number_format(session)
    plan = read_incoming_workbook(args.file, number_format=fmt)
    with _opened(path, create=True) as store:
        with store.read() as session:
            check_plan(session, plan)
        with store.write(actor=IMPORT_ACTOR) as session:
            result = apply_plan(session, plan, IMPORT_ACTOR, skip_bad_rows=args.skip_bad_rows)
    print(f"已导入 {result.imported} 条收文。")
    for row, message in result.skipped:
        print(f"已跳过第 {row} 行：{message}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.services.backup import backup_database

    existed = Path(args.output).expanduser().is_file()
    with _opened(args.db) as store:
        target = backup_database(store, args.output)
    _done(target, existed, "已备份到")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Verify the archive, then replace the database; the old one is kept aside.

    A damaged database may be restored over (that is what backups are for); a file that
    is not ours, or is newer than us, is refused untouched as everywhere else."""
    from db.paths import DatabaseDamagedError
    from desktop.locations import inspect_path
    from desktop.services.backup import restore_archive

    path = Path(args.db).expanduser()
    if path.exists():
        try:
            info, reader = inspect_path(path, create=False)
            if reader is not None:
                reader.close()
        except DatabaseDamagedError:
            pass  # nobody can sign in to a damaged file: whoever holds the archive may restore
        else:
            with _opened(path) as store:  # only the 主任 replaces the office's data
                from desktop.services.users import require

                with store.read() as session:
                    require(session, "settings")
    restored, aside = restore_archive(args.archive, path)
    print(f"已从 {args.archive} 恢复到 {path}：收文 {restored.documents} 件，附件 {restored.attachments} 个"
          f"（备份于 {restored.created_at.replace('T', ' ')}）。")
    if aside is not None:
        print(f"原数据库已保留为 {aside}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    return cli_search.run(args)


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0 only when everything is intact; otherwise 1, naming what is wrong."""
    from desktop.services.users import require
    from desktop.services.verify import verify_store

    with _opened(args.db) as store:
        with store.read() as session:  # the report names records of every 密级
            require(session, "settings")
        report = verify_store(store)
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def cmd_duty(args: argparse.Namespace) -> int:
    from desktop import cli_duty

    return cli_duty.cmd_duty(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "export": cmd_export,
    "import": cmd_import,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "search": cmd_search,
    "verify": cmd_verify,
    "duty": cmd_duty,
    "roster": cmd_duty,  # the name; duty stays as an alias
}


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return run_window(args.db)
        return COMMANDS[args.command](args)
    except CliError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except Exception as exc:  # one line, never a traceback, for every known failure kind
        print(f"错误：{_one_line(exc)}", file=sys.stderr)
        return 1


def _one_line(exc: Exception) -> str:
    from db.paths import describe_sqlite_error

    message = getattr(exc, "message", None)
    if message:
        return str(message)  # ours: Chinese already, rows listed line by line where there are several
    message = describe_sqlite_error(exc)
    if message is None and isinstance(exc, OSError):
        message = f"无法读写文件“{exc.filename}”：{exc.strerror}" if exc.filename else f"读写文件出错：{exc.strerror}"
    message = message or str(exc) or type(exc).__name__
    return " ".join(message.split("\n")[0].split())  # never the driver's extra lines and URLs

