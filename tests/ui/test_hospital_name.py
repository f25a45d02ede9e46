"""单位名称: asked on first start (once), editable under 设置, typed with the keyboard."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from desktop.services.hospital import hospital_name
from desktop.ui.hospital_dialog import HospitalNameDialog
from desktop.ui.mainwindow import MainWindow

REAL_ASK = HospitalNameDialog.__dict__["ask"]  # before the autouse fixture records it instead


def _window(qtbot, settings, tmp_path) -> MainWindow:
    w = MainWindow(settings)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
    assert w.open_database(tmp_path / "office.db")
    return w


def _answer(qtbot, w: MainWindow, text: str) -> None:
    qtbot.waitUntil(lambda: w.findChild(QInputDialog) is not None and w.findChild(QInputDialog).isVisible())
    dialog = w.findChild(QInputDialog)
    edit = dialog.findChild(QLineEdit)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_first_start_asks_once_and_settings_menu_edits(qtbot, settings, tmp_path, monkeypatch, messages):
    monkeypatch.setattr(HospitalNameDialog, "ask", REAL_ASK)
    w = _window(qtbot, settings, tmp_path)
    _answer(qtbot, w, "湘南市第一人民医院")
    assert w.ctx.ops.read(hospital_name) == "湘南市第一人民医院"
    w.close()

    asked: list[str] = []
    monkeypatch.setattr(HospitalNameDialog, "ask", staticmethod(lambda parent, current, answered: asked.append(current)))
    again = _window(qtbot, settings, tmp_path)
    QApplication.processEvents()  # the deferred first-start check runs
    assert asked == []  # the database has a name: nothing asked

    monkeypatch.setattr(HospitalNameDialog, "ask", REAL_ASK)
    settings_menu = again.menuBar().actions()[1].menu()
    entry = next(a for a in settings_menu.actions() if a.text() == "单位名称…")
    entry.trigger()
    dialog = again.findChild(QInputDialog)
    assert dialog.textValue() == "湘南市第一人民医院"
    _answer(qtbot, again, "湘南市中心医院")
    assert again.ctx.ops.read(hospital_name) == "湘南市中心医院"
    again.close()


def test_new_database_without_a_name_is_asked(qtbot, settings, tmp_path, messages):
    w = _window(qtbot, settings, tmp_path)
    qtbot.waitUntil(lambda: messages["hospital_name"] == [""])
    w.close()
