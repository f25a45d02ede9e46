"""The global search popup: type, see every kind's newest hits, ↑/↓ and Enter to open one.

The query (services.search) answers in tens of milliseconds on 200,000 documents, so it
runs on the GUI thread after a short pause in typing; the hits are plain data.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.services.search import Hit, KindHits
    from desktop.ui.ops import Context

DEBOUNCE_MS = 150
RECORD = Qt.ItemDataRole.UserRole  # (kind, id) of a hit; None on a kind's heading
HTML = Qt.ItemDataRole.UserRole + 1
MARK = '<span style="background:#ffd966">{}</span>'


def hit_lines(hit: Hit) -> tuple[str, str]:
    """The two lines of a hit as shown (the words marked 【】 in the plain form)."""
    cancelled = f"（已{hit.cancelled}）" if hit.cancelled else ""
    head = "  ".join(p for p in (hit.number, hit.date, hit.title + cancelled) if p)
    return f"{head}  · {hit.where}", hit.snippet.marked()


def _hit_html(hit: Hit) -> str:
    head, _plain = hit_lines(hit)
    s = hit.snippet
    body = escape(s.text[: s.start]) + MARK.format(escape(s.text[s.start : s.end])) + escape(s.text[s.end :])
    return f"{escape(head)}<br><span style='color:#555'>{body}</span>"


class _HtmlDelegate(QStyledItemDelegate):
    """Paints a hit's HTML (the marked snippet) when it has one."""

    def _doc(self, option: QStyleOptionViewItem, html: str) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(html)
        doc.setTextWidth(max(100, option.rect.width() - 8))
        return doc

    def paint(self, painter, option, index) -> None:
        html = index.data(HTML)
        if not html:
            return super().paint(painter, option, index)
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        doc = self._doc(option, html)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 2)
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        html = index.data(HTML)
        if not html:
            return super().sizeHint(option, index)
        self.initStyleOption(option, index)
        size = self._doc(option, html).size()
        return QSize(int(QRectF(0, 0, size.width(), size.height()).width()), int(size.height()) + 4)


class GlobalSearch(QDialog):
    """Not modal: the window stays usable; Esc closes it, Enter opens the current hit."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle("全局搜索")
        self.resize(720, 520)
        self.box = QLineEdit(self)
        self.box.setPlaceholderText("搜索收文、发文、督办、值班日志：标题、文号、单位、正文、附件文字……")
        self.box.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setItemDelegate(_HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.status = QLabel("输入关键词，↑/↓ 选择，回车打开。", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.installEventFilter(self)
        self.results.itemActivated.connect(self._open)

    def start(self, text: str = "") -> None:
        """Show, focused on the box (``text`` typed already, e.g. from the toolbar box)."""
        self.show()
        self.activateWindow()
        if text:
            self.box.setText(text)
        self.box.setFocus()
        self.box.selectAll() if not text else self.box.end(False)

    def run(self) -> None:
        from desktop.services.search import search

        text = self.box.text().strip()
        self.results.clear()
        if not text:
            self.status.setText("输入关键词，↑/↓ 选择，回车打开。")
            return
        groups = self._ctx.ops.read(lambda s: search(s, text))
        self._fill(groups)

    def _fill(self, groups: list[KindHits]) -> None:
        bold = QFont(self.results.font())
        bold.setBold(True)
        shown = 0
        for group in groups:
            heading = QListWidgetItem(f"{group.name}（{len(group.hits)}{' 条以上' if group.more else ' 条'}）")
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            heading.setFont(bold)
            self.results.addItem(heading)
            for hit in group.hits:
                item = QListWidgetItem("\n".join(hit_lines(hit)))
                item.setData(RECORD, (hit.kind, hit.id))
                item.setData(HTML, _hit_html(hit))
                self.results.addItem(item)
                shown += 1
        self.status.setText(f"找到 {shown} 条（每类最新的在前）" if shown else "没有找到。")
        self._move(+1, from_row=-1)

    def _move(self, step: int, from_row: int | None = None) -> None:
        row = self.results.currentRow() if from_row is None else from_row
        row += step
        while 0 <= row < self.results.count():
            if self.results.item(row).data(RECORD) is not None:
                self.results.setCurrentRow(row)
                return
            row += step

    def _open(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.results.currentItem()
        record = item.data(RECORD) if item is not None else None
        if record is None:
            return
        self.hide()
        self._ctx.bus.show_record.emit(*record)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(+1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():  # typed and pressed Enter before the pause: search first
                    self._timer.stop()
                    self.run()
                self._open()
                return True
        return super().eventFilter(watched, event)
