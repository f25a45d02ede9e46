"""search indexes for 督办 and the duty log

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29

Global search covers 收文, 发文, 督办 and the duty log, one FTS5 table of character bigrams
per kind (the same kind as incoming_search and outgoing_search, whose bodies stay as
they are): supervision_search and duty_log_search, rowid = the record's id. Existing
督办 items (number, 事项, 来源, 批示, 交办领导, 主办/协办科室, 责任人, 办复要求, 办理结果, then
their 进展 and attachment text) and duty log entries (情况, 处置, 报告, 交班给, 记录人) are
indexed here with the text desktop.services.search.bodies writes, folded with 0003's
table: storage does not import the rules, and tests/services/search/test_migration.py
checks the two bodies agree.
"""
import importlib.util
from pathlib import Path
from typing import Sequence, Union

from alembic import op

revision: str = "0012"
down_revision: Union[str, Sequence[str], None] = "0011"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CHUNK = 2000
_DEFAULT_FORMAT = "督〔{year}〕{seq}号"
_ITEM_FIELDS = ("task", "source_detail", "instruction", "assigned_by", "lead_department", "assisting_departments",
                "responsible", "requirement", "result")
_LOG_FIELDS = ("event", "action", "reported_to", "handed_to", "written_by")


def _fold_table() -> dict[int, str]:
    path = Path(__file__).with_name("0003_search_fold_scripts.py")
    spec = importlib.util.spec_from_file_location("_revision_0003", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fold_table()


def _bigrams(parts, table) -> str:
    tokens = []
    for part in parts:
        s = "".join(ch for ch in (part or "").lower().translate(table) if ch.isalnum())
        if s:
            tokens.extend(s[i : i + 2] for i in range(len(s) - 1))
            tokens.append(s[-1])
    return " ".join(tokens)


def _texts(conn, sql: str, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for owner, text in conn.exec_driver_sql(sql.format(marks=",".join("?" * len(ids))), tuple(ids)):
        out.setdefault(owner, []).append(text or "")
    return out


def _index_items(conn, table) -> None:
    row = conn.exec_driver_sql("SELECT value FROM settings WHERE key = 'supervision.number_format'").first()
    pattern = row[0] if row and row[0] else _DEFAULT_FORMAT
    last = 0
    while rows := conn.exec_driver_sql(
            f"SELECT id, year, seq, part, {', '.join(_ITEM_FIELDS)} FROM supervision_items WHERE id > ? "
            "ORDER BY id LIMIT ?", (last, CHUNK)).all():
        last = rows[-1][0]
        ids = [r[0] for r in rows]
        reports = _texts(conn, "SELECT item_id, text FROM supervision_reports WHERE item_id IN ({marks}) ORDER BY id",
                         ids)
        files = _texts(conn, "SELECT owner_id, text FROM attachments WHERE owner_kind = 'supervision' "
                             "AND removed_at IS NULL AND owner_id IN ({marks}) ORDER BY id", ids)
        bodies = []
        for item_id, year, seq, part, *values in rows:
            number = pattern.format(year=year, seq=seq, code="") + (f"-{part}" if part else "")
            bodies.append((item_id, _bigrams([number, *values, *reports.get(item_id, []), *files.get(item_id, [])],
                                             table)))
        conn.exec_driver_sql("INSERT INTO supervision_search(rowid, body) VALUES (?, ?)", bodies)


def _index_log(conn, table) -> None:
    last = 0
    while rows := conn.exec_driver_sql(
            f"SELECT id, {', '.join(_LOG_FIELDS)} FROM duty_log WHERE id > ? ORDER BY id LIMIT ?",
            (last, CHUNK)).all():
        last = rows[-1][0]
        conn.exec_driver_sql("INSERT INTO duty_log_search(rowid, body) VALUES (?, ?)",
                             [(r[0], _bigrams(r[1:], table)) for r in rows])


def upgrade() -> None:
    op.execute("CREATE VIRTUAL TABLE supervision_search USING fts5(body, tokenize='unicode61')")
    op.execute("CREATE VIRTUAL TABLE duty_log_search USING fts5(body, tokenize='unicode61')")
    conn = op.get_bind()
    items = conn.exec_driver_sql("SELECT count(*) FROM supervision_items").scalar()
    entries = conn.exec_driver_sql("SELECT count(*) FROM duty_log").scalar()
    if items or entries:
        table = _fold_table()
        _index_items(conn, table)
        _index_log(conn, table)


def downgrade() -> None:
    op.execute("DROP TABLE duty_log_search")
    op.execute("DROP TABLE supervision_search")
