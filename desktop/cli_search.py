"""`main.py search`: global search from the command line, one result per line.

Registered by desktop/cli.py. Shows what the signed-in user may see (their 密级), as the
window does: kind, number, date, title and where the words were found, tab-separated.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable


def add_parser(sub: argparse._SubParsersAction, db_arg: Callable[[argparse.ArgumentParser], None],
               positive: Callable[[str], int]) -> None:
    from desktop.services.search.kinds import CLI_NAMES

    p = sub.add_parser("search", help="按关键词查找收文、发文、督办和值班日志 / search every register")
    db_arg(p)
    p.add_argument("words", nargs="+", help="关键词（多个词须同时出现）")
    p.add_argument("--kind", choices=sorted(CLI_NAMES), help="只查一类 / one kind only")
    p.add_argument("--limit", type=positive, default=20, help="每类最多显示几条（默认 20）")


def run(args: argparse.Namespace) -> int:
    from desktop import cli
    from desktop.services.search import CLI_NAMES, search

    kinds = [CLI_NAMES[args.kind]] if args.kind else None
    with cli._opened(args.db) as store, store.read() as session:
        groups = search(session, " ".join(args.words), kinds, args.limit)
    shown = 0
    for group in groups:
        for hit in group.hits:
            title = f"{hit.title}（已{hit.cancelled}）" if hit.cancelled else hit.title
            print("\t".join((group.name, hit.number or "-", hit.date, title, hit.where)))
            shown += 1
    more = [g.name for g in groups if g.more]
    if more:
        print(f"显示 {shown} 条；{'、'.join(more)}还有更多，可加大 --limit 或用 --kind 只查一类")
    else:
        print(f"共 {shown} 条")
    return 0
