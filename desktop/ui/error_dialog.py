"""程序出错: the one dialog for unexpected errors, details collapsed and copyable.

Imported on the first error only (see desktop.ui.errors). Button texts are set here in
Chinese rather than left to Qt's translations, which are not shipped. Tests replace
``ErrorDialog.present`` as they replace ``Messages``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.errors import ErrorReport

INTRO = "程序出现了意外错误，刚才的操作没有完成。您已输入的内容仍然保留，可以检查后重试。"


class ErrorDialog(QDialog):
    def __init__(self, report: ErrorReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("程序出错")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        if report.log is not None:
            where = f"详细信息已记入日志文件：{report.log}\n如需求助，请把日志文件或下面的详情发给维护人员。"
        else:
            where = "详细信息未能写入日志文件，请点“复制详情”后发给维护人员。"
        self.log_label = QLabel(where)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(report.details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # tracebacks keep their lines
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setVisible(False)
        self.details.setMinimumHeight(220)

        self.toggle_button = QPushButton("显示详情")
        self.toggle_button.setCheckable(True)
        self.toggle_button.toggled.connect(self._toggle)
        self.copy_button = QPushButton("复制详情")
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = QPushButton("关闭")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.log_label)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)
        self.resize(560, 0)

    def _toggle(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle_button.setText("隐藏详情" if shown else "显示详情")
        # Grow or shrink downwards only: the wrapped lines above keep the width they have.
        self.layout().activate()
        self.resize(self.width(), self.layout().totalHeightForWidth(self.width()))

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.report.details)
        self.copy_button.setText("已复制")

    @staticmethod
    def present(parent: QWidget | None, report: ErrorReport) -> None:
        ErrorDialog(report, parent).exec()
