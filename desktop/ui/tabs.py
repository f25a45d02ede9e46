"""The five tabs: each is built on first show, from a factory named here."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:  # the ORM stack is imported after the window shows
    from desktop.ui.ops import AppContext


class TabSpec(NamedTuple):
    key: str
    title: str
    factory: str | None  # "module:Class" taking (ctx, parent), or None for a placeholder
    placeholder: str


TABS: tuple[TabSpec, ...] = (
    TabSpec("incoming", "收文", "desktop.ui.incoming.tab:IncomingTab",
            "收文：来文登记、拟办、批示、承办、传阅、催办、办结、归档。"),
    TabSpec("outgoing", "发文", "desktop.ui.outgoing.tab:OutgoingTab", "发文：拟稿、核稿、签发、编号、印发、归档。"),
    TabSpec("duty", "值班", "desktop.ui.duty.tab:DutyTab", "值班：行政总值班排班（含法定节假日与调休）、换班、值班日志。"),
    TabSpec("supervision", "督办", "desktop.ui.supervision.tab:SupervisionTab", "督办：督办事项、进展、催办、延期、办结与逾期通报。"),
    TabSpec("charts", "图表", "desktop.ui.charts.tab:ChartsTab",
            "图表：收发文统计、办理时长、督办完成率、值班负荷与月度报告。"),
)


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    # Aligned by style sheet: importing the Qt enum namespace costs ~15 ms before show.
    label.setStyleSheet("qproperty-alignment: AlignCenter; color: #555; font-size: 15px;")
    return label


class TabSlot(QWidget):
    """Holds a tab's place; builds the real widget the first time it is needed."""

    def __init__(self, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.content: QWidget | None = None
        # Empty, without even a layout, until built: the database opens ~0.1 s after
        # the window shows, and anything built here delays the window's first frame.

    def build(self, ctx: AppContext) -> QWidget:
        if self.content is None:
            if self.spec.factory is None:
                self.content = _label(self.spec.placeholder)
            else:
                module, cls = self.spec.factory.split(":")
                self.content = getattr(importlib.import_module(module), cls)(ctx, self)
            if self.layout() is None:
                from PySide6.QtWidgets import QVBoxLayout

                QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
            self.layout().addWidget(self.content)
        return self.content

    def reset(self) -> None:
        """Drop the built widget (another database was opened)."""
        if self.content is not None:
            self.content.setParent(None)
            self.content.deleteLater()
            self.content = None
