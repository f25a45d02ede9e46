"""The 科室与人员 / 单位 dialog: one tab per reference list."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from desktop.ui.messages import Messages
from desktop.ui.ops import AppContext
from desktop.ui.reference.base import ReferencePage
from desktop.ui.reference.pages import DepartmentPage, OrganisationPage, StaffPage

PAGES: dict[str, tuple[str, tuple[type[ReferencePage], ...]]] = {
    "people": ("科室与人员", (DepartmentPage, StaffPage)),
    "organisations": ("单位", (OrganisationPage,)),
}


class ReferenceDialog(QDialog):
    def __init__(self, ctx: AppContext, page: str = "people", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title, page_types = PAGES[page]
        self.setWindowTitle(title)
        # The main window opens a new dialog each time; this one must not linger on the bus.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tabs = QTabWidget()
        self.tabs.setTabBarAutoHide(True)  # 单位 alone needs no tab
        self.pages = [page_type(ctx, self) for page_type in page_types]
        for p in self.pages:
            self.tabs.addTab(p, p.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+N"), self, lambda: self.current_page().new_record())
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.current_page().save())
        self.tabs.currentChanged.connect(self._on_tab)
        self._on_tab(0)
        self.resize(1000, 560)

    def current_page(self) -> ReferencePage:
        return self.pages[self.tabs.currentIndex()]

    def _on_tab(self, index: int) -> None:
        # Return in any field saves the form on screen.
        for i, page in enumerate(self.pages):
            page.save_button.setDefault(i == index)
        self.pages[index].fields["name"].setFocus()

    def reject(self) -> None:
        """Esc, the close button and the window's ✕ all come here: never lose typing silently."""
        dirty = next((p for p in self.pages if p.is_dirty()), None)
        if dirty is not None:
            self.tabs.setCurrentWidget(dirty)
            if not Messages.confirm(self, f"“{dirty.title}”页有尚未保存的修改，关闭后将丢失。确定关闭吗？",
                                    "关闭"):
                return
        super().reject()
