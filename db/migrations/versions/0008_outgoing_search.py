"""发文 search index (outgoing_search)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

The same kind of FTS5 table of character bigrams as incoming_search, for 发文: its own
table because a rowid is a document id and 收文 and 发文 ids overlap. Existing 发文
(the demo's, imported registers) are indexed here with the text
desktop.services.outgoing.index writes (number, 标题, 主送/抄送, 拟稿科室/人, 签发人,
附件说明, 正文, attachment text), folded with 0003's table: storage does not import the
rules, and tests/db/test_migrations.py checks the two bodies agree.
"""
import importlib.util
from pathlib import Path
from typing import Sequence, Union

from alembic import op

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CHUNK = 2000
_FIELDS = ("title", "main_recipients", "cc_recipients", "drafting_department", "drafter", "signed_by",
           "attachment_note", "body")
_DEFAULT_FORMAT = "{code}〔{year}〕{seq}号"


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


def upgrade() -> None:
    op.execute("CREATE VIRTUAL TABLE outgoing_search USING fts5(body, tokenize='unicode61')")
    conn = op.get_bind()
    if conn.exec_driver_sql("SELECT count(*) FROM outgoing_documents").scalar() == 0:
        return
    table = _fold_table()
    row = conn.exec_driver_sql("SELECT value FROM settings WHERE key = 'outgoing.number_format'").first()
    pattern = row[0] if row and row[0] else _DEFAULT_FORMAT
    last = 0
    while True:
        rows = conn.exec_driver_sql(
            f"SELECT id, code, year, seq, {', '.join(_FIELDS)} FROM outgoing_documents WHERE id > ? ORDER BY id LIMIT ?",
            (last, CHUNK)).all()
        if not rows:
            break
        last = rows[-1][0]
        marks = ",".join("?" * len(rows))
        texts: dict[int, list[str]] = {}
        for owner, text in conn.exec_driver_sql(
                f"SELECT owner_id, text FROM attachments WHERE owner_kind = 'outgoing' AND removed_at IS NULL"
                f" AND owner_id IN ({marks}) ORDER BY id", tuple(r[0] for r in rows)):
            texts.setdefault(owner, []).append(text or "")
        bodies = []
        for doc_id, code, year, seq, *values in rows:
            number = pattern.format(code=code, year=year, seq=seq) if seq is not None and year is not None else ""
            bodies.append((doc_id, _bigrams([number, *values, *texts.get(doc_id, [])], table)))
        conn.exec_driver_sql("INSERT INTO outgoing_search(rowid, body) VALUES (?, ?)", bodies)


def downgrade() -> None:
    op.execute("DROP TABLE outgoing_search")
