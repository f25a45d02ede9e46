"""The searchable kinds: what each one's search text is made of, and how a hit is shown.

A kind's body (services.search_text.bigram_body) is its number, then its text fields in
the order below, then its child texts (督办's 进展, then attachment text). 收文 and 发文
keep exactly the bodies their indexes held before (incoming/index.py, outgoing/index.py
write the same for bulk paths), so no existing index had to be rebuilt.
"""
from __future__ import annotations

from dataclasses import dataclass

KINDS_ORDER = ("incoming", "outgoing", "supervision", "duty")
CLI_NAMES = {"incoming": "incoming", "outgoing": "outgoing", "supervision": "supervision", "duty-log": "duty"}


@dataclass(frozen=True)
class Child:
    """Texts kept in another table, one owner each (attachments, 进展)."""

    label: str
    sql: str  # selects (owner_id, text) for owner ids in {marks}, in a stable order


@dataclass(frozen=True)
class SearchKind:
    key: str  # also the attachments' owner_kind and the number-format key
    name: str  # 收文
    table: str
    index: str  # the FTS5 table: rowid = the record's id
    number_columns: tuple[str, ...]  # what the display number is made of ('' if none)
    fields: tuple[tuple[str, str], ...]  # (column, label) in body order, after the number
    children: tuple[Child, ...]
    date_sql: str  # the column "newest first" orders by (an index leads with it)
    order_index: str  # that index, walked when a word matches many records
    title_column: str
    cancelled_sql: str  # SQL true when the record is 作废 / 撤销
    cancelled_word: str
    secrecy: bool  # has a 密级 column, filtered by the user's clearance


def _attachments(kind: str) -> Child:
    return Child("附件", f"SELECT owner_id, text FROM attachments WHERE owner_kind = '{kind}' "
                       "AND removed_at IS NULL AND owner_id IN ({marks}) ORDER BY id")


INCOMING = SearchKind(
    "incoming", "收文", "incoming_documents", "incoming_search", ("year", "seq"),
    (("title", "标题"), ("sender", "来文单位"), ("sender_doc_no", "来文字号")),
    (_attachments("incoming"),), "received_at", "ix_incoming_received", "title",
    "cancelled_at IS NOT NULL", "作废", True)

OUTGOING = SearchKind(
    "outgoing", "发文", "outgoing_documents", "outgoing_search", ("code", "year", "seq"),
    (("title", "标题"), ("main_recipients", "主送"), ("cc_recipients", "抄送"), ("drafting_department", "拟稿科室"),
     ("drafter", "拟稿人"), ("signed_by", "签发人"), ("attachment_note", "附件说明"), ("body", "正文")),
    (_attachments("outgoing"),), "created_at", "ix_outgoing_created", "title",
    "cancelled_at IS NOT NULL", "作废", True)

SUPERVISION = SearchKind(
    "supervision", "督办", "supervision_items", "supervision_search", ("year", "seq", "part"),
    (("task", "事项"), ("source_detail", "来源"), ("instruction", "批示"), ("assigned_by", "交办领导"),
     ("lead_department", "主办科室"), ("assisting_departments", "协办科室"), ("responsible", "责任人"),
     ("requirement", "办复要求"), ("result", "办理结果")),
    (Child("进展", "SELECT item_id, text FROM supervision_reports WHERE item_id IN ({marks}) ORDER BY id"),
     _attachments("supervision")),
    "assigned_on", "ix_supervision_assigned", "task", "cancelled_at IS NOT NULL", "撤销", False)

DUTY = SearchKind(
    "duty", "值班日志", "duty_log", "duty_log_search", (),
    (("event", "情况"), ("action", "处置"), ("reported_to", "报告"), ("handed_to", "交班给"),
     ("written_by", "记录人")),
    (), "day", "ix_duty_log_day", "event", "0", "", False)

KINDS: dict[str, SearchKind] = {k.key: k for k in (INCOMING, OUTGOING, SUPERVISION, DUTY)}
