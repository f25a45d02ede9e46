"""The printed 发文 from a stored record: an OfficialDocument for reports.gbt9704.

What the record does not hold comes from the office's settings: the 发文机关标志 and
the 发文机关署名 from its 机关代字 (OutgoingCode.name, e.g. 湖南省职业病防治院文件 /
中共湖南省职业病防治院委员会文件), else from the 单位名称 (services.hospital).
"""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import OutgoingCode, OutgoingDocument
from desktop.services import clock, records
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.hospital import hospital_name
from desktop.services.numbering import number_format
from desktop.services.outgoing.document import OfficialDocument
from desktop.services.outgoing.kind import OUTGOING
from desktop.services.outgoing.register import split_names

# a leading "1." / "1、" / "（1）" the office typed itself: attachment_lines() numbers again
_ATTACHMENT_NUMBER = re.compile(r"^\s*(?:附件[:：]\s*)?(?:\d+\s*[.．、]|[（(]\d+[）)])\s*")
_SECRET = ("秘密", "机密", "绝密")  # printed at the top left; 公开/内部 are not 密级 marks
_URGENT = ("特急", "加急")


def find_by_number(session: Session, text: str) -> int:
    """The id of the 发文 with this 发文字号 (the first of an imported 重号)."""
    parts = number_format(session, "outgoing").parse_parts(text)
    d = OutgoingDocument
    doc_id = session.scalar(select(d.id).where(d.code == parts.code, d.year == parts.year, d.seq == parts.seq)
                            .order_by(d.repeat).limit(1))
    if doc_id is None:
        raise NotFoundError(f"没有找到发文字号为“{text.strip()}”的发文。")
    return doc_id


def code_organisation(session: Session, code: str) -> tuple[str, str]:
    """(发文机关标志, 发文机关署名) for a 代字: its name, else the 单位名称 + 文件."""
    name = session.scalar(select(OutgoingCode.name).where(OutgoingCode.code == code)) or ""
    name = name.strip()
    hospital = hospital_name(session).strip()
    if not name or name == code:  # migration 0007 named old 代字 after themselves
        name = f"{hospital}文件" if hospital else ""
    signature = name.removesuffix("文件") if name.endswith("文件") else name
    return name, signature or hospital


def attachment_names(note: str) -> list[str]:
    """附件说明 as the office types it (one per line, or 、/；-separated) → the names."""
    parts = re.split(r"[\n;；]+", note or "")
    if len(parts) == 1:
        parts = (note or "").split("、") if "《" not in (note or "") else parts
    return [n for n in (_ATTACHMENT_NUMBER.sub("", p).strip() for p in parts) if n]


def official_document(session: Session, doc_id: int, copy_number: str = "") -> OfficialDocument:
    """The 发文 as GB/T 9704 prints it, if the user is cleared for its 密级.

    A draft has no number yet: it prints without one, dated today unless 成文日期 is set.
    """
    doc = records.get(session, OUTGOING, doc_id)
    if doc.cancelled_at is not None:
        raise ServiceError("该文已作废，不能打印正式公文。")
    mark, signature = code_organisation(session, doc.code)
    return OfficialDocument(
        issuer_mark=mark,
        number=records.display_number(session, OUTGOING, doc),
        title=doc.title,
        body=doc.body or "",
        issuer_signature=signature,
        written_on=doc.written_on or doc.signed_on or clock.today(),
        genre=doc.doc_type,
        signers=split_names(doc.signed_by),
        copy_number=copy_number,
        secrecy=doc.secrecy if doc.secrecy in _SECRET else "",
        secrecy_period=doc.secrecy_term if doc.secrecy in _SECRET else "",
        urgency=doc.urgency if doc.urgency in _URGENT else "",
        main_recipients=split_names(doc.main_recipients),
        attachments=attachment_names(doc.attachment_note),
        copied_to=split_names(doc.cc_recipients),
        printed_by=doc.issuing_authority or hospital_name(session),
        printed_on=doc.issued_on,
    )
