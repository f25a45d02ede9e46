"""The three reference lists: what each page shows and edits, and which service saves it."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox

from desktop.services import reference
from desktop.ui.reference.base import ReferencePage, RolesBox, joined, status

if TYPE_CHECKING:
    from desktop.services.store import Session
from desktop.ui.reference.model import Column

__all__ = ["DepartmentPage", "OrganisationPage", "ReferencePage", "StaffPage"]


def _line(max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


def _combo(items: Sequence[str]) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(items))
    return combo


def _phone() -> QLineEdit:
    return _line(20, "如 0731-84822000")


class DepartmentPage(ReferencePage):
    kind, title, row_type = "departments", "科室", reference.DepartmentRow
    columns: Sequence[Column] = (
        ("科室名称", lambda r: r.name), ("类别", lambda r: r.kind), ("电话", lambda r: r.phone),
        ("排序", lambda r: r.sort_order), ("状态", status))

    def _build_form(self, form: QFormLayout) -> None:
        self._add(form, "科室名称", "name", _line(100))
        self._add(form, "类别", "kind", _combo(reference.DEPARTMENT_KINDS))
        self._add(form, "电话", "phone", _phone())
        order = QSpinBox()
        order.setRange(0, 99999)
        order.setToolTip("列表中的先后：小的在前")
        self._add(form, "排序", "sort_order", order)

    def _list(self, session: Session) -> list:
        return reference.list_departments(session, include_inactive=True)

    def _save(self, session: Session, fields: dict[str, Any]) -> int:
        return reference.save_department(session, fields)


class StaffPage(ReferencePage):
    kind, title, row_type = "staff", "人员", reference.StaffRow
    columns: Sequence[Column] = (
        ("姓名", lambda r: r.name), ("科室", lambda r: r.department), ("职务", lambda r: r.title),
        ("电话", lambda r: r.phone), ("角色", lambda r: joined(r.roles)), ("状态", status))
    stretch_column = 4

    def _build_form(self, form: QFormLayout) -> None:
        self._add(form, "姓名", "name", _line(50))
        department = QComboBox()
        department.setEditable(True)
        department.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        department.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        department.completer().setCompletionMode(department.completer().CompletionMode.PopupCompletion)
        department.lineEdit().setPlaceholderText("输入科室名称中的字即可选择")
        self.department_combo = self._add(form, "科室", "department", department)
        self._add(form, "职务", "title", _line(50, "如 副院长、科长"))
        self._add(form, "电话", "phone", _phone())
        self._add(form, "角色", "roles", RolesBox())

    def _refresh_choices(self) -> None:
        combo = self.department_combo
        assert isinstance(combo, QComboBox)
        text = combo.currentText()
        combo.clear()
        combo.addItems(["", *self.ctx.ops.read(reference.department_names)])
        combo.setCurrentText(text)

    def _list(self, session: Session) -> list:
        return reference.list_staff(session, include_inactive=True)

    def _save(self, session: Session, fields: dict[str, Any]) -> int:
        return reference.save_staff(session, fields)


class OrganisationPage(ReferencePage):
    kind, title, row_type = "organisations", "单位", reference.OrganisationRow
    columns: Sequence[Column] = (
        ("单位名称", lambda r: r.name), ("简称", lambda r: r.short_name), ("级别", lambda r: r.level),
        ("代字", lambda r: joined(r.doc_codes)), ("状态", status))

    def _build_form(self, form: QFormLayout) -> None:
        self._add(form, "单位名称", "name", _line(200, "如 湖南省卫生健康委员会"))
        self._add(form, "简称", "short_name", _line(50, "如 省卫健委"))
        self._add(form, "级别", "level", _combo(reference.ORGANISATION_LEVELS))
        codes = self._add(form, "代字", "doc_codes", _line(200, "如 湘卫发、湘卫函"))
        codes.setToolTip("发文机关代字，多个用顿号或逗号隔开；登记来文字号时据此填出来文单位")

    def _list(self, session: Session) -> list:
        return reference.list_organisations(session, include_inactive=True)

    def _save(self, session: Session, fields: dict[str, Any]) -> int:
        return reference.save_organisation(session, fields)

