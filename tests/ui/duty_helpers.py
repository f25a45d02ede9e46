"""A small duty office for the 值班 GUI tests: 4 leaders (带班领导) and 10 cadres (总值班)."""
from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services import reference
from desktop.services.duty import setup

LEADERS = ("赵院长", "钱书记", "孙副院长", "李副院长")
CADRES = ("周明", "吴芳", "郑强", "王磊", "冯敏", "陈静", "褚涛", "卫军", "蒋丽", "沈洋")


def fill_office(store) -> None:
    with store.write() as s:
        reference.save_department(s, reference.DepartmentRow(name="院领导", kind="院领导"))
        reference.save_department(s, reference.DepartmentRow(name="医务部"))
        for i, name in enumerate(LEADERS):
            reference.save_staff(s, reference.StaffRow(name=name, department="院领导", phone=f"1380000000{i}",
                                                       roles=("院领导", "带班领导")))
        for i, name in enumerate(CADRES):
            reference.save_staff(s, reference.StaffRow(name=name, department="医务部", phone=f"1390000000{i}",
                                                       roles=("总值班",)))
        setup.seed_pools_from_directory(s)


def type_text(widget, text: str) -> None:
    """Chinese arrives from the input method as a commit string, as a real IME sends it."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def visible(view, row: int, column: int) -> str:
    return view.model().index(row, column).data() or ""


def column_of(view, header: str) -> int:
    model = view.model()
    return next(c for c in range(model.columnCount()) if model.headerData(c, _h()) == header)


def row_of(view, column: int, text: str) -> int:
    model = view.model()
    return next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)


def _h():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
