"""设置 → 收文编号格式 / 发文字号格式: the display form of register numbers (numbers
themselves never change; each kind's search index is rewritten to the new form)."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from desktop.ui.ops import INCOMING, OUTGOING, SETTINGS, AppContext

HELP = {
    "incoming": ("收文编号格式", "格式中 {year} 为年份，{seq:04d} 为四位序号（{seq} 为不补零）。\n"
                               "例如：收〔{year}〕{seq:04d} → 收〔2026〕0153"),
    "outgoing": ("发文字号格式", "格式中 {code} 为机关代字，{year} 为年份，{seq} 为序号（GB/T 9704：不编虚位、不加“第”）。\n"
                               "例如：{code}〔{year}〕{seq}号 → 院发〔2026〕7号"),
}


class NumberFormatDialog:
    @staticmethod
    def ask_text(parent: QWidget | None, current: str, kind: str = "incoming") -> str | None:
        title, text_help = HELP[kind]
        text, ok = QInputDialog.getText(parent, title, text_help, text=current)
        return text if ok else None


def edit_number_format(ctx: AppContext, parent: QWidget | None, kind: str = "incoming") -> bool:
    from desktop.services.numbering import number_format

    current = ctx.ops.read(lambda s: number_format(s, kind)).pattern
    text = NumberFormatDialog.ask_text(parent, current, kind)
    if text is None or text == current:
        return False
    if kind == "outgoing":
        from desktop.services.outgoing.index import set_number_format as set_outgoing

        return ctx.ops.run(lambda s: set_outgoing(s, text), {OUTGOING, SETTINGS}, parent=parent).ok
    from desktop.services.incoming.register import set_number_format

    return ctx.ops.run(lambda s: set_number_format(s, text), {INCOMING, SETTINGS}, parent=parent).ok
