"""Names a 收文 is handled by come from the directory (设置 → 科室与人员).

A name typed that the directory does not hold ("火星科") is refused with
UnknownNamesError, which the panel shows beside the field with a 新增到目录 choice;
only when the user takes it (``add=True``) is the name added, through the
reference service, in the same transaction as the action.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Department, Staff
from desktop.services import reference
from desktop.services.errors import ServiceError

DEPARTMENTS = "departments"
STAFF = "staff"
_WHAT = {DEPARTMENTS: "科室", STAFF: "人员"}


class UnknownNamesError(ServiceError):
    """Names not in the directory; ``kind`` is DEPARTMENTS or STAFF."""

    def __init__(self, kind: str, names: list[str], field: str) -> None:
        quoted = "、".join(f"“{n}”" for n in names)
        super().__init__(f"{quoted}不在{_WHAT[kind]}目录中；请从列表中选择，或点“新增到目录”。", field=field)
        self.kind = kind
        self.names = names


def _stored(session: Session, kind: str, names: list[str]) -> dict[str, bool]:
    """name → active, for the names the directory holds (active or not)."""
    model = Department if kind == DEPARTMENTS else Staff
    rows = session.execute(select(model.name, model.active).where(model.name.in_(names)))
    return {name: bool(active) for name, active in rows}


def require_known(session: Session, kind: str, names: list[str], field: str, *, add: bool = False) -> None:
    """Refuse names not in the directory, unless ``add``: then add them (a 停用 one stays refused)."""
    stored = _stored(session, kind, names)
    retired = [n for n in names if stored.get(n) is False]
    if retired:
        raise ServiceError(f"{_WHAT[kind]}“{retired[0]}”已停用，请选择其他{_WHAT[kind]}。", field=field)
    unknown = [n for n in names if n not in stored]
    if not unknown:
        return
    if not add:
        raise UnknownNamesError(kind, unknown, field)
    for name in unknown:
        if kind == DEPARTMENTS:
            reference.save_department(session, reference.DepartmentRow(name=name))
        else:
            reference.save_staff(session, reference.StaffRow(name=name))


def choices(session: Session) -> tuple[list[str], list[str], list[str]]:
    """(departments, leaders, everyone) for completion: active names in directory order;
    院领导 first among the people, since they give 批示 and read 传阅."""
    leaders = reference.staff_names(session, "院领导")
    everyone = list(dict.fromkeys([*leaders, *reference.staff_names(session)]))
    return reference.department_names(session), leaders, everyone
