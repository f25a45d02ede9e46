"""Roles, permissions and the signed-in user, without SQLAlchemy (the window's sign-in path).

services.users holds the accounts and the checks that need a session; this module is what
must be cheap: the Principal, the role table, password hashing, and a read-only password
check on the register's plain reader, so signing in does not load the ORM before the first
rows are painted.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.services.errors import ServiceError
from desktop.services.incoming.vocab import SECRECY_LEVELS

if TYPE_CHECKING:
    import sqlite3

    from argon2 import PasswordHasher

ROLES = ("主任", "文书", "领导", "只读")
SECRECY_ORDER = SECRECY_LEVELS  # lowest first

# permission -> the roles that have it
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),
    "edit": frozenset({"主任", "文书"}),  # register, correct, handle, attach, import
    "instruct": frozenset({"主任", "文书", "领导"}),  # record a leader's 批示
    "approve": frozenset({"主任"}),  # extensions, 审结
    "cancel": frozenset({"主任"}),  # 作废: a number given up for good
    "settings": frozenset({"主任"}),  # directory, formats, users, restore
}
PERMISSION_NAMES = {"read": "查看", "edit": "登记和办理", "instruct": "记录批示", "approve": "审批",
                    "cancel": "作废编号", "settings": "修改设置"}

MIN_PASSWORD = 8
FREE_TRIES = 3  # wrong passwords before the delay starts
BASE_DELAY_S = 30  # then 30 s, 60 s, 120 s … up to MAX_DELAY_S
MAX_DELAY_S = 15 * 60


class PermissionDenied(ServiceError):
    pass


@dataclass(frozen=True)
class Principal:
    """The signed-in user, as rules see them."""

    name: str
    role: str
    clearance: str

    def may(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]

    def cleared_for(self, secrecy: str) -> bool:
        return _level(secrecy) <= _level(self.clearance)

    @property
    def visible_secrecy(self) -> tuple[str, ...]:
        """The 密级 this user may see, for SQL filters."""
        return SECRECY_ORDER[: _level(self.clearance) + 1]


SYSTEM = Principal("系统", "主任", "绝密")  # the program itself: demo data, migrations


def _level(secrecy: str) -> int:
    return SECRECY_ORDER.index(secrecy) if secrecy in SECRECY_ORDER else 0



def hasher() -> PasswordHasher:
    """argon2id with OWASP's parameters (19 MiB, 2 passes): memory-hard, ~25 ms a check, and
    unlike bcrypt it takes long passwords (bcrypt cuts at 72 bytes: 24 Chinese characters).
    Stored hashes carry their own parameters, so older ones still verify."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def check_on_reader(reader: sqlite3.Connection, name: str, password: str) -> Principal | None:
    """The user, if the password is right and nothing needs writing (no wrong tries to reset,
    no delay running); None otherwise: the caller then signs in through the store, which
    counts and delays. Reads only."""
    from argon2.exceptions import VerificationError

    row = reader.execute("SELECT role, clearance, password_hash, active, failed, locked_until FROM users"
                         " WHERE name = ?", ((name or "").strip(),)).fetchone()
    if row is None or not row[3] or row[4] or row[5] is not None:
        return None
    try:
        hasher().verify(row[2], password or "")
    except VerificationError:
        return None
    return Principal((name or "").strip(), row[0], row[1])


def has_accounts(reader: sqlite3.Connection) -> bool:
    return reader.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0] == 1
