"""The 督办事项 form (立项 and 修改): every field, names completed from the directory, the
办理时限 as a date or N working days (the date shown live), errors beside their field,
typing kept when a save fails. Read-only once the item is done or for a role that only
reads; the 办理 panel does the rest."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import clock, workcal
from desktop.services.errors import ServiceError
from desktop.services.incoming.directory import UnknownNamesError
from desktop.services.supervision import actions, people, register
from desktop.services.supervision.fields import PRIORITIES, REPORT_CYCLES, SOURCES, label
from desktop.ui.action_page import date_edit, with_error_note
from desktop.ui.directory_edit import DirectoryEdit
from desktop.ui.messages import Messages
from desktop.ui.ops import INCOMING, REFERENCE, SUPERVISION, AppContext
from desktop.ui.supervision.process import links_html

if TYPE_CHECKING:
    from desktop.services.supervision.detail import SupervisionDetail

BY_DATE, BY_WORKDAYS, NO_DEADLINE = "按日期", "按工作日", "不设时限"
_WEEKDAYS = "一二三四五六日"


def _text_box(height: int = 54) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class SupervisionForm(QWidget):
    saved = Signal(int)  # item id
    leave = Signal()  # Esc with nothing to revert
    open_record = Signal(str, int)  # a link: ("incoming", id) or ("supervision", id)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item_id: int | None = None
        self.detail: SupervisionDetail | None = None
        self.choices = people.Choices([], [])
        self._instruction_id: int | None = None  # a new item prefilled from this 批示
        self._dirty = False
        self._loading = False
        self.errors: dict[str, QLabel] = {}
        self._build()
        self._connect()
        self.show_nothing()

    # --- layout ----------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.links = QLabel()
        self.links.setTextFormat(Qt.TextFormat.RichText)
        self.links.setWordWrap(True)
        self.task, self.instruction = _text_box(), _text_box()
        self.source = QComboBox()
        self.source.addItems(list(SOURCES))
        self.source_detail = QLineEdit()
        self.source_detail.setPlaceholderText("如 2026年第5次院长办公会纪要")
        self.assigned_by, self.lead_department = DirectoryEdit(), DirectoryEdit()
        self.assisting_departments, self.responsible = DirectoryEdit(several=True), DirectoryEdit()
        self.assisting_departments.setPlaceholderText("多个用“、”分隔")
        self.responsible.setPlaceholderText("从主办科室的人员中选择，也可直接填写")
        self.responsible_note = QLabel()
        self.responsible_note.setStyleSheet("color: #a05a00;")
        self.responsible_note.setWordWrap(True)
        self.assigned_on = date_edit()
        self.deadline_mode = QComboBox()
        self.deadline_mode.addItems([BY_DATE, BY_WORKDAYS, NO_DEADLINE])
        self.deadline = date_edit()
        self.workdays = QSpinBox()
        self.workdays.setRange(1, 365)
        self.workdays.setValue(10)
        self.workdays.setSuffix(" 个工作日")
        self.deadline_shown = QLabel()
        self.requirement = QLineEdit()
        self.requirement.setPlaceholderText("如 办结后报送书面材料")
        self.priority, self.report_cycle = QComboBox(), QComboBox()
        self.priority.addItems(list(PRIORITIES))
        for cycle in REPORT_CYCLES:
            self.report_cycle.addItem(cycle or "不要求定期报送", cycle)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #a05a00;")
        self.hint.setWordWrap(True)
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.add_button = QPushButton("新增到目录并保存")
        self.add_button.hide()
        self.revert_button = QPushButton("撤销修改 (Esc)")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(label("task"), self._err("task", self.task))
        form.addRow("来源", self._err("source", self._row((None, self.source), ("说明", self.source_detail))))
        self.errors["source_detail"] = self.errors["source"]
        form.addRow("领导批示", self._err("instruction", self.instruction))
        form.addRow("交办领导", self._err("assigned_by", self.assigned_by))
        form.addRow("主办科室", self._err("lead_department", self.lead_department))
        form.addRow("协办科室", self._err("assisting_departments", self.assisting_departments))
        form.addRow("责任人", self._err("responsible", self.responsible))
        form.addRow("", self.responsible_note)
        form.addRow("交办日期", self._err("assigned_on", self.assigned_on))
        form.addRow("办理时限", self._err("deadline", self._row(
            (None, self.deadline_mode), (None, self.deadline), (None, self.workdays), (None, self.deadline_shown))))
        self.errors["deadline_workdays"] = self.errors["deadline"]
        form.addRow("办复要求", self._err("requirement", self.requirement))
        form.addRow("重要程度", self._err("priority", self._row(
            (None, self.priority), ("进展报送", self.report_cycle))))
        self.errors["report_cycle"] = self.errors["priority"]
        buttons = QHBoxLayout()
        for b in (self.save_button, self.add_button, self.revert_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        inner = QWidget()
        lay = QVBoxLayout(inner)
        for w in (self.heading, self.links):
            lay.addWidget(w)
        lay.addLayout(form)
        lay.addWidget(self.hint)
        lay.addLayout(buttons)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @staticmethod
    def _row(*pairs: tuple[str | None, QWidget]) -> QWidget:
        w = QWidget()
        row = QHBoxLayout(w)
        row.setContentsMargins(0, 0, 0, 0)
        for text, widget in pairs:
            if text:
                row.addWidget(QLabel(text))
            row.addWidget(widget, 1 if isinstance(widget, (QLineEdit, QLabel)) else 0)
        return w

    def _err(self, key: str, widget: QWidget) -> QWidget:
        return with_error_note(widget, self.errors, key)

    def _connect(self) -> None:
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.escape,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_button.clicked.connect(lambda: self.save())
        self.add_button.clicked.connect(lambda: self.save(add_to_directory=True))
        self.revert_button.clicked.connect(self.revert)
        for edit in (self.source_detail, self.assigned_by, self.lead_department, self.assisting_departments,
                     self.responsible, self.requirement):
            edit.textEdited.connect(self._mark_dirty)
        for box in (self.task, self.instruction):
            box.textChanged.connect(self._mark_dirty)
        for combo in (self.source, self.priority, self.report_cycle, self.deadline_mode):
            combo.currentIndexChanged.connect(self._mark_dirty)
        self.assigned_on.dateChanged.connect(self._mark_dirty)
        self.deadline.dateChanged.connect(self._mark_dirty)
        self.workdays.valueChanged.connect(self._mark_dirty)
        for signal in (self.deadline_mode.currentIndexChanged, self.assigned_on.dateChanged,
                       self.workdays.valueChanged, self.deadline.dateChanged):
            signal.connect(self._show_deadline)
        self.lead_department.textChanged.connect(self._department_people)
        self.responsible.editingFinished.connect(self._check_responsible)
        self.links.linkActivated.connect(self._link)

    def set_choices(self, choices: people.Choices) -> None:
        self.choices = choices
        self.assigned_by.set_names(choices.leaders)
        self.lead_department.set_names(choices.departments)
        self.assisting_departments.set_names(choices.departments)
        self._department_people()

    def _department_people(self, *_args: object) -> None:
        self.responsible.set_names(self.choices.people_of(self.lead_department.text()))

    def _check_responsible(self) -> None:
        name, dept = self.responsible.text(), self.lead_department.text()
        self.responsible_note.setText(self.ctx.ops.read(lambda s: people.responsible_warning(s, name, dept)))

    def _show_deadline(self, *_args: object) -> None:
        mode = self.deadline_mode.currentText()
        self.deadline.setVisible(mode == BY_DATE)
        self.workdays.setVisible(mode == BY_WORKDAYS)
        due = self.resolved_deadline()
        self.deadline_shown.setText(f"→ {due:%Y-%m-%d}（星期{_WEEKDAYS[due.weekday()]}）"
                                    if mode == BY_WORKDAYS and due else "")

    def resolved_deadline(self):  # -> dt.date | None
        """The date the 办理时限 stands for, as the services will compute it."""
        mode = self.deadline_mode.currentText()
        if mode == BY_DATE:
            return self.deadline.date().toPython()
        if mode == BY_WORKDAYS:
            return workcal.add_workdays(self.assigned_on.date().toPython(), self.workdays.value())
        return None

    # --- state -----------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading:
            self._dirty = True

    def _fill(self, d: register.SupervisionInput) -> None:
        self._loading = True
        self.task.setPlainText(d.task)
        self.source.setCurrentText(d.source or SOURCES[0])
        self.source_detail.setText(d.source_detail)
        self.instruction.setPlainText(d.instruction)
        for name in ("assigned_by", "lead_department", "assisting_departments", "responsible", "requirement"):
            getattr(self, name).setText(getattr(d, name) or "")
        self.assigned_on.setDate(QDate(d.assigned_on or clock.today()))
        if d.deadline_workdays:
            self.deadline_mode.setCurrentText(BY_WORKDAYS)
            self.workdays.setValue(d.deadline_workdays)
        elif d.deadline is not None:
            self.deadline_mode.setCurrentText(BY_DATE)
            self.deadline.setDate(QDate(d.deadline))
        else:
            self.deadline_mode.setCurrentText(NO_DEADLINE)
        self.priority.setCurrentText(d.priority or PRIORITIES[0])
        self.report_cycle.setCurrentIndex(max(0, self.report_cycle.findData(d.report_cycle or "")))
        self._show_deadline()
        self._clear_errors()
        self.hint.clear()
        self.responsible_note.clear()
        self._loading = False
        self._dirty = False

    def start_new(self, prefill: register.SupervisionInput | None = None, *, focus: bool = True,
                  instruction_id: int | None = None) -> None:
        self.item_id = self.detail = None
        self._instruction_id = instruction_id
        blank = register.SupervisionInput(task="", lead_department="", assigned_by="", deadline=None)
        self._fill(prefill or blank)
        if prefill is None:
            self.deadline_mode.setCurrentText(BY_WORKDAYS)
            self._dirty = False
        self.heading.setText("督办立项")
        self.links.clear()
        self._set_editable(actions.may_create(self.ctx.principal))
        if focus:
            self.task.setFocus()

    def show_nothing(self) -> None:
        self.start_new(focus=False)
        self.heading.setText("未选择")
        self._set_editable(False)
        self.hint.setText("在登记簿中选择一项督办，或按 Ctrl+N 立项。")

    def load(self, item_id: int, detail: SupervisionDetail) -> None:
        self.item_id, self.detail = item_id, detail
        self._instruction_id = None
        self._fill(register.SupervisionInput(
            task=detail.task, lead_department=detail.lead_department, assigned_by=detail.assigned_by,
            source=detail.source, source_detail=detail.source_detail, instruction=detail.instruction,
            assisting_departments=detail.assisting_departments, responsible=detail.responsible,
            assigned_on=detail.assigned_on, deadline=None if detail.deadline_workdays else detail.deadline,
            deadline_workdays=detail.deadline_workdays, requirement=detail.requirement, priority=detail.priority,
            report_cycle=detail.report_cycle))
        self.heading.setText(f"督办 {detail.number}（{detail.status}）")
        self.links.setText(links_html(detail))
        editable = actions.EDIT in detail.plan.actions
        self._set_editable(editable)
        if not editable:
            who = self.ctx.principal
            if detail.stage != "进行中":
                self.hint.setText(f"该事项{detail.stage}，不能再修改。")
            elif who is not None and not who.may("edit"):
                self.hint.setText(f"{who.name}（{who.role}）可以查看，不能修改督办事项。")
        elif detail.reports or detail.reminders or detail.extensions:
            self.hint.setText("已有进展、催办或延期记录：办理时限不能再改，请在“办理”页申请延期。")
        if editable and detail.responsible:
            self._check_responsible()

    def _set_editable(self, editable: bool) -> None:
        for w in (self.source, self.source_detail, self.assigned_by, self.lead_department,
                  self.assisting_departments, self.responsible, self.assigned_on, self.deadline_mode,
                  self.deadline, self.workdays, self.requirement, self.priority, self.report_cycle):
            w.setEnabled(editable)
        for box in (self.task, self.instruction):
            box.setReadOnly(not editable)
        self.save_button.setEnabled(editable)
        self.revert_button.setEnabled(editable)

    def data(self) -> register.SupervisionInput:
        mode = self.deadline_mode.currentText()
        return register.SupervisionInput(
            task=self.task.toPlainText(), lead_department=self.lead_department.text(),
            assigned_by=self.assigned_by.text(), source=self.source.currentText(),
            source_detail=self.source_detail.text(), instruction=self.instruction.toPlainText(),
            assisting_departments=self.assisting_departments.text(), responsible=self.responsible.text(),
            assigned_on=self.assigned_on.date().toPython(),
            deadline=self.deadline.date().toPython() if mode == BY_DATE else None,
            deadline_workdays=self.workdays.value() if mode == BY_WORKDAYS else None,
            requirement=self.requirement.text(), priority=self.priority.currentText(),
            report_cycle=self.report_cycle.currentData() or "")

    # --- saving ----------------------------------------------------------------------

    def _clear_errors(self) -> None:
        for note in self.errors.values():
            note.clear()
            note.hide()
        self.add_button.hide()

    def show_error(self, exc: ServiceError) -> None:
        note = self.errors.get(exc.field or "")
        if note is None:
            Messages.error(self, exc.message)
            return
        note.setText(exc.message)
        note.show()
        if isinstance(exc, UnknownNamesError):
            self.add_button.show()

    def save(self, add_to_directory: bool = False) -> bool:
        if not self.save_button.isEnabled():
            return False
        self._clear_errors()
        data, item_id, actor, instruction_id = self.data(), self.item_id, self.ctx.actor, self._instruction_id
        changes = {SUPERVISION, REFERENCE} if add_to_directory else {SUPERVISION}
        if item_id is not None:
            result = self.ctx.ops.run(lambda s: register.update_item(s, item_id, data, actor,
                                                                    add_to_directory=add_to_directory),
                                      changes, parent=self, on_error=self.show_error)
        elif instruction_id is not None:
            result = self.ctx.ops.run(lambda s: register.create_from_instruction(
                s, instruction_id, data, actor, add_to_directory=add_to_directory), changes | {INCOMING},
                parent=self, on_error=self.show_error)
        else:
            result = self.ctx.ops.run(lambda s: register.create_item(s, data, actor, add_to_directory=add_to_directory),
                                      changes, parent=self, on_error=self.show_error)
        if not result.ok:
            return False  # the typing stays, the error beside its field
        saved_id = item_id if item_id is not None else result.value
        assert saved_id is not None
        self._dirty = False
        self.saved.emit(saved_id)
        return True

    def escape(self) -> None:
        if self._dirty:
            self.revert()
        else:
            self.leave.emit()

    def revert(self) -> None:
        if self.item_id is None or self.detail is None:
            if self._dirty and not Messages.confirm(self, "放弃正在填写的督办立项？"):
                return
            self.start_new()
        else:
            self.load(self.item_id, self.detail)

    def _link(self, href: str) -> None:
        kind, _, ident = href.partition(":")
        if ident.isdigit():
            self.open_record.emit(kind, int(ident))

