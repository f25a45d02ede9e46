"""来文字号: one spelling per document number (GB/T 9704), so duplicates and senders can be found.

Secretaries type 湘卫发【2026】12号, 湘卫发[2026]12号 or 湘卫发（2026）第12号 for the same
number; all are stored as 湘卫发〔2026〕12号 (hexagonal brackets U+3014/U+3015, no 第,
no leading zeros, trailing 号).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import IncomingDocument, Organisation

# Full-width digits and Latin letters (and the ideographic space) to half-width.
_HALF = {cp: cp - 0xFEE0 for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_HALF[0x3000] = 0x20

_OPEN = "【[［(（〔"
_CLOSE = "】]］)）〕"
_CODE = rf"[^\d{re.escape(_OPEN + _CLOSE)}][^{re.escape(_OPEN + _CLOSE)}]*?"
_SHAPE = re.compile(
    rf"(?P<code>{_CODE})[{re.escape(_OPEN)}](?P<year>\d{{4}})[{re.escape(_CLOSE)}]第?(?P<seq>\d+)号?"
)
_CANONICAL = re.compile(rf"(?P<code>{_CODE})〔(?P<year>\d{{4}})〕(?P<seq>[1-9]\d*)号")
# The 代字 alone, as soon as the opening bracket is typed (for proposing the sender early).
_CODE_PREFIX = re.compile(rf"(?P<code>{_CODE})[{re.escape(_OPEN)}]")
_CODE_SPLIT = re.compile(r"[,，、;；\s]+")


@dataclass(frozen=True)
class DocNo:
    code: str  # 发文机关代字, e.g. 湘卫发
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.seq}号"


def _compact(text: str) -> str:
    return "".join(text.translate(_HALF).split())


def normalise(text: str) -> str:
    """The canonical spelling of a document number; anything else is only trimmed."""
    text = (text or "").strip()
    m = _SHAPE.fullmatch(_compact(text))
    if not m or int(m["seq"]) == 0:
        return text
    return f"{m['code']}〔{m['year']}〕{int(m['seq'])}号"


def parse(text: str) -> DocNo | None:
    m = _CANONICAL.fullmatch(normalise(text))
    if not m:
        return None
    return DocNo(m["code"], int(m["year"]), int(m["seq"]))


def code_of(text: str) -> str | None:
    """The 代字 of a complete or partly typed number (湘卫发〔20 → 湘卫发)."""
    parsed = parse(text)
    if parsed:
        return parsed.code
    m = _CODE_PREFIX.match(_compact(text or ""))
    return m["code"] if m else None


def propose_sender(session: Session, text: str) -> str | None:
    """来文单位 for a 来文字号: the organisation that owns the 代字, else the usual past sender."""
    code = code_of(text)
    if not code:
        return None
    orgs = session.execute(
        select(Organisation.name, Organisation.doc_codes)
        .where(Organisation.doc_codes.contains(code, autoescape=True))
        .order_by(Organisation.active.desc(), Organisation.id)
    ).all()
    for name, codes in orgs:
        if code in _CODE_SPLIT.split(codes or ""):
            return name
    # Stored numbers are normalised at registration, so a prefix match finds this 代字 only.
    row = session.execute(
        select(IncomingDocument.sender)
        .where(
            IncomingDocument.sender_doc_no.startswith(code + "〔", autoescape=True),
            IncomingDocument.cancelled_at.is_(None),
        )
        .group_by(IncomingDocument.sender)
        .order_by(func.count().desc(), func.max(IncomingDocument.id).desc())
        .limit(1)
    ).first()
    return row[0] if row else None
