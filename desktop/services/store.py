"""The open office database: engine, sessions, and the folder of attached files."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_session_factory, unit_of_work
from db.schema import upgrade
from desktop.locations import resolve_database_path


@dataclass
class Store:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def files_dir(self) -> Path:
        """Attachments live beside the database, so a copied folder keeps them."""
        return self.path.with_name(self.path.name + ".files")

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE), committed on success."""
        with unit_of_work(self.sessions) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path | str | None = None, *, create: bool = True) -> Store:
    """Validate, open and migrate the database. Raises DatabaseFileError / SchemaTooNewError."""
    path = resolve_database_path(path, create=create)
    engine = make_engine(path)
    try:
        upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(path=path, engine=engine, sessions=make_session_factory(engine))
