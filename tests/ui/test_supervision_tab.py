"""The 督办 tab as the director's dashboard, by keyboard: the counts list what they count,
a new item with a 10-working-day deadline over 国庆, a failed save keeps the typing, the
filters and show_filtered(), and nothing typed carries over to another item."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services import clock, reference
from desktop.services.supervision.query import SupervisionFilter
from desktop.services.users import Principal
from desktop.ui.supervision.tab import SupervisionTab
from tests.services.supervision.data import make, seed_directory

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (grabbing the keyboard|raise|propagateSizeHints)")
DIRECTOR = Principal("张主任", "主任", "绝密")
D = dt.date
TODAY = dt.datetime(2026, 10, 14, 9, 0)  # a Wednesday


def _type(widget, text):
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _alt(qtbot, tab, key: Qt.Key) -> None:
    QApplication.processEvents()
    if QApplication.activeWindow() is not tab.window():  # a popup closing leaves none offscreen
        with qtbot.waitActive(tab.window()):
            tab.window().activateWindow()
    qtbot.keyClick(QApplication.focusWidget() or tab, key, Qt.KeyboardModifier.AltModifier)


def _items(store) -> None:
    """督〔2026〕1号 overdue 4 days (医务部), 2号 due Friday (护理部), 3号 due next month,
    4号 closed on the 12th (this month), 5号 due today."""
    from desktop.services.supervision import workflow

    with store.write() as s:
        reference.save_staff(s, reference.StaffRow(name="赵医生", department="医务部"))
        with clock.frozen(dt.datetime(2026, 9, 28, 9)):
            make(s, "完成医疗质量自查", deadline=D(2026, 10, 10), responsible="赵医生")
            make(s, "护理质量检查", lead_department="护理部", deadline=D(2026, 10, 16), assigned_by="李副院长")
            make(s, "院感培训", lead_department="院感科", deadline=D(2026, 11, 20))
            done = make(s, "信息系统升级", lead_department="信息科", deadline=D(2026, 10, 30))
            make(s, "今日到期的事项", lead_department="总务科", deadline=D(2026, 10, 14))
        with clock.frozen(dt.datetime(2026, 10, 12, 9)):
            workflow.close(s, done, "已升级", "文书甲")


@pytest.fixture
def tab(qtbot, ctx):
    seed_directory(ctx.store)
    _items(ctx.store)
    ctx.sign_in(DIRECTOR)
    with clock.frozen(TODAY):
        tab = SupervisionTab(ctx)
        qtbot.addWidget(tab)
        with qtbot.waitActive(tab):
            tab.show()
            tab.activateWindow()
        tab.ensure_detail()
        yield tab


def _column(tab, header: str) -> list[str]:
    col = list(tab.source.headers()).index(header)
    return [tab.model.index(r, col).data() for r in range(tab.model.rowCount())]


def test_overdue_first_with_days_and_the_counts_list_what_they_count(qtbot, tab):
    assert _column(tab, "督办编号")[:2] == ["督〔2026〕1号", "督〔2026〕5号"]
    assert _column(tab, "逾期")[0] == "4 天"
    assert _column(tab, "状态")[:3] == ["逾期", "临期", "临期"]
    assert tab.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde2e1"
    counts = tab.counts.buttons
    assert [counts[k].text() for k in ("in_progress", "due_this_week", "overdue", "closed_this_month",
                                       "awaiting_review")] == [
        "进行中(&A)\n4", "本周到期(&W)\n2", "逾期(&Y)\n1", "本月办结(&M)\n1", "待审结(&R)\n1"]
    assert tab.counts.today.text() == "2026年10月14日　今日到期 1 项"

    _alt(qtbot, tab, Qt.Key.Key_W)  # 本周到期
    qtbot.waitUntil(lambda: tab.filter_bar.count.text() == "共 2 条")  # a mnemonic's click is animated
    assert sorted(_column(tab, "督办编号")) == ["督〔2026〕2号", "督〔2026〕5号"]
    assert (tab.filter_bar.status.currentText(), tab.filter_bar.date_field.currentText()) == (
        "进行中（含临期、逾期）", "办理时限")

    _alt(qtbot, tab, Qt.Key.Key_Y)  # 逾期
    qtbot.waitUntil(lambda: tab.filter_bar.count.text() == "共 1 条")
    assert tab.form.heading.text() == "督办 督〔2026〕1号（逾期）"  # the first one is shown
    tab.counts.buttons["closed_this_month"].setFocus()
    qtbot.keyClick(tab.counts.buttons["closed_this_month"], Qt.Key.Key_Space)
    assert _column(tab, "督办编号") == ["督〔2026〕4号"]
    qtbot.mouseClick(tab.filter_bar.reset_button, Qt.MouseButton.LeftButton)
    assert tab.filter_bar.count.text() == "共 5 条"


def test_show_filtered_puts_the_filter_on_the_bar(tab):
    tab.show_filtered(SupervisionFilter(department="护理部", status="临期", today=D(2026, 10, 14)))
    assert tab.filter_bar.department.currentText() == "护理部"
    assert tab.filter_bar.status.currentText() == "临期"
    assert _column(tab, "督办编号") == ["督〔2026〕2号"]
    assert tab.view.current_id() is not None and tab.form.heading.text() == "督办 督〔2026〕2号（临期）"
    tab.show_filtered(SupervisionFilter(leader="李副院长", date_from=D(2026, 9, 1), date_to=D(2026, 9, 30)))
    assert (tab.filter_bar.leader.currentText(), tab.filter_bar.date_from.value()) == ("李副院长", D(2026, 9, 1))
    assert tab.filter_bar.count.text() == "共 1 条"


def test_a_new_item_by_keyboard_with_ten_working_days_over_the_national_day(qtbot, tab, messages):
    form = tab.form
    with clock.frozen(dt.datetime(2026, 9, 28, 9)):
        qtbot.keyClick(tab.view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert form.heading.text() == "督办立项" and form.task.hasFocus()
        _type(form.task, "落实院感防控整改")
        _type(form.assigned_by, "王院长")
        _type(form.lead_department, "火星科")
        _type(form.assisting_departments, "护理部、院感科")
        form.workdays.setFocus()
        form.workdays.selectAll()
        qtbot.keyClicks(form.workdays, "10")
        assert form.deadline_shown.text() == "→ 2026-10-16（星期五）"  # 国庆 7 days off, 10-10 a make-up day
        qtbot.keyClick(form.task, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert form.errors["lead_department"].text() == "“火星科”不在科室目录中；请从列表中选择，或点“新增到目录”。"
        assert form.task.toPlainText() == "落实院感防控整改"  # the typing stays
        assert form.add_button.isVisible()
        form.lead_department.selectAll()
        _type(form.lead_department, "院感科")
        qtbot.keyClick(form.task, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert form.errors["assisting_departments"].text() == "协办科室不能包含主办科室。"
        form.assisting_departments.selectAll()
        _type(form.assisting_departments, "护理部、医务部")
        _type(form.responsible, "赵医生")
        qtbot.keyClick(form.task, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert messages["error"] == []
    assert form.heading.text() == "督办 督〔2026〕6号（进行中）"
    assert tab.view.current_id() == form.item_id
    assert form.responsible_note.text() == "人员目录中“赵医生”属于医务部，不是院感科的人员。"
    assert tab.process.heading.text() == "督〔2026〕6号　进行中"
    assert "办理时限：2026-10-16（10 个工作日）" in tab.process.summary.toPlainText()


def test_the_secretary_sees_no_director_actions_and_the_director_cancels(qtbot, ctx):
    seed_directory(ctx.store)
    _items(ctx.store)
    ctx.sign_in(Principal("李文书", "文书", "内部"))
    with clock.frozen(TODAY):
        tab = SupervisionTab(ctx)
        qtbot.addWidget(tab)
        tab.show()
        tab.ensure_detail()
        tab.show_record(5)  # 临期: 催办 first
        assert tab.process.shown_actions() == ["催办", "进展", "申请延期", "办结", "修改", "分解", "打印通知单",
                                               "打印催办单"]
        tab.show_record(4)
        assert tab.process.shown_actions() == ["打印通知单"]  # 待审结: the 主任's
        assert "撤销" not in tab.process.shown_actions()


def test_selecting_another_item_never_carries_typing(qtbot, tab, messages):
    tab.show_record(3)
    tab.detail.setCurrentWidget(tab.process)
    tab.process.choose("report")
    page = tab.process.pages["report"]
    _type(page.fields[0].widget, "已完成一半")
    messages["answers"]["confirm"] = False  # keep typing: the selection goes back
    tab.view.select_id(2)
    assert tab.form.item_id == 3 and page.fields[0].widget.text() == "已完成一半"
    messages["answers"]["confirm"] = True
    tab.view.select_id(2)
    assert tab.form.item_id == 2 and page.fields[0].widget.text() == ""
    assert messages["confirm"][0].startswith("当前督办事项有未保存的输入")


def test_the_register_model_passes_the_model_tester(qtmodeltester, tab):
    qtmodeltester.check(tab.model)
