"""Signing in when the window opens a database: nothing shows before; the role shapes the window."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import users
from desktop.services.incoming import register
from desktop.services.incoming.register import IncomingInput
from desktop.services.store import open_store
from desktop.ui import login
from desktop.ui.mainwindow import MainWindow


@pytest.fixture(autouse=True)
def _no_credentials_from_the_environment(monkeypatch):
    monkeypatch.delenv("YUANBANTONG_USER", raising=False)
    monkeypatch.delenv("YUANBANTONG_PASSWORD", raising=False)


def _answers(monkeypatch, dialog, answers):
    asked = []

    def ask(parent, error="", name=""):
        asked.append(error)
        return answers.pop(0)

    monkeypatch.setattr(dialog, "ask", staticmethod(ask))
    return asked


def _window(qtbot, settings):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    return w


def _menu_texts(w):
    return [a.text() for m in w.menuBar().actions() for a in m.menu().actions() if a.isVisible()]


def test_a_new_database_asks_for_its_first_director(qtbot, settings, tmp_path, monkeypatch):
    asked = _answers(monkeypatch, login.FirstDirectorDialog, [("王主任", "主任的密码1234")])
    w = _window(qtbot, settings)
    assert w.open_database(tmp_path / "office.db")
    assert asked == [""]
    assert w.db_label.text().startswith("用户：王主任（主任）")
    assert {"用户与权限…", "备份…", "科室与人员…"} <= set(_menu_texts(w))
    assert users.sign_in(w.ctx.store, "王主任", "主任的密码1234").role == "主任"


def test_a_secretary_signs_in_sees_only_what_the_role_and_clearance_allow(qtbot, settings, tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    store = open_store(path)
    with store.write() as s:
        users.create_first_director(s, "王主任", "主任的密码1234")
        users.create_user(s, "李文书", "文书", "内部", "文书的密码1234")
        for secrecy, title in (("公开", "关于安全生产的通知"), ("机密", "关于飞行检查的机密通知")):
            register.register_incoming(s, IncomingInput(
                received_at=dt.datetime(2026, 11, 2, 9), sender="湖南省卫生健康委员会", sender_doc_no="",
                title=title, secrecy=secrecy), "王主任")
    store.close()
    asked = _answers(monkeypatch, login.LoginDialog, [("李文书", "猜错了的密码"), ("李文书", "文书的密码1234")])
    w = _window(qtbot, settings)
    assert w.open_database(path)
    assert asked == ["", "用户名或密码不对。"]  # the second ask shows why
    assert w.db_label.text().startswith("用户：李文书（文书）")
    texts = _menu_texts(w)
    assert "修改密码…" in texts and not {"用户与权限…", "备份…", "从备份恢复…", "科室与人员…"} & set(texts)
    tab = w.slots[0].content
    titles = [tab.model.data(tab.model.index(r, c)) for r in range(tab.model.rowCount())
              for c in range(tab.model.columnCount())]
    assert "关于安全生产的通知" in titles and "关于飞行检查的机密通知" not in titles
    assert tab.filter_bar.count.text() == "共 1 条"


def test_cancelling_the_sign_in_opens_nothing(qtbot, settings, tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    store = open_store(path)
    with store.write() as s:
        users.create_first_director(s, "王主任", "主任的密码1234")
    store.close()
    _answers(monkeypatch, login.LoginDialog, [None])
    w = _window(qtbot, settings)
    assert not w.open_database(path)
    assert w.ctx is None and all(slot.content is None for slot in w.slots)


def test_a_records_history_tab_shows_who_changed_what(qtbot, ctx, messages):
    from PySide6.QtCore import Qt

    from tests.ui.conftest import add_documents
    from tests.ui.test_incoming_tab import _tab, _type

    add_documents(ctx.store, 2)
    tab = _tab(qtbot, ctx)
    tab.view.select_id(2)
    tab.form.title.selectAll()
    _type(qtbot, tab.form.title, "关于第2项工作的补充通知")  # replaces the selected title
    qtbot.mouseClick(tab.form.save_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(tab.detail, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # 历史
    assert tab.detail.currentWidget() is tab.history
    model = tab.history.model
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert any("文书" in row and "文件标题" in row and "关于第2项工作的通知" in row
               and "关于第2项工作的补充通知" in row for row in rows), rows


def test_the_director_adds_a_secretary_and_resets_a_password_in_the_dialog(qtbot, ctx, messages):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from desktop.ui.accounts import AccountsDialog
    from tests.ui.test_incoming_tab import _type

    with ctx.store.write() as s:
        director = users.create_first_director(s, "王主任", "主任的密码1234")
    ctx.sign_in(director)
    dlg = AccountsDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    _type(qtbot, dlg.name, "李文书")
    qtbot.keyClicks(dlg.password, "short")
    buttons = {b.text(): b for b in dlg.findChildren(QPushButton)}
    qtbot.mouseClick(buttons["添加用户(&A)"], Qt.MouseButton.LeftButton)
    assert dlg.error.text() == "密码至少 8 个字符。" and dlg.name.text() == "李文书"  # typing kept
    dlg.password.clear()
    qtbot.keyClicks(dlg.password, "wenshu-2026")
    qtbot.mouseClick(buttons["添加用户(&A)"], Qt.MouseButton.LeftButton)
    names = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]
    assert names == ["王主任", "李文书"] and dlg.table.item(1, 1).text() == "文书"
    assert users.sign_in(ctx.store, "李文书", "wenshu-2026").role == "文书"
    dlg.table.selectRow(1)
    qtbot.keyClicks(dlg.password, "new-password-1")
    qtbot.mouseClick(buttons["为选中的用户重设密码(&R)"], Qt.MouseButton.LeftButton)
    assert messages["info"] == ["已为“李文书”重设密码。"]
    assert users.sign_in(ctx.store, "李文书", "new-password-1").role == "文书"


def test_a_leader_sees_the_register_read_only_and_only_the_instruction_action(qtbot, ctx, messages):
    from desktop.services.users import Principal
    from tests.ui.conftest import add_documents
    from tests.ui.test_incoming_tab import _tab

    add_documents(ctx.store, 3)
    ctx.sign_in(Principal("张院长", "领导", "机密"))
    tab = _tab(qtbot, ctx)
    from PySide6.QtWidgets import QPushButton

    texts = [b.text() for b in tab.findChildren(QPushButton) if b.isVisibleTo(tab)]
    assert "新建登记 (Ctrl+N)" not in texts and "导入 Excel…" not in texts and "打印处理笺 (Ctrl+P)" in texts
    tab.view.select_id(2)
    assert not tab.form.title.isEnabled() and not tab.form.save_button.isEnabled()
    assert tab.form.hint.text() == "张院长（领导）可以查看，不能修改登记内容。"
    assert tab.process.plan is not None and tab.process.plan.actions == ("instruct",)
