"""历史 of one record and the 操作日志 dialog, driven with real clicks and keys."""
from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services import clock
from desktop.services.incoming import register
from desktop.services.incoming.register import IncomingInput
from desktop.ui.audit_log import AuditLogDialog
from desktop.ui.history import RecordHistory
from desktop.ui.ops import INCOMING


def _input(title: str, received: dt.datetime, secrecy: str = "公开") -> IncomingInput:
    return IncomingInput(received_at=received, sender="湖南省卫生健康委员会",
                         sender_doc_no="湘卫发〔2026〕5号", title=title, secrecy=secrecy)


def _register(ctx, title: str, at: dt.datetime) -> int:
    with clock.frozen(at):
        result = ctx.ops.run(lambda s: register.register_incoming(s, _input(title, at), ctx.actor), {INCOMING})
    assert result.ok
    return result.value


def _shown(view) -> list[list[str]]:
    model = view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _click_row(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))


def test_record_history_shows_each_change_and_follows_new_ones(qtbot, ctx, qtmodeltester):
    doc_id = _register(ctx, "关于医保基金检查的通知", dt.datetime(2026, 3, 2, 9, 0))
    widget = RecordHistory(ctx, "incoming", doc_id)
    qtbot.addWidget(widget)
    widget.show()
    qtmodeltester.check(widget.model)
    headers = [widget.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["时间", "操作人", "操作", "字段", "原值", "新值"]
    assert ["2026-03-02 09:00:00", "文书", "登记", "文件标题", "", "关于医保基金检查的通知"] in _shown(widget.table)

    ctx.actor = "王主任"
    with clock.frozen(dt.datetime(2026, 3, 3, 8, 30)):
        assert ctx.ops.run(lambda s: register.update_incoming(
            s, doc_id, _input("关于医保基金专项检查的通知", dt.datetime(2026, 3, 2, 9, 0), "机密"), ctx.actor),
            {INCOMING}).ok
    rows = _shown(widget.table)  # reloaded by the bus, no call from the test
    assert rows[-2:] == [
        ["2026-03-03 08:30:00", "王主任", "修改", "文件标题", "关于医保基金检查的通知", "关于医保基金专项检查的通知"],
        ["2026-03-03 08:30:00", "王主任", "修改", "密级", "公开", "机密"],
    ]
    _click_row(qtbot, widget.table, len(rows) - 1)
    assert widget.table.currentIndex().row() == len(rows) - 1
    qtbot.keyClick(widget.table, Qt.Key.Key_Up)
    assert widget.table.currentIndex().row() == len(rows) - 2


def test_log_dialog_filters_by_date_and_words_and_exports(qtbot, ctx, tmp_path, monkeypatch, messages):
    _register(ctx, "关于一月份工作的通知", dt.datetime(2026, 1, 5, 9, 0))
    _register(ctx, "关于医保基金检查的通知", dt.datetime(2026, 3, 2, 9, 0))
    _register(ctx, "关于安全生产的通知", dt.datetime(2026, 3, 3, 9, 0))
    with clock.frozen(dt.datetime(2026, 3, 10, 9, 0)):
        dialog = AuditLogDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    # the last 30 days by default: the January entry is not shown
    assert dialog.count.text() == "共 2 条操作，30 行"  # 15 filled fields each; empty ones are not listed
    assert {row[3] for row in _shown(dialog.table)} == {"收〔2026〕0002", "收〔2026〕0003"}

    dialog.text.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("医保")
    QApplication.sendEvent(dialog.text, event)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.count.text() == "共 1 条操作，15 行"
    assert {row[3] for row in _shown(dialog.table)} == {"收〔2026〕0002"}

    out = tmp_path / "日志.xlsx"
    monkeypatch.setattr(AuditLogDialog, "ask_path", staticmethod(lambda parent, suggested: out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert messages["info"] == [f"已导出 {out}"]
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == ["序号", "时间", "操作人", "类别", "编号", "操作", "字段", "原值", "新值"]
    assert ws.max_row == 16  # the header and the 15 rows shown
    titles = [row for row in ws.iter_rows(min_row=2, values_only=True) if row[6] == "文件标题"]
    assert titles == [(2, "2026-03-02 09:00:00", "文书", "收文", "收〔2026〕0002", "登记", "文件标题", None,
                       "关于医保基金检查的通知")]
