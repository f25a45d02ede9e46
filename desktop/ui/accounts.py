"""设置 → 用户与权限 (the 主任 adds accounts and resets passwords) and 修改密码 (everyone)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.messages import Messages
from desktop.ui.ops import SETTINGS

if TYPE_CHECKING:
    from desktop.ui.ops import AppContext


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class AccountsDialog(QDialog):
    """The accounts of this database: who, role, clearance; add one; reset a password."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from desktop.services.users import ROLES, SECRECY_ORDER

        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("用户与权限")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["用户名", "角色", "可查看至密级"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.addItems(ROLES)
        self.role.setCurrentText("文书")
        self.clearance = QComboBox()
        self.clearance.addItems(SECRECY_ORDER)
        self.clearance.setCurrentText("内部")
        self.password = _password()
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        add = QPushButton("添加用户(&A)")
        add.clicked.connect(self.add_user)
        reset = QPushButton("为选中的用户重设密码(&R)")
        reset.clicked.connect(self.reset_password)
        form = QFormLayout()
        form.addRow("用户名", self.name)
        form.addRow("角色", self.role)
        form.addRow("可查看至", self.clearance)
        form.addRow("密码", self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(reset)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("主任：全部功能与设置；文书：登记与办理；领导：查看并记录批示；只读：查看。"))
        lay.addWidget(self.table)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        from desktop.services.users import list_users

        people = self.ctx.ops.read(list_users)
        self.table.setRowCount(len(people))
        for row, who in enumerate(people):
            for col, text in enumerate((who.name, who.role, who.clearance)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def add_user(self) -> None:
        from desktop.services.users import create_user

        name, role, level, password = (self.name.text(), self.role.currentText(),
                                       self.clearance.currentText(), self.password.text())
        self.error.clear()
        result = self.ctx.ops.run(lambda s: create_user(s, name, role, level, password), {SETTINGS},
                                  parent=self, on_error=lambda e: self.error.setText(e.message))
        if result.ok:
            self.name.clear()
            self.password.clear()
            self.reload()

    def reset_password(self) -> None:
        from desktop.services.users import reset_password

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.error.setText("请先在上面的列表中选择一个用户。")
            return
        name, password = self.table.item(rows[0].row(), 0).text(), self.password.text()
        self.error.clear()
        result = self.ctx.ops.run(lambda s: reset_password(s, name, password), {SETTINGS},
                                  parent=self, on_error=lambda e: self.error.setText(e.message))
        if result.ok:
            self.password.clear()
            Messages.info(self, f"已为“{name}”重设密码。")


class ChangePasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改密码")
        self.old, self.new, self.again = _password(), _password(), _password()
        form = QFormLayout(self)
        form.addRow("原密码(&O)", self.old)
        form.addRow("新密码(&N)", self.new)
        form.addRow("再输一次(&A)", self.again)
        ok = QPushButton("修改")
        ok.clicked.connect(self.accept)
        form.addRow(ok)

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, str, str] | None:
        dlg = cls(parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.old.text(), dlg.new.text(), dlg.again.text()


def change_own_password(ctx: AppContext, parent: QWidget | None) -> bool:
    from desktop.services.errors import ServiceError
    from desktop.services.users import change_password

    if ctx.principal is None:
        return False
    answer = ChangePasswordDialog.ask(parent)
    if answer is None:
        return False
    old, new, again = answer
    if new != again:
        Messages.error(parent, "两次输入的新密码不一致，密码未修改。")
        return False
    try:
        change_password(ctx.store, ctx.principal.name, old, new)
    except ServiceError as exc:
        Messages.error(parent, f"{exc.message}密码未修改。")
        return False
    Messages.info(parent, "密码已修改。")
    return True
