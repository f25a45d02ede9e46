"""The 收文 vocabularies, shared by the form, the filters, the rules and Excel exchange."""

# The fifteen kinds of 公文 (党政机关公文处理工作条例 art. 8), plus 其他.
DOC_TYPES = ("通知", "请示", "报告", "函", "纪要", "意见", "通报", "决定", "批复", "通告", "公告",
             "命令", "议案", "决议", "公报", "其他")
SECRECY_LEVELS = ("公开", "内部", "秘密", "机密", "绝密")
URGENCY_LEVELS = ("普通", "加急", "特急")
