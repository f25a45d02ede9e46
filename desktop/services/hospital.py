"""单位名称: the hospital's name, stored with the data and printed on every form and report."""
from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Setting
from desktop.services.errors import ServiceError

HOSPITAL_NAME_KEY = "hospital_name"
MAX_LENGTH = 40


def hospital_name(session: Session) -> str:
    """The 单位名称, or "" when none has been given yet (the window then asks for it)."""
    row = session.get(Setting, HOSPITAL_NAME_KEY)
    return row.value if row is not None else ""


def set_hospital_name(session: Session, name: str) -> str:
    """Store the 单位名称 (spaces trimmed); an empty or overlong name is refused."""
    name = " ".join(name.split())
    if not name:
        raise ServiceError("单位名称不能为空。", field="hospital_name")
    if len(name) > MAX_LENGTH:
        raise ServiceError(f"单位名称过长（最多 {MAX_LENGTH} 个字）。", field="hospital_name")
    row = session.get(Setting, HOSPITAL_NAME_KEY)
    if row is None:
        session.add(Setting(key=HOSPITAL_NAME_KEY, value=name))
    else:
        row.value = name
    session.flush()
    return name
