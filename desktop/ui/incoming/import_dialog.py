"""Importing a legacy 收文登记簿: read off the UI thread, map unknown headers, show bad rows, all or nothing."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.services.incoming.fields import INCOMING_FIELDS
from desktop.services.progress import Progress
from desktop.ui.messages import Messages
from desktop.ui.ops import INCOMING, AppContext
from desktop.ui.tasks import BackgroundTask


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


class ImportFlow(QObject):
    """One import, step by step: read and check off the UI thread, ask, then one short write.

    1. a BackgroundTask reads the whole workbook and checks its numbers against the
       database (no write lock; 取消 stops it and nothing is imported);
    2. unknown headers → MappingDialog, then step 1 again with the mapping;
    3. bad rows → the preview asks whether to skip them (all or nothing otherwise);
    4. apply_plan through ctx.ops.run, the only step that holds the write lock.

    ``finished(n)`` fires with the number of documents imported (0 when nothing was).
    """

    finished = Signal(int)
    # what the steps say and change; 发文's flow (ui.outgoing.import_flow) sets its own
    TITLE, NOUN, CHANGES = "导入收文登记簿", "收文", frozenset({INCOMING})

    def __init__(self, parent: QWidget, ctx: AppContext, path: Path) -> None:
        super().__init__(parent)
        self._parent = parent
        self._ctx = ctx
        self._path = path
        self._mapping: dict[str, str] | None = None

    def field_labels(self) -> list[str]:
        return list(INCOMING_FIELDS.labels)

    def read_plan(self, path: Path, mapping: dict[str, str] | None, progress: Progress):
        """Read and check the workbook (off the UI thread: no widgets here)."""
        from desktop.services.incoming.xlsx_import import check_plan, read_incoming_workbook
        from desktop.services.numbering import incoming_number_format

        with self._ctx.store.read() as session:
            plan = read_incoming_workbook(path, mapping, progress, number_format=incoming_number_format(session))
            check_plan(session, plan)
        return plan

    def apply(self, session, plan, actor: str, skip: bool):
        from desktop.services.incoming.xlsx_apply import apply_plan

        return apply_plan(session, plan, actor, skip)

    def start(self) -> None:
        path, mapping = self._path, self._mapping

        def read(progress: Progress):
            return self.read_plan(path, mapping, progress)

        task = BackgroundTask(self._parent, f"正在读取“{path.name}”…", read)
        task.done.connect(self._read_done)
        task.start()

    def _end(self, imported: int) -> None:
        self.finished.emit(imported)
        self.deleteLater()

    def _read_done(self, plan, error) -> None:
        if error is not None:
            from desktop.ui.errors import show_error

            show_error(self._parent, error, self.TITLE)  # Cancelled: nothing to say
            self._end(0)
            return
        if plan.unknown_headers and self._mapping is None:
            fields = self.field_labels()
            self._mapping = MappingDialog.ask(list(plan.unknown_headers), fields, self._parent)
            if self._mapping is None:
                self._end(0)
            else:
                self.start()
            return
        self._end(self._write(plan))

    def _write(self, plan) -> int:
        parent = self._parent
        if plan.structure_problems:
            Messages.error(parent, "\n".join(plan.structure_problems) + "\n未导入任何数据。")
            return 0
        skip = False
        if plan.errors:
            listing = "\n".join(f"第 {row} 行：{msg}" for row, msg in plan.errors[:15])
            more = f"\n……共 {len(plan.errors)} 行有错误" if len(plan.errors) > 15 else ""
            if not plan.rows:  # nothing would be left to import: no question to ask
                Messages.error(parent, f"{listing}{more}\n\n没有可以导入的行，未导入任何数据。", self.TITLE)
                return 0
            skip = Messages.confirm(
                parent,
                f"{listing}{more}\n\n有错误的文件默认不导入任何数据。\n是否跳过这些行，只导入其余 {len(plan.rows)} 行？",
                "导入前检查",
            )
            if not skip:
                return 0
        actor = self._ctx.actor
        result = self._ctx.ops.run(lambda s: self.apply(s, plan, actor, skip), set(self.CHANGES), parent=parent)
        if result.ok and result.value is not None:
            Messages.info(parent, f"已导入 {result.value.imported} 条{self.NOUN}。" + self.imported_note(result.value))
            return result.value.imported
        return 0

    def imported_note(self, result) -> str:
        """More to say after an import (发文: 代字 not yet set up, the 断号/重号 found)."""
        return ""


def run_import(parent: QWidget, ctx: AppContext, path: Path) -> ImportFlow:
    """Start importing ``path``; the returned flow's ``finished(n)`` says how many were imported."""
    flow = ImportFlow(parent, ctx, path)
    flow.start()
    return flow
