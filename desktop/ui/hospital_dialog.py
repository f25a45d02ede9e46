"""单位名称: asked once when a database has none, editable under 设置 → 单位名称."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from desktop.ui.ops import SETTINGS, AppContext

PROMPT = "请输入单位名称（医院全称），它将印在收文处理笺、登记簿等所有表单和报表的标题上："


class HospitalNameDialog:
    @staticmethod
    def ask(parent: QWidget | None, current: str, answered: Callable[[str], None]) -> QInputDialog:
        """Open the question without blocking (the window keeps painting behind it);
        ``answered`` gets the text when the user presses 确定. Tests replace this."""
        dialog = QInputDialog(parent)
        dialog.setWindowTitle("单位名称")
        dialog.setLabelText(PROMPT)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(current)
        dialog.setMinimumWidth(420)
        dialog.textValueSelected.connect(answered)
        dialog.open()
        return dialog


def edit_hospital_name(ctx: AppContext, parent: QWidget | None, *, first_time: bool = False) -> None:
    """Ask for the 单位名称 and store it; on first start only when the database has none."""
    from desktop.services.hospital import hospital_name

    current = ctx.ops.read(hospital_name)
    if first_time and current:
        return

    def store(text: str) -> None:
        from desktop.services.hospital import set_hospital_name

        if text.strip() != current:
            ctx.ops.run(lambda s: set_hospital_name(s, text), {SETTINGS}, parent=parent)

    HospitalNameDialog.ask(parent, current, store)
