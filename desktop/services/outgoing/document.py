"""The printed 发文 as plain data: what GB/T 9704-2012 puts on the red-header document.

desktop.reports.gbt9704 lays it out; this module only holds the elements and the rules
that decide what is printed (which 文种 carry 签发人, how dates and marks are written),
so they are tested without a PDF.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# 上行文 (to a superior) name their 签发人 on the 发文字号 line (GB/T 9704 §7.2.6)
UPWARD_GENRES = ("请示", "报告")

# 正文 heading levels (§7.3.3): 一、 （一） 1. （1）
_CN_NUM = "[一二三四五六七八九十百零〇]+"
HEADING_PATTERNS = (
    re.compile(rf"^{_CN_NUM}、"),
    re.compile(rf"^[（(]{_CN_NUM}[）)]"),
    re.compile(r"^\d+[.．](?!\d)"),
    re.compile(r"^[（(]\d+[）)]"),
)


@dataclass
class OfficialDocument:
    """One 发文 as printed. Empty strings and lists mean "not printed"."""

    issuer_mark: str  # 发文机关标志, e.g. 湖南省职业病防治院文件
    number: str  # 发文字号, e.g. 湘职防院发〔2026〕7号
    title: str
    body: str  # paragraphs separated by line breaks
    issuer_signature: str  # 发文机关署名
    written_on: dt.date  # 成文日期
    genre: str = ""  # 文种: 请示, 报告, 通知 …
    signers: list[str] = field(default_factory=list)  # 签发人 (one or more)
    copy_number: str = ""  # 份号
    secrecy: str = ""  # 密级: 秘密, 机密, 绝密
    secrecy_period: str = ""  # 保密期限, e.g. 1年
    urgency: str = ""  # 紧急程度: 特急, 加急
    main_recipients: list[str] = field(default_factory=list)  # 主送机关
    attachments: list[str] = field(default_factory=list)  # 附件说明 (names)
    note: str = ""  # 附注
    copied_to: list[str] = field(default_factory=list)  # 抄送机关
    printed_by: str = ""  # 印发机关
    printed_on: dt.date | None = None  # 印发日期

    @property
    def shows_signers(self) -> bool:
        return bool(self.signers) and self.genre in UPWARD_GENRES


def chinese_date(day: dt.date) -> str:
    """成文日期 and 印发日期 as §7.3.5 writes them: 2026年11月22日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def copy_number_text(value: str) -> str:
    """份号: six Arabic digits (§7.2.1); anything else is printed as given."""
    value = value.strip()
    return value.zfill(6) if value.isdigit() and len(value) < 6 else value


def secrecy_text(doc: OfficialDocument) -> str:
    """密级和保密期限: 机密★1年 (§7.2.2); the period alone is never printed."""
    if not doc.secrecy:
        return ""
    return f"{doc.secrecy}★{doc.secrecy_period}" if doc.secrecy_period else doc.secrecy


def recipients_line(names: list[str]) -> str:
    """主送机关: names joined by 、 and ending in a full-width colon (§7.3.2)."""
    return "、".join(n.strip() for n in names if n.strip()) + "：" if names else ""


def copied_line(names: list[str]) -> str:
    """抄送: names joined by ， and ending in 。 (§7.4.2)."""
    kept = [n.strip() for n in names if n.strip()]
    return "抄送：" + "，".join(kept) + "。" if kept else ""


def attachment_lines(names: list[str]) -> list[str]:
    """附件说明 (§7.3.4): 附件：name, or 附件：1. name / 2. name; no final punctuation."""
    kept = [n.strip().rstrip("。.；;，,") for n in names if n.strip()]
    if len(kept) == 1:
        return [f"附件：{kept[0]}"]
    return [f"{'附件：' if i == 1 else ''}{i}.{name}" for i, name in enumerate(kept, start=1)]


def heading_level(paragraph: str) -> int:
    """1–4 for a paragraph opening with 一、 / （一） / 1. / （1）, else 0."""
    for level, pattern in enumerate(HEADING_PATTERNS, start=1):
        if pattern.match(paragraph):
            return level
    return 0


def paragraphs(body: str) -> list[str]:
    """The 正文's paragraphs: one per line, blank lines and surrounding spaces dropped."""
    return [p.strip() for p in body.replace("\r\n", "\n").split("\n") if p.strip()]
