"""Every error reaches the user: the 程序出错 dialog, the log file, the excepthook backstop."""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from db.models import IncomingDocument
from desktop.services.errors import ServiceError
from desktop.services.progress import Cancelled
from desktop.ui import errors
from desktop.ui.error_dialog import ErrorDialog
from desktop.ui.errors import ErrorReport
from desktop.ui.incoming.tab import IncomingTab
from desktop.ui.ops import INCOMING


def _log() -> Path:
    # The user's data folder (XDG_DATA_HOME is a temporary home in tests, see tests/conftest.py).
    return Path(os.environ["XDG_DATA_HOME"]) / "yuanbantong" / "logs" / "yuanbantong.log"


def _broken(session):
    raise RuntimeError("磁盘控制器没有响应")


def test_unexpected_error_in_ops_run_is_shown_once_logged_and_not_ok(qtbot, ctx, messages):
    announced = []
    ctx.bus.changed.connect(announced.append)
    assert not _log().exists()  # nothing is written before the first error
    result = ctx.ops.run(_broken, {INCOMING})
    assert result.ok is False and result.value is None
    assert messages["error"] == []
    report = messages["unexpected"].pop()
    assert messages["unexpected"] == []
    assert report.log == _log()
    assert "RuntimeError: 磁盘控制器没有响应" in report.details
    assert "_broken" in report.operation
    text = _log().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: 磁盘控制器没有响应" in text
    assert "_broken" in text  # the operation
    assert announced == []  # nothing changed, so nothing is announced


def test_service_error_still_goes_beside_the_field_not_to_the_dialog(ctx, messages):
    def refuse(session):
        raise ServiceError("请填写来文单位。", field="sender")

    beside: list[ServiceError] = []
    assert not ctx.ops.run(refuse, {INCOMING}, on_error=beside.append).ok
    assert [e.message for e in beside] == ["请填写来文单位。"]
    assert messages["unexpected"] == [] and messages["error"] == []


def _type(widget, text):
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_crash_while_saving_keeps_what_was_typed(qtbot, ctx, messages, monkeypatch):
    from desktop.services.incoming import register

    def crash(session, data, actor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(register, "register_incoming", crash)
    tab = IncomingTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitActive(tab):  # Ctrl+S is a window shortcut
        tab.show()
        tab.activateWindow()
    tab.ensure_detail()
    _type(tab.form.sender, "湖南省卫生健康委员会")
    _type(tab.form.title, "关于报送统计数据的函")
    qtbot.keyClick(tab.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "No space left on device" in messages["unexpected"].pop().details
    assert tab.form.title.text() == "关于报送统计数据的函"
    assert tab.form.sender.text() == "湖南省卫生健康委员会"
    with ctx.store.read() as s:
        assert s.query(IncomingDocument).count() == 0


def _hooked(monkeypatch) -> None:
    # monkeypatch puts Python's (and pytest-qt's) hooks back after the test.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install_excepthook()


def test_exception_escaping_a_qt_slot_reaches_the_excepthook(qtbot, messages, monkeypatch):
    _hooked(monkeypatch)
    button = QPushButton("导出")
    qtbot.addWidget(button)
    button.show()

    def slot():
        raise ValueError("列宽不能为负数")

    button.clicked.connect(slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    report = messages["unexpected"].pop()
    assert messages["unexpected"] == []
    assert "ValueError: 列宽不能为负数" in report.details
    assert "ValueError: 列宽不能为负数" in _log().read_text(encoding="utf-8")


def test_exception_in_a_thread_is_shown_on_the_ui_thread(qtbot, messages, monkeypatch):
    _hooked(monkeypatch)

    def work():
        raise KeyError("附件")

    worker = threading.Thread(target=work, name="copy-attachments")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(messages["unexpected"]) == 1)
    report = messages["unexpected"].pop()
    assert "KeyError: '附件'" in report.details
    assert "copy-attachments" in report.operation


def test_show_error_for_background_task_results(qtbot, messages):
    errors.show_error(None, ServiceError("文件已被其他程序打开，请关闭后重试。"))
    errors.show_error(None, Cancelled())
    assert messages["error"] == ["文件已被其他程序打开，请关闭后重试。"]
    assert messages["unexpected"] == []
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        errors.show_error(None, exc, "导出收文登记簿")
    report = messages["unexpected"].pop()
    assert report.operation == "导出收文登记簿"
    assert "ZeroDivisionError: division by zero" in _log().read_text(encoding="utf-8")


def _report() -> ErrorReport:
    return ErrorReport("保存收文", "RuntimeError: boom",
                       "操作：保存收文\nTraceback (most recent call last):\nRuntimeError: boom\n",
                       Path("/home/u/.local/share/yuanbantong/logs/yuanbantong.log"))


def test_dialog_is_chinese_with_details_hidden_until_asked(qtbot):
    dialog = ErrorDialog(_report())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "程序出错"
    texts = [b.text() for b in dialog.findChildren(QPushButton)]
    assert sorted(texts) == sorted(["显示详情", "复制详情", "关闭"])
    assert "/home/u/.local/share/yuanbantong/logs/yuanbantong.log" in dialog.log_label.text()
    assert not dialog.details.isVisible()
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible()
    assert "RuntimeError: boom" in dialog.details.toPlainText()
    assert dialog.toggle_button.text() == "隐藏详情"
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert not dialog.details.isVisible()


def test_copy_details_puts_the_traceback_on_the_clipboard(qtbot):
    QApplication.clipboard().clear()
    dialog = ErrorDialog(_report())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == (
        "操作：保存收文\nTraceback (most recent call last):\nRuntimeError: boom\n")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_dialog_says_when_the_log_could_not_be_written(qtbot):
    dialog = ErrorDialog(ErrorReport("", "OSError: x", "OSError: x\n", None))
    qtbot.addWidget(dialog)
    assert "未能写入日志文件" in dialog.log_label.text()
