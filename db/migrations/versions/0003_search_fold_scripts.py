"""search index folded to simplified characters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Search now folds traditional characters to simplified ones, in the index and in the
query (desktop.services.search_text), so 院办 finds 院辦. The existing index is refolded
here in bulk: the fold maps one character to one character, so folding a stored bigram
body gives the body of the folded text, and no document has to be read again.

The table is built from OpenCC here rather than imported from desktop.services (storage
does not know the rules); tests/db/test_migrations.py checks the two folds agree.
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CHUNK = 5000
_CJK_BLOCKS = (
    (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0),
    (0x2A700, 0x2EBF0), (0x2F800, 0x2FA20), (0x30000, 0x323B0),
)


def fold_table() -> dict[int, str]:
    """Traditional → simplified per character: OpenCC t2s, then hk2s for what t2s leaves."""
    import opencc

    chars = [chr(c) for lo, hi in _CJK_BLOCKS for c in range(lo, hi)]
    joined = "\n".join(chars)
    t2s = opencc.OpenCC("t2s").convert(joined).split("\n")
    hk2s = opencc.OpenCC("hk2s").convert(joined).split("\n")
    table = {}
    for ch, simple, hk in zip(chars, t2s, hk2s):
        target = simple if simple != ch else hk
        if target != ch and len(target) == 1:
            table[ord(ch)] = target
    for key, target in table.items():
        seen = {key}
        while ord(target) in table and ord(target) not in seen:
            seen.add(ord(target))
            target = table[ord(target)]
        table[key] = target
    return table


def upgrade() -> None:
    table = fold_table()
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT rowid, body FROM incoming_search WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, CHUNK)
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        folded = ((rowid, body, body.translate(table)) for rowid, body in rows)
        changed = [(new, rowid) for rowid, body, new in folded if new != body]
        if changed:  # one executemany per chunk
            conn.exec_driver_sql("UPDATE incoming_search SET body = ? WHERE rowid = ?", changed)


def downgrade() -> None:
    # Folded bodies still match simplified queries; the original script cannot be recovered
    # from the index, and is not needed: it is in the documents themselves.
    pass
