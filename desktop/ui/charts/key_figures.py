"""The key figures row: each a button (Tab, Enter) that opens the register behind it."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.services.stats.figures import KeyFigure


def value_text(k: KeyFigure) -> str:
    if k.value is None:
        return "—"
    return f"{k.value:.1f}%" if k.unit == "%" else f"{k.value:,.0f} {k.unit}"


def change_text(k: KeyFigure, previous_noun: str) -> str:
    """较上月 +6.2%; 较上月 −3.0 个百分点 for a rate; 较上月 +12 件 for a figure told by its
    difference (未办结, 逾期); 上月无可比数据 when there is nothing to compare."""
    c = k.change
    if c is None:
        return f"{previous_noun}无可比数据" if k.previous in (None, 0) else ""
    if abs(c) < 0.05:
        return f"与{previous_noun}持平"
    sign = "+" if c > 0 else "−"
    if k.by_difference:
        return f"较{previous_noun} {sign}{abs(c):,.0f} {k.unit}"
    unit = " 个百分点" if k.unit == "%" else "%"
    return f"较{previous_noun} {sign}{abs(c):.1f}{unit}"


# the register a figure opens (the rest: 收文) and what it lists
_REGISTERS = {"sent": ("发文", "文件"), "supervision_overdue": ("督办", "事项"), "on_time": ("督办", "事项")}


class KeyFigureButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure: KeyFigure | None = None
        self.setMinimumHeight(64)
        self.setStyleSheet("QPushButton { text-align: center; padding: 4px 10px; }")

    def show_figure(self, k: KeyFigure, previous_noun: str) -> None:
        self.figure = k
        self.setText(f"{k.label}\n{value_text(k)}\n{change_text(k, previous_noun)}")
        clickable = k.drill is not None
        register, things = _REGISTERS.get(k.key, ("收文", "文件"))
        self.setToolTip(f"打开{register}登记簿，列出这些{things}（回车）" if clickable else "")
        self.setFlat(not clickable)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if clickable else Qt.FocusPolicy.NoFocus)


class KeyFigures(QWidget):
    """``drill(filter, what)`` when a figure with records behind it is pressed."""

    drill = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[KeyFigureButton] = []
        self._period_label = ""
        self._lay = QHBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)

    def show_figures(self, figures: list[KeyFigure], previous_noun: str, period_label: str = "") -> None:
        self._period_label = period_label
        while len(self.buttons) < len(figures):
            button = KeyFigureButton(self)
            button.clicked.connect(lambda _=False, b=button: self._pressed(b))
            self.buttons.append(button)
            self._lay.addWidget(button, 1)
        for button, k in zip(self.buttons, figures, strict=False):
            button.show_figure(k, previous_noun)

    def _pressed(self, button: KeyFigureButton) -> None:
        k = button.figure
        if k is not None and k.drill is not None:
            self.drill.emit(k.drill, f"{self._period_label} {k.what}".strip())
