"""The key figures row: each a button (Tab, Enter) that opens the 收文 behind it."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.services.stats.figures import KeyFigure


def value_text(k: KeyFigure) -> str:
    if k.value is None:
        return "—"
    return f"{k.value:.1f}%" if k.unit == "%" else f"{k.value:,.0f} {k.unit}"


def change_text(k: KeyFigure, previous_noun: str) -> str:
    """较上月 +6.2%, or 较上月 −3.0 个百分点 for a rate; 上月无可比 when there is nothing to compare."""
    c = k.change
    if c is None:
        return f"{previous_noun}无可比数据" if k.previous in (None, 0) else ""
    if abs(c) < 0.05:
        return f"与{previous_noun}持平"
    sign = "+" if c > 0 else "−"
    unit = " 个百分点" if k.unit == "%" else "%"
    return f"较{previous_noun} {sign}{abs(c):.1f}{unit}"


class KeyFigureButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure: KeyFigure | None = None
        self.setMinimumHeight(64)
        self.setStyleSheet("QPushButton { text-align: center; padding: 4px 10px; }")

    def show_figure(self, k: KeyFigure, previous_noun: str) -> None:
        self.figure = k
        self.setText(f"{k.label}\n{value_text(k)}\n{change_text(k, previous_noun)}")
        clickable = k.drill is not None  # 发文 and 督办 open nothing until their tabs exist
        self.setToolTip("打开收文登记簿，列出这些文件（回车）" if clickable else "")
        self.setFlat(not clickable)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if clickable else Qt.FocusPolicy.NoFocus)


class KeyFigures(QWidget):
    """``open_incoming(filter)`` when a figure with 收文 behind it is pressed."""

    open_incoming = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[KeyFigureButton] = []
        self._lay = QHBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)

    def show_figures(self, figures: list[KeyFigure], previous_noun: str) -> None:
        while len(self.buttons) < len(figures):
            button = KeyFigureButton(self)
            button.clicked.connect(lambda _=False, b=button: self._pressed(b))
            self.buttons.append(button)
            self._lay.addWidget(button, 1)
        for button, k in zip(self.buttons, figures, strict=False):
            button.show_figure(k, previous_noun)

    def _pressed(self, button: KeyFigureButton) -> None:
        if button.figure is not None and button.figure.drill is not None:
            self.open_incoming.emit(button.figure.drill)
