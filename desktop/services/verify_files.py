"""The checks of ``verify`` that are not about the history: numbering gaps, the search
index against the records, attachments against their SHA-256 (see services.verify)."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.models import Attachment
from desktop.services.attachment_files import stored_path
from desktop.services.incoming.index import all_bodies
from desktop.services.incoming.kind import INCOMING
from desktop.services.numbering import incoming_number_format, number_format
from desktop.services.outgoing.kind import OUTGOING
from desktop.services.records import RecordKind
from desktop.services.supervision.kind import SUPERVISION

if TYPE_CHECKING:
    from desktop.services.verify import VerifyReport

NUMBERED_KINDS: tuple[RecordKind, ...] = (INCOMING, SUPERVISION, OUTGOING)
CHUNK = 2000
LISTED_GAPS = 10


def check_numbering(session: Session, report: VerifyReport) -> None:
    """Numbers are gapless within each scope (收文/督办: the year; 发文: 代字 + year)."""
    from desktop.services.verify import NUMBERING

    for kind in NUMBERED_KINDS:
        model = kind.model
        scopes: dict[tuple, list[int]] = defaultdict(list)
        cols = [getattr(model, c) for c in kind.scope_columns]
        for row in session.execute(select(*cols, model.seq).where(model.seq.is_not(None))):
            scopes[tuple(row[:-1])].append(row[-1])
        fmt = number_format(session, kind.key)
        for scope, seqs in sorted(scopes.items()):
            missing = sorted(set(range(1, max(seqs) + 1)) - set(seqs))
            if not missing:
                continue
            values = dict(zip(kind.scope_columns, scope, strict=True))
            shown = "、".join(fmt.format(values["year"], n, values.get("code", "")) for n in missing[:LISTED_GAPS])
            more = f" 等 {len(missing)} 个" if len(missing) > LISTED_GAPS else ""
            where = "".join(f"{v}" for v in scope) + ("年" if kind.scope_columns[-1] == "year" else "")
            report.add(NUMBERING, f"{kind.name} {where} 编号有缺号：{shown}{more}。")


def check_index(session: Session, report: VerifyReport) -> None:
    """incoming_search and outgoing_search hold, for every document, exactly what each
    kind's index.py would write now."""
    from desktop.services.outgoing import index as outgoing_index

    _check_search(session, report, ("收文", "incoming", "标题、单位、文号或附件文字"),
                  all_bodies(session, incoming_number_format(session), CHUNK))
    _check_search(session, report, ("发文", "outgoing", "字号、标题、主送、正文或附件文字"),
                  outgoing_index.all_bodies(session, CHUNK))


def _check_search(session: Session, report: VerifyReport, what: tuple[str, str, str],
                  bodies: Iterator[list[tuple[int, str, str]]]) -> None:
    """``what``: the kind's name, its tables' prefix, what its search text is made of."""
    from desktop.services.verify import INDEX

    name, table, made_of = what
    for rows in bodies:
        found: dict[int, str] = dict(session.execute(
            text(f"SELECT rowid, body FROM {table}_search WHERE rowid BETWEEN :lo AND :hi"),
            {"lo": rows[0][0], "hi": rows[-1][0]}).all())
        for doc_id, number, body in rows:
            shown = number or f"（未编号，id {doc_id}）"
            if doc_id not in found:
                report.add(INDEX, f"{name} {shown} 不在搜索索引中（搜索找不到它）。")
            elif found[doc_id] != body:
                report.add(INDEX, f"{name} {shown} 的搜索索引已过时（与其{made_of}不符）。")
    extra = session.scalars(text(
        f"SELECT rowid FROM {table}_search WHERE rowid NOT IN (SELECT id FROM {table}_documents) ORDER BY rowid"
    )).all()
    if extra:
        listed = "、".join(str(r) for r in extra[:LISTED_GAPS]) + (" 等" if len(extra) > LISTED_GAPS else "")
        report.add(INDEX, f"搜索索引中有 {len(extra)} 条不存在的{name}（id {listed}），搜索会找到已不存在的文件。")


def check_attachments(session: Session, files_dir: Path, report: VerifyReport) -> None:
    """Every attachment's stored copy exists and still has the SHA-256 recorded for it."""
    from desktop.services.verify import ATTACHMENT, record_label

    checked: dict[str, str | None] = {}  # sha256 → what is wrong with its file (None: fine)
    rows = session.execute(select(Attachment.id, Attachment.owner_kind, Attachment.owner_id,
                                  Attachment.filename, Attachment.sha256).order_by(Attachment.id)).all()
    for row in rows:
        report.attachments += 1
        if row.sha256 not in checked:
            checked[row.sha256] = _file_problem(stored_path(files_dir, row.sha256), row.sha256)
        problem = checked[row.sha256]
        if problem:
            owner = record_label(row.owner_kind, row.owner_id, _number(session, row.owner_kind, row.owner_id))
            report.add(ATTACHMENT, f"{owner} 的附件“{row.filename}”{problem}。")


def _file_problem(path: Path, sha256: str) -> str | None:
    if not path.is_file():
        return f"的文件不见了（{path}）"
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return None if digest.hexdigest() == sha256 else "的文件内容已被改动（SHA-256 与登记时不符）"


def _number(session: Session, kind_key: str, owner_id: int) -> str:
    from desktop.services.audit import number_of

    kind = next((k for k in NUMBERED_KINDS if k.key == kind_key), None)
    obj = session.get(kind.model, owner_id) if kind else None
    if obj is None:
        return ""
    return number_of(session, kind_key, {c: getattr(obj, c) for c in ("year", "seq", "code") if hasattr(obj, c)}, {})
