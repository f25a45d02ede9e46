"""Importing a legacy 收文登记簿: map unknown headers, show bad rows, all or nothing."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import ServiceError
from desktop.ui.messages import Messages
from desktop.ui.ops import INCOMING, AppContext


class MappingDialog(QDialog):
    """Ask which register field each unknown column is (or to ignore it)."""

    def __init__(self, unknown: list[str], fields: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("对应表头")
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for header in unknown:
            box = QComboBox()
            box.addItem("（忽略此列）", "")
            for f in fields:
                box.addItem(f, f)
            self.combos[header] = box
            form.addRow(header, box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("以下表头无法自动识别，请指定对应的登记簿字段："))
        lay.addLayout(form)
        lay.addWidget(buttons)

    def mapping(self) -> dict[str, str]:
        return {h: box.currentData() for h, box in self.combos.items()}  # "" = leave the column out

    @classmethod
    def ask(cls, unknown: list[str], fields: list[str], parent: QWidget | None) -> dict[str, str] | None:
        dlg = cls(unknown, fields, parent)
        return dlg.mapping() if dlg.exec() == QDialog.DialogCode.Accepted else None


def run_import(parent: QWidget, ctx: AppContext, path: Path) -> int:
    """Returns the number of documents imported (0 when nothing was)."""
    from desktop.services import incoming_xlsx as x

    try:
        preview = ctx.ops.read(lambda s: x.preview_incoming_xlsx(s, path))
        mapping = None
        if preview.unknown_headers:
            mapping = MappingDialog.ask(list(preview.unknown_headers), list(x.HEADERS), parent)
            if mapping is None:
                return 0
            preview = ctx.ops.read(lambda s: x.preview_incoming_xlsx(s, path, mapping))
    except ServiceError as exc:
        Messages.error(parent, exc.message)
        return 0
    if preview.structure_problems:
        Messages.error(parent, "\n".join(preview.structure_problems) + "\n未导入任何数据。")
        return 0
    skip = False
    if preview.errors:
        listing = "\n".join(f"第 {row} 行：{msg}" for row, msg in preview.errors[:15])
        more = f"\n……共 {len(preview.errors)} 行有错误" if len(preview.errors) > 15 else ""
        skip = Messages.confirm(
            parent,
            f"{listing}{more}\n\n有错误的文件默认不导入任何数据。\n是否跳过这些行，只导入其余 {len(preview.rows)} 行？",
            "导入前检查",
        )
        if not skip:
            return 0
    result = ctx.ops.run(lambda s: x.import_incoming_xlsx(s, path, ctx.actor, mapping=mapping, skip_bad_rows=skip),
                         {INCOMING}, parent=parent)
    if result.ok and result.value is not None:
        Messages.info(parent, f"已导入 {result.value.imported} 条收文。")
        return result.value.imported
    return 0
