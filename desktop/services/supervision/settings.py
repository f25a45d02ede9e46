"""督办's one setting: how many working days before its deadline an item counts as 临期."""
from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Setting
from desktop.services.errors import ServiceError
from desktop.services.supervision.query import due_soon_days
from desktop.services.supervision.status import DUE_SOON_SETTING

MAX_DUE_SOON = 30


def get_due_soon_days(session: Session) -> int:
    return due_soon_days(session)


def set_due_soon_days(session: Session, days: int) -> int:
    """Store N (0..30 working days); only the 主任 may (settings are guarded at flush)."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DUE_SOON:
        raise ServiceError(f"临期天数应为 0 到 {MAX_DUE_SOON} 之间的整数（工作日）。", field="due_soon_days")
    row = session.get(Setting, DUE_SOON_SETTING)
    if row is None:
        session.add(Setting(key=DUE_SOON_SETTING, value=str(days)))
    else:
        row.value = str(days)
    session.flush()
    return days
