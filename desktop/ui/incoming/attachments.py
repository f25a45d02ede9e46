"""附件: add by drag-and-drop or file dialog, open with the system viewer, move to the trash."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.incoming import attachments, register
from desktop.ui.ops import INCOMING, AppContext

FILE_FILTER = "扫描件与文档 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.doc *.docx *.xls *.xlsx *.ofd *.txt);;所有文件 (*)"


class AttachmentsPanel(QWidget):
    changed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id: int | None = None
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
        remove = QPushButton("移到回收站")
        remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for b in (add, open_btn, remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("可把扫描件、PDF、Word、图片拖到这里。"))
        lay.addWidget(self.list, 1)
        lay.addWidget(self.error)
        lay.addLayout(buttons)

    @staticmethod
    def ask_files(parent: QWidget) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(parent, "添加附件", "", FILE_FILTER)
        return files

    def set_document(self, doc_id: int | None, detail=None) -> None:
        """Show ``doc_id``; pass its IncomingDetail when the caller has already read it."""
        self.doc_id = doc_id
        self.setEnabled(doc_id is not None)
        self.list.clear()
        self.error.clear()
        if doc_id is None:
            return
        if detail is None:
            detail = self.ctx.ops.read(lambda s: register.get_incoming(s, doc_id))
        for a in detail.attachments:
            size = f"{a.size / 1024:.0f} KB" if a.size < 1024 * 1024 else f"{a.size / 1048576:.1f} MB"
            item = QListWidgetItem(f"{a.filename}    {size}")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.list.addItem(item)

    def add_files(self, paths: list[str]) -> int:
        if self.doc_id is None:
            return 0
        doc_id, added = self.doc_id, 0
        errors = []
        for path in paths:
            result = self.ctx.ops.run(
                lambda s, p=path: attachments.add_attachment(s, self.ctx.store.files_dir, doc_id, Path(p), self.ctx.actor),
                {INCOMING}, parent=self, on_error=lambda e: errors.append(e.message))
            added += result.ok
        self.set_document(doc_id)
        self.error.setText("\n".join(errors))
        if added:
            self.changed.emit(doc_id)
        return added

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
            path = self.ctx.ops.read(lambda s: attachments.attachment_path(s, self.ctx.store.files_dir, att_id))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_selected(self) -> None:
        att_id = self._selected_id()
        if att_id is None or self.doc_id is None:
            return
        doc_id = self.doc_id
        if self.ctx.ops.run(lambda s: attachments.remove_attachment(s, att_id, self.ctx.actor), {INCOMING},
                            parent=self, on_error=lambda e: self.error.setText(e.message)).ok:
            self.set_document(doc_id)
            self.changed.emit(doc_id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.doc_id is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_files(paths)
            event.acceptProposedAction()
