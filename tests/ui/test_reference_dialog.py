"""The 科室与人员 / 单位 dialog, driven by keyboard and its own buttons, offscreen."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox

from desktop.services import reference as ref
from desktop.ui.messages import Messages
from desktop.ui.reference.base import ReferencePage
from desktop.ui.reference.dialog import ReferenceDialog
from desktop.ui.session import open_context


@pytest.fixture
def context(tmp_path, qapp):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx = open_context(tmp_path / "x.db", settings)
    yield ctx
    ctx.close()


@pytest.fixture
def said(monkeypatch):
    """Modal messages recorded instead of shown; ``said['yes']`` answers confirmations."""
    seen: dict = {"error": [], "info": [], "confirm": [], "yes": True}

    def record(kind):
        return staticmethod(lambda parent, message, title="": seen[kind].append(message))

    def confirm(parent, message, title=""):
        seen["confirm"].append(message)
        return seen["yes"]

    monkeypatch.setattr(Messages, "error", record("error"))
    monkeypatch.setattr(Messages, "info", record("info"))
    monkeypatch.setattr(Messages, "confirm", staticmethod(confirm))
    return seen


@pytest.fixture
def open_dialog(qtbot, context, said):
    made: list[ReferenceDialog] = []

    def open_(page: str = "people") -> ReferenceDialog:
        dialog = ReferenceDialog(context, page)
        made.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog

    yield open_
    said["yes"] = True
    for dialog in made:
        if shiboken6.isValid(dialog):
            dialog.close()
            shiboken6.delete(dialog)


def _departments(context) -> list[ref.DepartmentRow]:
    return context.ops.read(ref.list_departments)


def _table_names(page: ReferencePage) -> list[str]:
    return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def _type(qtbot, widget, text: str) -> None:
    """Type into a field: ASCII key by key; Chinese as an input method commits it (QTest's
    keyClicks asserts on non-ASCII characters)."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget.lineEdit() if isinstance(widget, QComboBox) else widget, event)


def _type_department(qtbot, page: ReferencePage, name: str, phone: str = "") -> None:
    _type(qtbot, page.fields["name"], name)
    if phone:
        _type(qtbot, page.fields["phone"], phone)


