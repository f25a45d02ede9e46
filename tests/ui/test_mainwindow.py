"""The main window: five tabs, shortcuts, menus, restored geometry and tab, clean close."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop.ui.mainwindow import MainWindow


def _window(qtbot, settings, tmp_path):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    assert w.open_database(tmp_path / "office.db")
    return w


def test_opens_with_five_tabs_and_database_in_status(qtbot, settings, tmp_path):
    w = _window(qtbot, settings, tmp_path)
    assert w.windowTitle().startswith("院办通")
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["收文", "发文", "值班", "督办", "图表"]
    assert str(tmp_path / "office.db") in w.db_label.text()
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus == ["文件(&F)", "设置(&S)", "帮助(&H)"]
    file_menu = w.menuBar().actions()[0].menu()
    keys = {a.text(): a.shortcut().toString() for a in file_menu.actions() if a.text()}
    assert keys["打开数据库…"] == "Ctrl+O" and keys["退出"] == "Ctrl+Q"
    assert (tmp_path / "office.db").exists()
    w.close()


def test_ctrl_number_switches_tabs_and_builds_them_lazily(qtbot, settings, tmp_path):
    w = _window(qtbot, settings, tmp_path)
    assert w.slots[1].content is None
    qtbot.keyClick(w, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 2
    assert type(w.slots[2].content).__name__ == "DutyTab"  # built on first show
    qtbot.keyClick(w, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 0
    w.close()


def test_geometry_and_last_tab_restored(qtbot, settings, tmp_path):
    w = _window(qtbot, settings, tmp_path)
    w.resize(700, 500)
    w.tabs.setCurrentIndex(3)
    w.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 3
    assert again.size().width() == 700
    again.close()


def test_bad_database_is_refused_with_message(qtbot, settings, tmp_path, messages):
    bad = tmp_path / "notes.db"
    bad.write_text("不是数据库")
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert not w.open_database(bad)
    assert "不是院办通数据库" in messages["error"][0]
    assert bad.read_text() == "不是数据库"
    w.close()


def test_about_names_version_database_and_schema(qtbot, settings, tmp_path, messages):
    from db.schema import head_revision

    w = _window(qtbot, settings, tmp_path)
    w.show_about()
    text = messages["info"][0]
    assert "院办通 0.1.0" in text and str(tmp_path / "office.db") in text and head_revision() in text
    w.close()


def test_damaged_settings_do_not_stop_the_window(qtbot, settings):
    settings.setValue("window/geometry", "不是几何数据")
    settings.setValue("window/tab", 2)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert w.tabs.currentIndex() == 2 and w.width() > 0
    w.close()
    for bad in ("三", "-1", "99"):
        settings.setValue("window/tab", bad)
        again = MainWindow(settings)
        qtbot.addWidget(again)
        assert again.tabs.currentIndex() == 0
        again.deleteLater()


def test_recent_databases_listed_newest_first_and_reopened(qtbot, settings, tmp_path):
    first, second = tmp_path / "一院.db", tmp_path / "二院.db"
    w = _window(qtbot, settings, tmp_path)
    assert w.open_database(first) and w.open_database(second)
    assert w.recent_databases()[:3] == [str(second), str(first), str(tmp_path / "office.db")]
    w._fill_recent()
    texts = [a.text() for a in w.recent_menu.actions() if a.text()]
    assert texts[0] == f"&1 {second}" and texts[-1] == "清除列表"
    w.recent_menu.actions()[1].trigger()  # &2: the first database again
    assert w.ctx.path == first and w.recent_databases()[0] == str(first)
    (tmp_path / "office.db").unlink()
    w._fill_recent()
    gone = [a for a in w.recent_menu.actions() if "office.db" in a.text()]
    assert gone and not gone[0].isEnabled() and "文件不存在" in gone[0].text()
    w.recent_menu.actions()[-1].trigger()
    assert w.recent_databases() == []
    settings.setValue("recent/databases", "{不是列表")
    assert w.recent_databases() == []
    w.close()


def test_backup_runs_in_the_background_from_the_file_menu(qtbot, settings, tmp_path, monkeypatch):
    from tests.test_cli import backed_up_count
    from tests.ui.conftest import add_documents

    w = _window(qtbot, settings, tmp_path)
    add_documents(w.ctx.store, 5)
    target = tmp_path / "备份.zip"
    monkeypatch.setattr(MainWindow, "ask_backup_path", staticmethod(lambda parent, name: str(target)))
    action = next(a for a in w.menuBar().actions()[0].menu().actions() if a.text() == "备份…")
    with qtbot.waitSignal(w.statusBar().messageChanged, timeout=10_000) as shown:
        action.trigger()
    assert shown.args == [f"已备份到 {target}"]
    assert backed_up_count(target, "select count(*) from incoming_documents") == 5
    assert sorted(p.name for p in tmp_path.iterdir() if "备份" in p.name or p.name.startswith(".")) == ["备份.zip"]


def test_restore_from_the_file_menu_verifies_replaces_and_reopens(qtbot, settings, tmp_path, monkeypatch, messages):
    from desktop.services.backup import backup_database
    from tests.ui.conftest import add_documents

    w = _window(qtbot, settings, tmp_path)
    add_documents(w.ctx.store, 3)
    archive = tmp_path / "b.zip"
    backup_database(w.ctx.store, archive)
    add_documents(w.ctx.store, 2, dt.datetime(2025, 4, 1, 9))  # typed in after the backup
    monkeypatch.setattr(MainWindow, "ask_restore_path", staticmethod(lambda parent: str(archive)))
    action = next(a for a in w.menuBar().actions()[0].menu().actions() if a.text() == "从备份恢复…")
    action.trigger()
    qtbot.waitUntil(lambda: bool(messages["info"]), timeout=10_000)
    assert messages["confirm"][0].startswith("将用备份“b.zip”替换当前数据库")
    assert messages["info"][0].startswith("已恢复：收文 3 件，附件 0 个")
    assert "原数据库已保留为" in messages["info"][0]
    assert w.ctx is not None and w.slots[0].content.model.rowCount() == 3
    assert len([p for p in tmp_path.iterdir() if ".恢复前-" in p.name]) == 1


def test_the_days_first_start_backs_up_once_into_the_chosen_folder(qtbot, settings, tmp_path):
    from desktop.ui.backup_actions import FOLDER_KEY, start_daily_backup

    w = _window(qtbot, settings, tmp_path)
    settings.setValue(FOLDER_KEY, str(tmp_path / "每日备份"))
    task = start_daily_backup(w)
    with qtbot.waitSignal(task.done, timeout=10_000) as done:
        pass
    made = done.args[0]
    assert made.parent == tmp_path / "每日备份" and made.name.startswith("office-自动备份-")
    assert w.statusBar().currentMessage() == f"已自动备份到 {made}"
    again = start_daily_backup(w)
    with qtbot.waitSignal(again.done, timeout=10_000) as second:
        pass
    assert second.args == [None, None]  # today's exists: nothing more
    assert len(list((tmp_path / "每日备份").iterdir())) == 1
