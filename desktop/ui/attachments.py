"""附件 of any register record: add by drag-and-drop or file dialog, open with the system
viewer, move to the trash.

One panel for every kind: an AttachmentOwner says which kind it shows (the shared
services take their rules from the kind's declaration) and which change it announces.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import attachments
from desktop.services.attachments import AttachmentInfo
from desktop.services.errors import ServiceError
from desktop.services.records import RecordKind
from desktop.ui.ops import AppContext
from desktop.ui.tasks import BackgroundTask

TRASHED_ROLE = Qt.ItemDataRole.UserRole + 1
FILE_FILTER = "扫描件与文档 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.doc *.docx *.xls *.xlsx *.ofd *.txt);;所有文件 (*)"


@dataclass(frozen=True)
class AttachmentOwner:
    """The per-kind adapter: whose attachments the panel shows, and what it announces."""

    kind: RecordKind  # e.g. desktop.services.incoming.kind.INCOMING
    change: str  # the change-bus name of that kind, e.g. ops.INCOMING


class AttachmentsPanel(QWidget):
    changed = Signal(int)
    added = Signal(int, int)  # owner_id, attachments added by one add_files()

    def __init__(self, ctx: AppContext, owner: AttachmentOwner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.owner = owner
        self.owner_id: int | None = None
        self._task: BackgroundTask | None = None
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.itemActivated.connect(self.open_selected)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        add = QPushButton("添加附件…")
        add.clicked.connect(self.ask_add)
        open_btn = QPushButton("打开")
        open_btn.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("移到回收站")
        self.remove_button.clicked.connect(self.remove_selected)
        self.restore_button = QPushButton("从回收站恢复")
        self.restore_button.clicked.connect(self.restore_selected)
        self.list.currentItemChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        for b in (add, open_btn, self.remove_button, self.restore_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("可把扫描件、PDF、Word、图片拖到这里。"))
        lay.addWidget(self.list, 1)
        lay.addWidget(self.error)
        lay.addLayout(buttons)

    @staticmethod
    def ask_files(parent: QWidget) -> list[str]:
        from desktop.ui.dialogs import ask_open_files

        return ask_open_files(parent, "添加附件", FILE_FILTER)

    def set_owner(self, owner_id: int | None, infos: Sequence[AttachmentInfo] | None = None) -> None:
        """Show the attachments of ``owner_id``, trash included; pass ``infos`` when the
        caller has already read them (e.g. with the record's detail)."""
        self.owner_id = owner_id
        self.setEnabled(owner_id is not None)
        self.list.clear()
        self.error.clear()
        if owner_id is None:
            return
        if infos is None:
            kind = self.owner.kind
            infos = self.ctx.ops.read(lambda s: attachments.list_attachments(s, kind, owner_id, include_removed=True))
        # in use first, then the trash (grey): a mistaken removal is one click to undo
        for a in sorted(infos, key=lambda a: a.removed_at is not None):
            size = f"{a.size / 1024:.0f} KB" if a.size < 1024 * 1024 else f"{a.size / 1048576:.1f} MB"
            trashed = a.removed_at is not None
            item = QListWidgetItem(f"{a.filename}    {size}" + ("    （回收站）" if trashed else ""))
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setData(TRASHED_ROLE, trashed)
            if trashed:
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        item = self.list.currentItem()
        trashed = bool(item and item.data(TRASHED_ROLE))
        self.remove_button.setEnabled(item is not None and not trashed)
        self.restore_button.setEnabled(trashed)

    def add_files(self, paths: list[str]) -> BackgroundTask | None:
        """Copy and read the files in a worker thread, then attach them in one short write each.

        ``added(owner_id, n)`` fires when done. The write lock is not held while a large
        scan is copied and its text extracted.
        """
        if self.owner_id is None or not paths:
            return None
        owner_id, kind = self.owner_id, self.owner.kind
        self.error.clear()
        try:
            limit = self.ctx.ops.read(lambda s: attachments.check_can_attach(s, kind, owner_id))
        except ServiceError as exc:  # archived or cancelled meanwhile
            self.error.setText(exc.message)
            return None
        files_dir = self.ctx.store.files_dir

        def work(progress):
            prepared, errors = [], []
            for done, path in enumerate(paths):
                if progress.cancelled:
                    return None
                progress.report(done, len(paths))
                try:
                    prepared.append(attachments.prepare_file(files_dir, Path(path), limit))
                except ServiceError as exc:
                    errors.append(exc.message)
            return prepared, errors

        task = BackgroundTask(self, "正在复制附件并读取文字…", work)
        task.done.connect(lambda result, error: self._record(owner_id, result, error))
        self._task = task
        task.start()
        return task

    def _record(self, owner_id: int, result, error) -> None:
        self._task = None
        if error is not None:
            if isinstance(error, ServiceError):
                self.error.setText(f"添加附件失败：{error.message}")
            else:
                from desktop.ui.errors import show_error

                show_error(self, error, "添加附件")
            return
        if result is None:  # cancelled: the copies made so far are unreferenced and harmless
            return
        prepared, errors = result
        added = 0
        kind = self.owner.kind
        for item in prepared:
            added += self.ctx.ops.run(
                lambda s, item=item: attachments.record_attachment(s, kind, owner_id, item, self.ctx.actor),
                {self.owner.change}, parent=self, on_error=lambda e: errors.append(e.message)).ok
        if self.owner_id == owner_id:
            self.set_owner(owner_id)
        self.error.setText("\n".join(errors))
        if added:
            self.changed.emit(owner_id)
        self.added.emit(owner_id, added)

    def ask_add(self) -> None:
        files = self.ask_files(self)
        if files:
            self.add_files(files)

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def open_selected(self, *_args) -> None:
        att_id = self._selected_id()
        if att_id is not None:
            files_dir, kind = self.ctx.store.files_dir, self.owner.kind
            path = self.ctx.ops.read(lambda s: attachments.attachment_path(s, files_dir, kind, att_id))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_selected(self) -> None:
        self._change_selected(attachments.remove_attachment)

    def restore_selected(self) -> None:
        self._change_selected(attachments.restore_attachment)

    def _change_selected(self, action) -> None:
        att_id = self._selected_id()
        if att_id is None or self.owner_id is None:
            return
        owner_id, kind = self.owner_id, self.owner.kind
        if self.ctx.ops.run(lambda s: action(s, kind, att_id, self.ctx.actor), {self.owner.change},
                            parent=self, on_error=lambda e: self.error.setText(e.message)).ok:
            self.set_owner(owner_id)
            self._select(att_id)
            self.changed.emit(owner_id)

    def _select(self, att_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == att_id:
                self.list.setCurrentRow(row)
                return

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.owner_id is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_files(paths)
            event.acceptProposedAction()
