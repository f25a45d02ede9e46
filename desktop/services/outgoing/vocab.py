"""The 发文 vocabularies."""
from desktop.services.incoming.vocab import SECRECY_LEVELS, URGENCY_LEVELS

# The fifteen kinds of 公文 of 党政机关公文处理工作条例 art. 8, in its order; an outgoing
# document is always one of them (收文 also accepts 其他 for what others send).
DOC_TYPES = ("决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示",
             "批复", "议案", "函", "纪要")
# 上行文: to a superior body; GB/T 9704 puts the 签发人 beside the 发文字号 on these.
UPWARD_TYPES = ("请示", "报告")

__all__ = ["DOC_TYPES", "SECRECY_LEVELS", "UPWARD_TYPES", "URGENCY_LEVELS"]
