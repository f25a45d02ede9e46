"""Creating and upgrading the schema, only through Alembic migrations.

Alembic is imported only when the file is not already at HEAD, so opening an up-to-date
database costs nothing here (tests check HEAD matches the scripts).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from db.engine import writer
from db.paths import SCHEMA_HEAD, SchemaTooNewError, storage_error, too_new  # noqa: F401

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = SCHEMA_HEAD


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
    """The file's revision; None for a file with no version table yet. A locked or
    damaged file is reported as such (DatabaseFileError), never taken for an empty one."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as exc:
        if "no such table" in str(exc.orig):
            return None
        raise storage_error(None, exc) from None


def known(revision: str) -> bool:
    """Whether this program's migrations know ``revision`` (else a newer program wrote it)."""
    if revision == HEAD:
        return True
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the file to ``target``; refuse (touching nothing) a file from a newer program."""
    current = current_revision(engine)
    if target == "head" and current == HEAD:
        return
    if current is not None and not known(current):
        raise too_new(Path(engine.url.database or ""), current)
    from alembic import command

    cfg = alembic_config(engine)
    with writer(engine).begin() as conn:  # the write lock: two programs never migrate at once
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
