"""设置 → 收文编号格式: the display form of register numbers (numbers themselves never change)."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from desktop.ui.ops import INCOMING, SETTINGS, AppContext


class NumberFormatDialog:
    @staticmethod
    def ask_text(parent: QWidget | None, current: str) -> str | None:
        text, ok = QInputDialog.getText(
            parent, "收文编号格式",
            "格式中 {year} 为年份，{seq:04d} 为四位序号（{seq} 为不补零）。\n例如：收〔{year}〕{seq:04d} → 收〔2026〕0153",
            text=current)
        return text if ok else None


def edit_number_format(ctx: AppContext, parent: QWidget | None) -> bool:
    from desktop.services.incoming.register import set_number_format
    from desktop.services.numbering import incoming_number_format

    current = ctx.ops.read(incoming_number_format).pattern
    text = NumberFormatDialog.ask_text(parent, current)
    if text is None or text == current:
        return False
    return ctx.ops.run(lambda s: set_number_format(s, text), {INCOMING, SETTINGS}, parent=parent).ok