def test_typing_a_department_and_ctrl_s_saves_it(qtbot, context, open_dialog):
    dialog = open_dialog()
    assert dialog.windowTitle() == "科室与人员"
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["科室", "人员"]
    page = dialog.pages[0]
    _type_department(qtbot, page, "心血管内科", "0731-84822000")
    page.fields["kind"].setCurrentText("临床")
    qtbot.keyClick(page.fields["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    [row] = _departments(context)
    assert (row.name, row.kind, row.phone) == ("心血管内科", "临床", "0731-84822000")
    assert _table_names(page) == ["心血管内科"]
    assert page.current.id == row.id and not page.is_dirty()
    assert page.error_label.isHidden()
    assert page.table.currentIndex().row() == 0


def test_return_in_a_field_saves_too(qtbot, context, open_dialog):
    page = open_dialog().pages[0]
    _type_department(qtbot, page, "医务科", "84822001")
    qtbot.keyClick(page.fields["phone"], Qt.Key.Key_Return)
    assert [d.name for d in _departments(context)] == ["医务科"]


def test_a_duplicate_name_shows_the_error_and_keeps_what_was_typed(qtbot, context, open_dialog):
    context.ops.run(lambda s: ref.save_department(s, {"name": "内科"}), set())
    page = open_dialog().pages[0]
    _type_department(qtbot, page, "内科", "84822002")
    qtbot.keyClick(page.fields["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert page.error_label.isVisible()
    assert page.error_label.text() == "科室名称“内科”已存在。"
    assert page.fields["name"].text() == "内科"
    assert page.fields["phone"].text() == "84822002"
    assert page.fields["name"].hasFocus()
    assert len(_departments(context)) == 1

    page.fields["name"].setText("内科二病区")  # corrected, saved, message gone
    page.save()
    assert page.error_label.isHidden()
    assert _table_names(page) == ["内科", "内科二病区"]


def test_selecting_a_row_loads_it_and_a_change_is_saved_in_place(qtbot, context, open_dialog):
    for name in ("院办", "医务科"):
        context.ops.run(lambda s, n=name: ref.save_department(s, {"name": n}), set())
    page = open_dialog().pages[0]
    page.table.selectRow(1)
    assert page.fields["name"].text() == "医务科"
    page.fields["phone"].setText("84822003")
    page.save()
    assert {d.name: d.phone for d in _departments(context)} == {"院办": "", "医务科": "84822003"}


def test_moving_away_from_unsaved_typing_asks_first(qtbot, context, open_dialog, said):
    for name in ("院办", "医务科"):
        context.ops.run(lambda s, n=name: ref.save_department(s, {"name": n}), set())
    page = open_dialog().pages[0]
    page.table.selectRow(0)
    page.fields["phone"].setText("84822004")

    said["yes"] = False
    page.table.selectRow(1)
    assert said["confirm"]
    assert page.fields["name"].text() == "院办" and page.fields["phone"].text() == "84822004"
    assert page.table.currentIndex().row() == 0
    qtbot.keyClick(page.fields["name"], Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.fields["phone"].text() == "84822004"  # 新建 refused too

    said["yes"] = True
    qtbot.keyClick(page.fields["name"], Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.current is None and page.fields["name"].text() == "" and page.fields["name"].hasFocus()


def test_esc_closes_at_once_when_nothing_is_unsaved(qtbot, open_dialog, said):
    dialog = open_dialog()
    qtbot.keyClick(dialog.pages[0].fields["name"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert said["confirm"] == []


def test_esc_with_unsaved_typing_asks_and_stays_open_on_no(qtbot, open_dialog, said):
    dialog = open_dialog()
    staff = dialog.pages[1]
    staff.fields["title"].setText("科长")
    said["yes"] = False
    qtbot.keyClick(dialog.pages[0].fields["name"], Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert dialog.tabs.currentWidget() is staff  # shown where the typing is
    assert "人员" in said["confirm"][0]
    said["yes"] = True
    qtbot.keyClick(staff.fields["title"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_staff_page_offers_the_departments_and_refuses_an_unknown_one(qtbot, context, open_dialog):
    dialog = open_dialog()
    departments, staff = dialog.pages
    _type_department(qtbot, departments, "护理部")
    departments.save()

    dialog.tabs.setCurrentWidget(staff)
    combo = staff.fields["department"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "护理部"]
    _type(qtbot, staff.fields["name"], "王芳")
    _type(qtbot, combo, "外星科")
    staff.fields["roles"].boxes["总值班"].setChecked(True)
    qtbot.keyClick(staff.fields["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "外星科" in staff.error_label.text()
    assert combo.hasFocus() and combo.currentText() == "外星科"

    combo.setCurrentText("护理部")
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # Return in the combo saves as in any field
    [row] = context.ops.read(ref.list_staff)
    assert (row.name, row.department, row.roles) == ("王芳", "护理部", ("总值班",))
    assert staff.proxy.index(0, 4).data() == "总值班"


def test_stop_and_restart_use(qtbot, context, open_dialog):
    context.ops.run(lambda s: ref.save_department(s, {"name": "院办"}), set())
    page = open_dialog().pages[0]
    assert not page.toggle_button.isEnabled()
    page.table.selectRow(0)
    assert page.toggle_button.text() == "停用"
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert _departments(context) == []
    assert page.proxy.index(0, 4).data() == "停用"
    assert page.proxy.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert page.toggle_button.text() == "启用"
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert [d.name for d in _departments(context)] == ["院办"]


def test_filter_narrows_the_table(qtbot, context, open_dialog):
    for name in ("内科", "外科", "医务科"):
        context.ops.run(lambda s, n=name: ref.save_department(s, {"name": n}), set())
    page = open_dialog().pages[0]
    _type(qtbot, page.filter_edit, "外")
    assert _table_names(page) == ["外科"]


def _xlsx(path: Path, rows: list[list]) -> str:
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    book.save(path)
    return str(path)


def test_import_reports_counts(qtbot, context, open_dialog, said, monkeypatch, tmp_path):
    path = _xlsx(tmp_path / "单位.xlsx", [["单位名称", "简称", "级别", "代字"],
                                          ["湖南省卫生健康委员会", "省卫健委", "上级", "湘卫发、湘卫函"],
                                          ["长沙市卫生健康委员会", "市卫健委", "上级", "长卫发"]])
    monkeypatch.setattr(ReferencePage, "ask_file", staticmethod(lambda parent: path))
    dialog = open_dialog("organisations")
    assert dialog.windowTitle() == "单位" and dialog.tabs.count() == 1
    page = dialog.pages[0]
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert said["info"] == ["已从“单位.xlsx”导入单位：新增 2 条，更新 0 条。"]
    assert _table_names(page) == ["湖南省卫生健康委员会", "长沙市卫生健康委员会"]
    assert page.proxy.index(0, 3).data() == "湘卫发、湘卫函"


def test_import_of_a_bad_file_shows_the_rows_and_imports_nothing(qtbot, context, open_dialog, said,
                                                              monkeypatch, tmp_path):
    path = _xlsx(tmp_path / "科室.xlsx", [["科室名称", "类别"], ["内科", "临床"], ["外科", "后勤"]])
    monkeypatch.setattr(ReferencePage, "ask_file", staticmethod(lambda parent: path))
    page = open_dialog().pages[0]
    page.import_xlsx()
    assert len(said["error"]) == 1 and "第 3 行" in said["error"][0]
    assert _departments(context) == [] and _table_names(page) == []

    monkeypatch.setattr(ReferencePage, "ask_file", staticmethod(lambda parent: ""))
    page.import_xlsx()  # cancelled: nothing said
    assert len(said["error"]) == 1 and said["info"] == []


@pytest.mark.parametrize("page_index", [0, 1])
def test_models_pass_the_model_tester(qtmodeltester, context, open_dialog, page_index):
    with context.store.write() as s:
        ref.save_department(s, {"name": "院办", "sort_order": 1})
        gone = ref.save_department(s, {"name": "旧科室"})
        ref.set_active(s, "departments", gone, False)
        ref.save_staff(s, {"name": "李明", "department": "院办", "roles": "院领导,签发人"})
        ref.save_staff(s, {"name": "王芳"})
    page = open_dialog().pages[page_index]
    assert page.model.rowCount() == 2
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_empty_organisation_model_passes_the_model_tester(qtmodeltester, open_dialog):
    page = open_dialog("organisations").pages[0]
    qtmodeltester.check(page.model)
