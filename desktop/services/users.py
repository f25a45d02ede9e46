"""Users, roles and 密级 clearance: who may do what, checked in services, not only in the UI.

Roles (the office's own): 主任 may do everything, settings and approvals included; 文书
registers and handles documents but cannot approve, 审结 or cancel numbers (作废); 领导
reads and records 批示; 只读 reads. Every user is cleared up to one 密级.

The signed-in user rides on the session (``session.info["principal"]``, set by
Store.read/write); services ask ``require(session, permission)``. A session with no user
is the program itself (migrations, demo data, tests of rules), which may do anything.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import event, func, select

from db.models import User
from desktop.services import clock
from desktop.services.errors import ServiceError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.services.store import Store

# Roles, permissions and the signed-in user live in services.roles (light: no SQLAlchemy),
# so the window can sign in before the ORM is loaded.
from desktop.services.roles import (  # noqa: E402
    BASE_DELAY_S,
    FREE_TRIES,
    MAX_DELAY_S,
    MIN_PASSWORD,
    PERMISSION_NAMES,
    ROLES,
    SECRECY_ORDER,
    SYSTEM,
    PermissionDenied,
    Principal,
    hasher,
)


def principal_of(session: Session) -> Principal:
    return session.info.get("principal") or SYSTEM


def require(session: Session, permission: str) -> Principal:
    """The signed-in user if they may; PermissionDenied (a Chinese message) if not."""
    who = principal_of(session)
    if not who.may(permission):
        raise PermissionDenied(f"{who.name}（{who.role}）没有“{PERMISSION_NAMES[permission]}”的权限。")
    return who


def require_cleared(session: Session, secrecy: str, what: str) -> None:
    who = principal_of(session)
    if not who.cleared_for(secrecy):
        raise PermissionDenied(f"{what}为{secrecy}件，{who.name}无权查看。")


# Reference data, settings and accounts change only with "settings" (the 主任): checked once,
# when any session flushes, so no save function can forget it. Records are checked in
# records.record_event, by action.
GUARDED_MODELS = ("Department", "Staff", "Organisation", "Setting", "User", "OutgoingCode")


def guard(session_class: type[Session]) -> None:
    """Install the flush-time check on the store's write sessions (a class, once: see
    services.audit.install for why not on each sessionmaker)."""
    if not event.contains(session_class, "before_flush", _check_flush):
        event.listen(session_class, "before_flush", _check_flush)


def _check_flush(session: Session, _context: object, _instances: object) -> None:
    if "principal" not in session.info:
        return  # the program itself, or a sign-in attempt counting wrong passwords
    changed = {type(obj).__name__ for obj in (*session.new, *session.dirty, *session.deleted)
               if session.is_modified(obj) or obj in session.new or obj in session.deleted}
    if changed & set(GUARDED_MODELS):
        require(session, "settings")


# --- accounts -------------------------------------------------------------------------------


_hasher = hasher


def _check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise ServiceError(f"密码至少 {MIN_PASSWORD} 个字符。", field="password")
    return password


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写用户名。", field="name")
    if len(name) > 50:
        raise ServiceError("用户名不能超过 50 个字。", field="name")
    return name


def _check_choice(value: str, allowed: tuple[str, ...], label: str, field: str) -> str:
    if value not in allowed:
        raise ServiceError(f"{label}须为：{'、'.join(allowed)}。", field=field)
    return value


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def create_first_director(session: Session, name: str, password: str) -> Principal:
    """The first account of a database: a 主任, cleared for everything. Only while there is none."""
    if has_users(session):
        raise PermissionDenied("此数据库已有账户，请登录。")
    return _create(session, name, "主任", "绝密", password)


def create_user(session: Session, name: str, role: str, clearance: str, password: str) -> Principal:
    require(session, "settings")
    if session.scalar(select(User).where(User.name == (name or "").strip())) is not None:
        raise ServiceError(f"用户“{name.strip()}”已存在。", field="name")
    return _create(session, name, role, clearance, password)


def _create(session: Session, name: str, role: str, clearance: str, password: str) -> Principal:
    user = User(name=_check_name(name), role=_check_choice(role, ROLES, "角色", "role"),
                clearance=_check_choice(clearance, SECRECY_ORDER, "密级", "clearance"),
                password_hash=_hasher().hash(_check_password(password)), created_at=clock.now())
    session.add(user)
    session.flush()
    return Principal(user.name, user.role, user.clearance)


def sign_in(store: Store, name: str, password: str) -> Principal:
    """Check a password; PermissionDenied if wrong. A right password on an account with no
    wrong tries only reads (sign-in never waits behind another program's write). After
    FREE_TRIES wrong passwords each further try waits longer; the wait is stored, so a
    restart does not lift it."""
    from argon2.exceptions import VerificationError

    name = (name or "").strip()
    now = clock.now()
    with store.read() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is not None and user.locked_until is not None and user.locked_until > now:
            wait = int((user.locked_until - now).total_seconds()) + 1
            raise PermissionDenied(f"密码错误次数过多，请 {wait} 秒后再试。", field="password")
        if user is None or not user.active:
            _hasher().hash(password or "x")  # the same time either way: names are not revealed
            raise PermissionDenied("用户名或密码不对。", field="password")
        try:
            _hasher().verify(user.password_hash, password or "")
        except VerificationError:
            right = False
        else:
            right = True
        who, failed = Principal(user.name, user.role, user.clearance), user.failed
    if right and not failed:
        return who
    with store.write() as session:
        user = session.scalar(select(User).where(User.name == name))
        assert user is not None
        if right:
            user.failed, user.locked_until = 0, None
            return who
        user.failed += 1
        if user.failed >= FREE_TRIES:
            delay = min(BASE_DELAY_S * 2 ** (user.failed - FREE_TRIES), MAX_DELAY_S)
            user.locked_until = now + dt.timedelta(seconds=delay)
    raise PermissionDenied("用户名或密码不对。", field="password")


def change_password(store: Store, name: str, old: str, new: str) -> None:
    """The user's own change: the old password is asked again."""
    _check_password(new)
    sign_in(store, name, old)
    with store.write() as session:
        user = session.scalar(select(User).where(User.name == name))
        assert user is not None
        user.password_hash = _hasher().hash(new)


def reset_password(session: Session, name: str, new: str) -> None:
    """The 主任 sets someone's password (they forgot it); the delay is lifted."""
    require(session, "settings")
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise ServiceError(f"没有用户“{name}”。", field="name")
    user.password_hash = _hasher().hash(_check_password(new))
    user.failed, user.locked_until = 0, None


def list_users(session: Session) -> list[Principal]:
    return [Principal(u.name, u.role, u.clearance)
            for u in session.scalars(select(User).where(User.active).order_by(User.id))]
