"""The 发文 filter bar: text, 签发日期 range, 代字, 文种, 环节, 签发人, 拟稿科室, 密级."""
from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.services.outgoing.query import OutgoingFilter
from desktop.services.outgoing.steps import FILTER_CHOICES, RETURNED
from desktop.services.outgoing.vocab import DOC_TYPES, SECRECY_LEVELS
from desktop.ui.register.widgets import FilterBar, filter_combo


class OutgoingFilterBar(FilterBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text.setPlaceholderText("搜索发文字号、标题、主送、正文、附件内容（Ctrl+F）")
        self.date_from.check.setText("签发从")
        self.code = filter_combo([], width=5)
        self.doc_type = filter_combo(DOC_TYPES)
        self.step = filter_combo([*FILTER_CHOICES, RETURNED])  # 未办结, each stage, 已作废, 已退回
        self.signed_by = filter_combo([], editable=True, width=5)
        self.department = filter_combo([], editable=True, width=6)
        self.secrecy = filter_combo(SECRECY_LEVELS)
        self.reset_button = QPushButton("清除")
        for label, w in (("代字", self.code), ("文种", self.doc_type), ("环节", self.step),
                         ("签发人", self.signed_by), ("拟稿科室", self.department), ("密级", self.secrecy),
                         ("", self.reset_button)):
            self.add_field(label, w)
        for box in (self.code, self.doc_type, self.step, self.signed_by, self.department, self.secrecy):
            box.currentIndexChanged.connect(self.schedule)
        for box in (self.signed_by, self.department):
            box.lineEdit().editingFinished.connect(self.schedule)
        self.reset_button.clicked.connect(self.reset)

    def set_choices(self, codes: list[str], signers: list[str], departments: list[str]) -> None:
        for box, items in ((self.code, codes), (self.signed_by, signers), (self.department, departments)):
            self.refill(box, items)

    def to_filter(self) -> OutgoingFilter:
        return OutgoingFilter(
            text=self.text.text(), date_from=self.date_from.value(), date_to=self.date_to.value(),
            code=self.value(self.code), doc_type=self.value(self.doc_type), step=self.value(self.step),
            signed_by=self.value(self.signed_by), drafting_department=self.value(self.department),
            secrecy=self.value(self.secrecy),
        )

    def reset(self) -> None:
        for w in (self.code, self.doc_type, self.step, self.signed_by, self.department, self.secrecy):
            w.blockSignals(True)
            w.setCurrentIndex(0)
            w.blockSignals(False)
        self.text.clear()
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.apply_now()
