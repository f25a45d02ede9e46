"""The 发文 tab: register, filters, draft form, 办理 panel, 附件, 历史."""
