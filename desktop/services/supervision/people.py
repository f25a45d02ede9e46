"""Names for the 督办 form from the directory (设置 → 科室与人员), and the 责任人 rule.

The 交办领导 and the 主办/协办科室 must be in the directory (register.validate refuses
others, with 新增到目录). The 责任人 is completed from the people of the 主办科室 but may be
anyone typed: departments' staff are often not all in the office's directory, and an
office would rather record the name the department gave than refuse it. A 停用 person is
refused (they left); a name the directory does not hold, or holds in another department,
is saved with a warning beside the field (responsible_warning).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from desktop.services import reference
from desktop.services.errors import ServiceError


@dataclass(frozen=True)
class Choices:
    departments: list[str]
    leaders: list[str]  # 院领导 first, then everyone (a 交办领导 may be the 主任 too)
    people: dict[str, list[str]] = field(default_factory=dict)  # department -> its active people
    everyone: list[str] = field(default_factory=list)

    def people_of(self, department: str) -> list[str]:
        """The department's people first, then everyone else (still completable)."""
        own = self.people.get(department.strip(), [])
        return list(dict.fromkeys([*own, *self.everyone]))


def choices(session: Session) -> Choices:
    staff = reference.list_staff(session)
    people: dict[str, list[str]] = {}
    for row in staff:
        people.setdefault(row.department, []).append(row.name)
    leaders = reference.staff_names(session, "院领导")
    everyone = [row.name for row in staff]
    return Choices(reference.department_names(session), list(dict.fromkeys([*leaders, *everyone])), people, everyone)


def check_responsible(session: Session, name: str) -> None:
    """Refuse a 停用 person as 责任人; anyone else may be typed."""
    name = (name or "").strip()
    if not name:
        return
    rows = [r for r in reference.list_staff(session, include_inactive=True) if r.name == name]
    if rows and not any(r.active for r in rows):
        raise ServiceError(f"人员“{name}”已停用，请选择其他责任人。", field="responsible")


def responsible_warning(session: Session, name: str, department: str) -> str:
    """A note beside the 责任人 when the name is not one of the department's people ('' if it is)."""
    name, department = (name or "").strip(), (department or "").strip()
    if not name:
        return ""
    rows = [r for r in reference.list_staff(session) if r.name == name]
    if not rows:
        return f"“{name}”不在人员目录中（已照填；可在 设置 → 科室与人员 中补充）。"
    if department and all(r.department != department for r in rows):
        where = "、".join(dict.fromkeys(r.department or "未填科室" for r in rows))
        return f"人员目录中“{name}”属于{where}，不是{department}的人员。"
    return ""
