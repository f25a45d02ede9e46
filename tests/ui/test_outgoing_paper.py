"""发文's paper and Excel from the tab, by keyboard: Ctrl+P prints the 正式文件 of a signed
document only, Ctrl+Shift+P the 发文稿纸 at any stage, Alt+B / Alt+X the 登记簿 of the
filter's rows, Alt+I imports an old 登记簿 and reports its 断号, Alt+J checks the numbers."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services import clock
from desktop.services.users import Principal
from desktop.ui import print_preview
from desktop.ui.outgoing.paper import OutgoingPaper
from desktop.ui.outgoing.tab import OutgoingTab
from tests.services.outgoing.conftest import draft, setup_office, signed

SECRETARY = Principal("李文书", "文书", "内部")
CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


@pytest.fixture
def previews(monkeypatch):
    shown: list = []
    monkeypatch.setattr(print_preview.PrintPreview, "show_dialog", staticmethod(shown.append))
    monkeypatch.setattr(print_preview.PrintPreview, "open_externally", staticmethod(shown.append))
    return shown


@pytest.fixture
def office_ctx(ctx):
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0)), ctx.store.write() as s:
        setup_office(s)
        signed(s)  # 院发〔2026〕1号 关于开展安全生产检查的通知
        signed(s, title="关于做好防汛工作的通知")  # 院发〔2026〕2号
        signed(s, code="院函", doc_type="函", title="关于商请支持职业病防治工作的函")  # 院函〔2026〕1号
        draft(s, title="关于申请购置诊断设备的请示", doc_type="请示")  # the newest: row 0
    ctx.sign_in(SECRETARY)
    return ctx


def _tab(qtbot, ctx):
    tab = OutgoingTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.ensure_detail()
    return tab


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace(" ", "")


def _type(widget, text):
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_ctrl_p_prints_a_signed_document_only_the_sheet_at_any_stage(qtbot, office_ctx, messages, previews):
    tab = _tab(qtbot, office_ctx)
    table = tab.view.table
    assert tab.form.heading.text() == "发文 （未编号）（待核稿）"
    qtbot.keyClick(table, Qt.Key.Key_P, CTRL)
    assert messages["info"] == ["该文尚未签发，还没有发文字号，不能打印正式文件。\n签发前可打印发文稿纸（Ctrl+Shift+P）送核稿、签发。"]
    assert previews == []
    with qtbot.waitSignal(tab.paper.finished, timeout=20000) as done:
        qtbot.keyClick(table, Qt.Key.Key_P, CTRL | SHIFT)
    sheet = _text(done.args[0])
    assert "发文稿纸" in sheet and "关于申请购置诊断设备的请示" in sheet and len(previews) == 1

    qtbot.keyClick(table, Qt.Key.Key_End, CTRL)  # the oldest: 院发〔2026〕1号
    assert tab.form.heading.text() == "发文 院发〔2026〕1号（待复核）"
    with qtbot.waitSignal(tab.paper.finished, timeout=20000) as done:
        qtbot.keyClick(table, Qt.Key.Key_P, CTRL)
    text = _text(done.args[0])
    assert text.index("医院文件") < text.index("院发〔2026〕1号") < text.index("关于开展安全生产检查的通知")
    assert len(previews) == 2
    assert messages["error"] == []


def test_register_pdf_and_excel_hold_the_filters_rows(qtbot, office_ctx, messages, previews, tmp_path, monkeypatch):
    tab = _tab(qtbot, office_ctx)
    paths = iter([tmp_path / "院发.xlsx", tmp_path / "院发.pdf"])
    monkeypatch.setattr(OutgoingPaper, "ask_save_path", staticmethod(lambda *a: str(next(paths))))
    box = tab.filter_bar.code
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # 全部 → 院发
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    with qtbot.waitSignal(tab.paper.finished, timeout=20000) as done:
        qtbot.keyClick(tab.view.table, Qt.Key.Key_X, ALT)
    ws = openpyxl.load_workbook(done.args[0]).active
    assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True)] == ["院发〔2026〕1号", "院发〔2026〕2号"]
    with qtbot.waitSignal(tab.paper.finished, timeout=20000) as done:
        qtbot.keyClick(tab.view.table, Qt.Key.Key_B, ALT)
    text = _text(done.args[0])
    assert "发文登记簿" in text and "院发〔2026〕2号" in text and "院函" not in text
    assert "全部（截至" in text
    assert messages["error"] == []


def test_import_of_last_years_register_reports_its_gaps_and_is_searchable(qtbot, office_ctx, messages, tmp_path,
                                                                         monkeypatch):
    path = tmp_path / "2025年发文登记簿.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["文号", "文件标题", "公文种类", "主送", "拟稿部门", "拟稿人", "签发", "签发时间"])
    for number, title in (("院发〔2025〕1号", "关于职业健康体检的通知"), ("院发〔2025〕2号", "关于防暑降温的通知"),
                          ("院发〔2025〕5号", "关于年终考核的通知")):
        ws.append([number, title, "通知", "各科室", "院办", "李文书", "张院长", "2025-06-06"])
    wb.save(path)
    monkeypatch.setattr(OutgoingPaper, "ask_open_path", staticmethod(lambda parent: str(path)))
    with clock.frozen(dt.datetime(2026, 3, 3, 9, 0)):
        tab = _tab(qtbot, office_ctx)
        qtbot.keyClick(tab.view.table, Qt.Key.Key_I, ALT)
        qtbot.waitUntil(lambda: messages["info"] != [], timeout=20000)
    assert messages["info"] == ["已导入 3 条发文。\n\n院发 2025年：共 3 件，编至 5 号，断号 3—4，无重号。"]
    assert tab.model.rowCount() == 7
    qtbot.keyClick(tab.view.table, Qt.Key.Key_J, ALT)
    qtbot.waitUntil(lambda: len(messages["info"]) == 2)  # a mnemonic clicks its button 100 ms later
    assert messages["info"][-1] == ("发现 1 个代字年度有断号或重号：\n院发 2025年：共 3 件，编至 5 号，断号 3—4，无重号。\n\n"
                                    "院发 2026年：共 2 件，编至 2 号，无断号，无重号。\n"
                                    "院函 2026年：共 1 件，编至 1 号，无断号，无重号。")
    _type(tab.filter_bar.text, "防暑")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.index(0, 0).data() == "院发〔2025〕2号"
    assert messages["error"] == []


def test_the_save_button_stays_in_sight_on_a_small_screen(qtbot, office_ctx):
    tab = _tab(qtbot, office_ctx)
    tab.resize(1366, 640)  # a 1366×768 screen less the title bar, menus, tabs and status bar
    qtbot.keyClick(tab.view.table, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: tab.form.title.hasFocus())
    assert tab.form.scroll.verticalScrollBar().maximum() > 0  # the fields do not all fit …
    assert not tab.form.save_button.visibleRegion().isEmpty()  # … 保存 is in sight all the same


def test_a_new_draft_left_unsaved_is_offered_back_after_a_crash(qtbot, office_ctx, messages):
    tab = _tab(qtbot, office_ctx)
    qtbot.keyClick(tab.view.table, Qt.Key.Key_N, CTRL)
    _type(tab.form.title, "关于开展职业病防治宣传周活动的通知")
    _type(tab.form.main_recipients, "各科室")
    _type(tab.form.drafting_department, "院办")
    qtbot.waitUntil(lambda: tab.form.drafts.all() != [], timeout=5000)
    tab.hide()  # the program dies here: nothing saved
    again = _tab(qtbot, office_ctx)
    assert messages["confirm"][-1].startswith("上次有未保存的新发文内容：\n关于开展职业病防治宣传周活动的通知")
    assert again.form.heading.text() == "拟写新发文"
    assert again.form.title.text() == "关于开展职业病防治宣传周活动的通知"
    assert again.form.main_recipients.text() == "各科室"
    qtbot.keyClick(again.form.title, Qt.Key.Key_S, CTRL)
    assert again.model.index(0, 1).data() == "关于开展职业病防治宣传周活动的通知"
    assert again.form.drafts.all() == []
    assert messages["error"] == []
