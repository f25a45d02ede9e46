"""Signing in when a database opens: the first 主任 account of a new database, then log-in.

Nothing of the database is shown before this succeeds. YUANBANTONG_USER and
YUANBANTONG_PASSWORD, when both are set, sign in without asking (scripts, kiosks), as
they do on the command line. The dialogs are replaced in tests through ``ask``.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

if TYPE_CHECKING:
    from desktop.services.roles import Principal
    from desktop.ui.ops import AppContext


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _CredentialsDialog(QDialog):
    def __init__(self, title: str, intro: str, ok: str, confirm: bool, name: str, error: str,
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        form.addRow(text)
        self.name = QLineEdit(name)
        self.password = _password()
        self.again = _password() if confirm else None
        form.addRow("用户名(&U)", self.name)
        form.addRow("密码(&P)", self.password)
        if self.again is not None:
            form.addRow("再输一次(&A)", self.again)
        self.error = QLabel(error)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        form.addRow(_buttons(self, ok))
        (self.password if name else self.name).setFocus()

    def accept(self) -> None:
        if self.again is not None and self.again.text() != self.password.text():
            self.error.setText("两次输入的密码不一致。")
            self.again.clear()
            self.again.setFocus()
            return
        super().accept()


class FirstDirectorDialog:
    """A new database (or one made before accounts existed) gets its first 主任 account."""

    @staticmethod
    def ask(parent: QWidget | None, error: str = "", name: str = "") -> tuple[str, str] | None:
        dlg = _CredentialsDialog(
            "创建主任账户", "此数据库还没有账户。请创建第一个主任账户：主任可以管理其他账户、设置和审批。"
            "没有默认密码，请牢记。", "创建并登录", True, name, error, parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.name.text().strip(), dlg.password.text()


class LoginDialog:
    @staticmethod
    def ask(parent: QWidget | None, error: str = "", name: str = "") -> tuple[str, str] | None:
        dlg = _CredentialsDialog("登录院办通", "请输入用户名和密码。", "登录", False, name, error, parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.name.text().strip(), dlg.password.text()


def sign_in(parent: QWidget | None, ctx: AppContext) -> Principal | None:
    """Ask until the user signs in (None if they cancel); errors shown in the dialog.

    A right password with nothing to record is checked on the register's read-only
    connection, without loading the ORM (the first rows are painted sooner); anything else
    (a wrong password to count, a delay, the first account) goes through the store."""
    from desktop.services.errors import ServiceError
    from desktop.services.roles import check_on_reader, has_accounts

    env = os.environ.get("YUANBANTONG_USER"), os.environ.get("YUANBANTONG_PASSWORD")
    first = not has_accounts(ctx.reader)
    error, name = "", ""
    while True:
        if env[0] is not None and env[1] is not None and not error:
            answer: tuple[str, str] | None = (env[0], env[1])
        else:
            answer = (FirstDirectorDialog if first else LoginDialog).ask(parent, error, name)
        if answer is None:
            return None
        name, password = answer
        if not first and (who := check_on_reader(ctx.reader, name, password)) is not None:
            return who
        from desktop.services import users

        try:
            if first:
                with ctx.store.write() as session:
                    return users.create_first_director(session, name, password)
            return users.sign_in(ctx.store, name, password)
        except ServiceError as exc:
            error = exc.message
