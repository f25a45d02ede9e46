"""发文字号: the office's 机关代字, cancelling a number (作废), and the 断号/重号 report.

Numbers themselves are given by records.assign_number at 签发 (workflow.sign_off): the
next of the 代字 and year, gapless, never reused. A cancelled number stays with its
document, marked 已作废, so max + 1 never hands it out again.

Imported history (an old 发文登记簿) may hold gaps and the same number twice; a repeated
number is stored with ``repeat`` 1, 2 … (models_outgoing), so the report finds it and
the unique key still guards every number this program gives.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import OutgoingCode, OutgoingDocument
from desktop.services import clock, records
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.outgoing.kind import OUTGOING
from desktop.services.outgoing.vocab import DOC_TYPES
from desktop.services.users import require

# --- 机关代字 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeRow:
    code: str  # 院发
    name: str = ""  # 医院文件
    doc_types: tuple[str, ...] = ()  # the 文种 it is used for; () = any
    active: bool = True
    id: int | None = None


def _row(c: OutgoingCode) -> CodeRow:
    types = tuple(t for t in c.doc_types.split("、") if t)
    return CodeRow(c.code, c.name, types, bool(c.active), c.id)


def list_codes(session: Session, *, include_inactive: bool = False) -> list[CodeRow]:
    query = select(OutgoingCode).order_by(OutgoingCode.sort_order, OutgoingCode.id)
    if not include_inactive:
        query = query.where(OutgoingCode.active.is_(True))
    return [_row(c) for c in session.scalars(query)]


def save_code(session: Session, row: CodeRow) -> int:
    """Add or change a 代字 (the 主任 only). Its letters never change once a number uses them."""
    require(session, "settings")
    code = (row.code or "").strip()
    if not code:
        raise ServiceError("请填写机关代字。", field="code")
    if len(code) > 20 or any(ch in code for ch in "〔〕[]【】0123456789"):
        raise ServiceError("机关代字不能超过 20 个字，且不能含年份括号或数字。", field="code")
    bad = [t for t in row.doc_types if t not in DOC_TYPES]
    if bad:
        raise ServiceError(f"文种“{bad[0]}”不是条例规定的十五种公文之一。", field="doc_types")
    same = session.scalar(select(OutgoingCode).where(OutgoingCode.code == code))
    if same is not None and same.id != row.id:
        raise ServiceError(f"机关代字“{code}”已存在。", field="code")
    obj = session.get(OutgoingCode, row.id) if row.id is not None else OutgoingCode(code=code)
    if obj is None:
        raise NotFoundError("该机关代字不存在。")
    if obj.code != code and _used(session, obj.code):
        raise ServiceError(f"机关代字“{obj.code}”已用于发文字号，不能改名；可停用后新增。", field="code")
    obj.code, obj.name, obj.doc_types = code, (row.name or "").strip(), "、".join(row.doc_types)
    obj.active = row.active
    if obj.id is None:
        obj.sort_order = (session.scalar(select(func.max(OutgoingCode.sort_order))) or 0) + 1
        session.add(obj)
    session.flush()
    return obj.id


def _used(session: Session, code: str) -> bool:
    return session.scalar(select(OutgoingDocument.id).where(
        OutgoingDocument.code == code, OutgoingDocument.seq.is_not(None)).limit(1)) is not None


def code_for_sign_off(session: Session, code: str, doc_type: str) -> str:
    """The 代字 a document of ``doc_type`` may be numbered under, or a ServiceError saying why not."""
    code = (code or "").strip()
    if not code:
        raise ServiceError("请选择机关代字。", field="code")
    row = session.scalar(select(OutgoingCode).where(OutgoingCode.code == code))
    if row is None:
        raise ServiceError(f"机关代字“{code}”尚未设置，请主任先在设置中添加。", field="code")
    if not row.active:
        raise ServiceError(f"机关代字“{code}”已停用。", field="code")
    allowed = _row(row).doc_types
    if allowed and doc_type not in allowed:
        raise ServiceError(f"机关代字“{code}”用于{'、'.join(allowed)}，不用于{doc_type}。", field="code")
    return code


# --- 作废 ------------------------------------------------------------------------------------


def cancel_number(session: Session, doc_id: int, reason: str, actor: str) -> None:
    """作废 (the 主任 only, checked by record_event): the document and its number stay,
    marked cancelled with the reason; the number is never given again."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写作废原因。", field="reason")
    doc = records.editable(session, OUTGOING, doc_id)
    if doc.dispatched_at is not None:
        raise ServiceError("该文已核发，不能作废；如需撤回，请另行发文。")
    number = records.display_number(session, OUTGOING, doc)
    records.record_event(OUTGOING, doc, "作废", actor, f"{number}：{reason}" if number else reason)
    doc.cancelled_at = clock.now()
    doc.cancel_reason = reason
    records.save(session, OUTGOING, doc)


# --- 断号/重号 --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScopeReport:
    """One 代字 and year: numbers present, missing (断号) and held more than once (重号)."""

    code: str
    year: int
    count: int  # documents numbered (cancelled ones included: their number is taken)
    last: int  # the highest number
    cancelled: tuple[int, ...]
    gaps: tuple[int, ...]  # 1..last not held by any document
    duplicates: tuple[int, ...]  # numbers held by two documents or more

    @property
    def clean(self) -> bool:
        return not self.gaps and not self.duplicates


def number_report(session: Session, code: str = "", year: int | None = None) -> list[ScopeReport]:
    """Per 代字 and year (in that order), optionally only one of each."""
    d = OutgoingDocument
    query = select(d.code, d.year, d.seq, d.cancelled_at.is_not(None)).where(d.seq.is_not(None))
    if code:
        query = query.where(d.code == code)
    if year is not None:
        query = query.where(d.year == year)
    held: dict[tuple[str, int], list[tuple[int, bool]]] = {}
    for c, y, seq, cancelled in session.execute(query.order_by(d.code, d.year, d.seq)):
        assert y is not None and seq is not None  # numbered rows only
        held.setdefault((c, y), []).append((seq, bool(cancelled)))
    return [_scope_report(c, y, rows) for (c, y), rows in held.items()]


def _scope_report(code: str, year: int, rows: list[tuple[int, bool]]) -> ScopeReport:
    times = Counter(s for s, _c in rows)
    last = max(times)
    return ScopeReport(code, year, len(rows), last, tuple(sorted({s for s, c in rows if c})),
                       tuple(n for n in range(1, last + 1) if n not in times),
                       tuple(sorted(n for n, k in times.items() if k > 1)))


def ranges_text(numbers: tuple[int, ...]) -> str:
    """3、5—7、12: runs of consecutive numbers joined, as the report prints them."""
    parts: list[str] = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        parts.append(str(numbers[i]) if i == j else f"{numbers[i]}—{numbers[j]}")
        i = j + 1
    return "、".join(parts)
