"""The open office database: engine, read and write sessions, and the folder of attached files."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db.engine import (
    DatabaseBusyError,
    WriteGate,
    make_engine,
    make_session_factory,
    unit_of_work,
    writer,
)
from db.paths import DatabaseFile, DatabaseFileError, describe_sqlite_error, too_new  # noqa: F401
from db.schema import known, upgrade
from desktop.locations import inspect_path
from desktop.services import audit
from desktop.services.duty.calendar import load_overrides
from desktop.services.errors import ServiceError

if TYPE_CHECKING:
    from desktop.services.users import Principal


class WriteSession(Session):
    """The store's write sessions: checked (directory, settings, accounts are the 主任's:
    services.users.guard), logged (services.audit) and searchable (services.search.sync
    rewrites the search rows of what each flush changed), through listeners on this class."""


def _install_write_listeners() -> None:
    from desktop.services.search import sync
    from desktop.services.users import guard

    guard(WriteSession)
    audit.install(WriteSession)
    sync.install(WriteSession)


class StorageError(ServiceError):
    """The database could not be read or written (locked, full disk, damaged): one Chinese line."""


@dataclass
class Store:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]  # reads: deferred, on the WAL snapshot
    writes: sessionmaker[Session]  # writes: BEGIN IMMEDIATE, bounded wait
    gate: WriteGate = field(default_factory=WriteGate)
    # The signed-in user every session of this store acts as (None: the program itself).
    principal: Principal | None = None

    @property
    def files_dir(self) -> Path:
        """Attachments live beside the database, so a copied folder keeps them."""
        return self.path.with_name(self.path.name + ".files")

    @contextmanager
    def write(self, principal: Principal | None = None, actor: str = "") -> Iterator[Session]:
        """One write transaction, committed on success; storage failures become StorageError.

        ``principal``: the signed-in user, whose permissions services check (None: the
        program itself, e.g. demo data). The history (services.audit) names ``actor``, or
        else the signed-in user, for every change made in it."""
        with _translated(self.path), unit_of_work(self.writes) as session:
            who = principal or self.principal
            _sign(session, who)
            session.info[audit.ACTOR_KEY] = actor or (who.name if who is not None else "")
            yield session

    @contextmanager
    def read(self, principal: Principal | None = None) -> Iterator[Session]:
        """A read transaction: a consistent snapshot that never waits for a writer."""
        with _translated(self.path), unit_of_work(self.sessions) as session:
            _sign(session, principal or self.principal)
            yield session

    def on_wait(self, fn: Callable[[float], None] | None) -> None:
        """Who is told, while a write waits for another program's lock, how long it has waited."""
        self.gate.on_wait = fn

    def close(self) -> None:
        self.engine.dispose()


def _sign(session: Session, principal: Principal | None) -> None:
    if principal is not None:
        session.info["principal"] = principal


@contextmanager
def _translated(path: Path) -> Iterator[None]:
    try:
        yield
    except DatabaseBusyError as exc:
        raise StorageError(exc.message) from None
    except DBAPIError as exc:
        message = describe_sqlite_error(exc, path)
        if message is None:
            raise
        raise StorageError(message) from None


def open_store(path: Path | str | DatabaseFile | None = None, *, create: bool = True) -> Store:
    """Open the database, creating or migrating it when it is ours to change.

    ``path`` may be a DatabaseFile already inspected (the window's start-up path), so the
    file is checked once. Raises DatabaseFileError (incl. SchemaTooNewError) before any
    byte of a file that is not ours, or is newer than us, is written.
    """
    info = path if isinstance(path, DatabaseFile) else _inspected(path, create)
    if info.revision is not None and not known(info.revision):
        raise too_new(info.path, info.revision)
    gate = WriteGate()
    engine = make_engine(info.path, gate)
    try:
        if not info.current:
            upgrade(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseFileError(describe_sqlite_error(exc, info.path) or str(exc)) from None
    except Exception:
        engine.dispose()
        raise
    writes = make_session_factory(writer(engine), WriteSession)
    load_overrides(engine)  # the office's own holiday entries, for every working-day computation
    return Store(path=info.path, engine=engine, sessions=make_session_factory(engine), writes=writes, gate=gate)


def _inspected(path: Path | str | None, create: bool) -> DatabaseFile:
    info, reader = inspect_path(path, create=create)
    if reader is not None:
        reader.close()
    return info


_install_write_listeners()
