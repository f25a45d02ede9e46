"""Creating and upgrading the schema, only through Alembic migrations.

Alembic is imported only when the file is not already at HEAD, so opening an up-to-date
database at start-up costs one small query (tests check HEAD matches the scripts).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from db.paths import SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = SCHEMA_HEAD


class SchemaTooNewError(Exception):
    """The file was written by a newer version of the program."""


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:  # no alembic_version table: an empty file
            return None


def _known(rev: str) -> bool:
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(rev) is not None
    except Exception:
        return False


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the file to ``target``; refuse (touching nothing) a file from a newer program."""
    current = current_revision(engine)
    if target == "head" and current == HEAD:
        return
    if current is not None and not _known(current):
        raise SchemaTooNewError(
            f"此数据库由更新版本的院办通创建（架构版本 {current}），当前程序无法打开。"
            "请升级院办通；数据库未作任何修改。"
        )
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
