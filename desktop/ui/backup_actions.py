"""文件 → 恢复, the daily backup at start, and 设置 → 自动备份: backups as the window offers them.

The rules (what an archive holds, how it is verified, which old ones are dropped) are in
services.backup; this module asks, runs them off the UI thread, and reports.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.ui.messages import Messages
from desktop.ui.tasks import BackgroundTask

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from desktop.ui.mainwindow import MainWindow

DAILY_KEY, FOLDER_KEY, KEEP_KEY = "backup/daily", "backup/folder", "backup/keep"


class AutoBackupSettings:
    """Per workstation (QSettings): on or off, the folder (default: beside the database), how many."""

    def __init__(self, settings: QSettings, db_path: Path) -> None:
        from desktop.services.backup import DEFAULT_KEEP, auto_backup_folder

        self.settings = settings
        self.enabled = str(settings.value(DAILY_KEY, "true")).lower() != "false"
        folder = str(settings.value(FOLDER_KEY, "") or "")
        self.folder = Path(folder) if folder else auto_backup_folder(db_path)
        keep = str(settings.value(KEEP_KEY, DEFAULT_KEEP))
        self.keep = int(keep) if keep.isdigit() and int(keep) > 0 else DEFAULT_KEEP

    def save(self, enabled: bool, folder: str, keep: int) -> None:
        self.settings.setValue(DAILY_KEY, "true" if enabled else "false")
        self.settings.setValue(FOLDER_KEY, folder)
        self.settings.setValue(KEEP_KEY, keep)


def start_daily_backup(window: MainWindow) -> BackgroundTask | None:
    """The first start of each day backs the database up, quietly, in the background."""
    ctx = window.ctx
    if ctx is None:
        return None
    config = AutoBackupSettings(window.settings, ctx.path)
    if not config.enabled:
        return None
    from desktop.services.backup import daily_backup

    store = ctx.store
    task = BackgroundTask(window, "", lambda progress: daily_backup(store, config.folder, config.keep, progress),
                          dialog=False)

    def done(result: object, error: BaseException | None) -> None:
        if error is not None:
            window.statusBar().showMessage(f"今日自动备份未完成：{getattr(error, 'message', error)}", 15000)
        elif result is not None:
            window.statusBar().showMessage(f"已自动备份到 {result}", 8000)

    task.done.connect(done)
    task.start()
    return task


def ask_restore(window: MainWindow) -> BackgroundTask | None:
    """Pick an archive, confirm, close the database, restore off the UI thread, reopen."""
    if window.ctx is None:
        return None
    archive = window.ask_restore_path(window)
    if not archive:
        return None
    path = window.ctx.path
    if not Messages.confirm(
        window,
        f"将用备份“{Path(archive).name}”替换当前数据库：\n{path}\n\n"
        "恢复前会先校验备份；当前数据库会保留在同一文件夹中（文件名带“恢复前”）。是否继续？",
        "从备份恢复",
    ):
        return None
    window.close_database()
    from desktop.services.backup import restore_archive

    task = BackgroundTask(window, "正在校验并恢复备份…", lambda progress: restore_archive(Path(archive), path, progress))

    def done(result: object, error: BaseException | None) -> None:
        window.open_database(path, create=False)
        if error is not None:
            from desktop.ui.errors import show_error

            show_error(window, error, "从备份恢复")
            return
        info, aside = result  # type: ignore[misc]
        kept = f"\n原数据库已保留为：{aside}" if aside else ""
        Messages.info(window, f"已恢复：收文 {info.documents} 件，附件 {info.attachments} 个"
                              f"（备份于 {info.created_at.replace('T', ' ')}）。{kept}")

    task.done.connect(done)
    task.start()
    return task


class AutoBackupDialog(QDialog):
    """设置 → 自动备份: on or off, where, how many to keep."""

    def __init__(self, config: AutoBackupSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("自动备份")
        self.enabled = QCheckBox("每天第一次启动时自动备份（数据库与附件）")
        self.enabled.setChecked(config.enabled)
        self.folder = QLineEdit(str(config.folder))
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setValue(config.keep)
        self.keep.setSuffix(" 份")
        form = QFormLayout(self)
        form.addRow(self.enabled)
        form.addRow("备份文件夹", row)
        form.addRow("保留最近", self.keep)
        buttons = QDialogButtonBox()
        buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "选择备份文件夹", self.folder.text())
        if folder:
            self.folder.setText(folder)

    @classmethod
    def ask(cls, config: AutoBackupSettings, parent: QWidget | None) -> tuple[bool, str, int] | None:
        dlg = cls(config, parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.enabled.isChecked(), dlg.folder.text().strip(), dlg.keep.value()


def edit_auto_backup(window: MainWindow) -> None:
    if window.ctx is None:
        return
    config = AutoBackupSettings(window.settings, window.ctx.path)
    answer = AutoBackupDialog.ask(config, window)
    if answer is not None:
        config.save(*answer)
