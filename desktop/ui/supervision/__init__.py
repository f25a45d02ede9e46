"""The 督办 tab: the director's dashboard, register, item form, 办理 panel and paper."""
