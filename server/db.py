"""Engines and migrations: SQLite (embedded file, the default) or PostgreSQL (production)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, select, update
from sqlalchemy.engine import make_url

from server.schema import hub_meta

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE = "waymark_write"


class DatabaseTooNew(RuntimeError):
    """The database was migrated by a newer hub than this one."""


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, full fsync and write transactions that lock early."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _create_owner_only(parsed.database)
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=8
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)


def _create_owner_only(database: str | None) -> None:
    """Make the SQLite file 0600 before SQLite does (it would follow the umask, often 0644);
    its WAL and shared-memory files take the database file's mode."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so BEGIN IMMEDIATE is possible.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged push survives power loss
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write transaction takes the write lock at BEGIN: a deferred one that read first
        # could not upgrade while another writer committed (SQLITE_BUSY without waiting).
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextlib.contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A read-write transaction, committed on normal exit and rolled back on an exception."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextlib.contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


def _alembic_config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the latest schema (creating it if empty); refuse a newer one."""
    with write_tx(engine) as conn:
        config = _alembic_config(conn)
        heads = set(ScriptDirectory.from_config(config).get_heads())
        revisions = set(MigrationContext.configure(conn).get_current_heads())
        if revisions - heads:
            known = set(_all_revisions(config))
            if revisions - known:
                raise DatabaseTooNew(
                    "this hub database was written by a newer waymark-hub; upgrade the hub"
                )
        command.upgrade(config, "head")


def _all_revisions(config: Config) -> list[str]:
    return [rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()]


def epoch(conn: Connection) -> str:
    return str(conn.execute(select(hub_meta.c.value).where(hub_meta.c.key == "epoch")).scalar_one())


def new_epoch(engine: Engine) -> str:
    """Give the hub a new random epoch (after restoring a backup); returns it."""
    value = str(uuid.uuid4())
    with write_tx(engine) as conn:
        conn.execute(update(hub_meta).where(hub_meta.c.key == "epoch").values(value=value))
        conn.execute(
            update(hub_meta)
            .where(hub_meta.c.key == "epoch_started_at")
            .values(value=datetime.now(UTC).isoformat(timespec="seconds"))
        )
    return value
