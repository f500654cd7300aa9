"""Open the workspace store: a SQLite file by default, PostgreSQL + PostGIS by URL.

Every write is one transaction. SQLite runs in WAL mode and writers take the write lock when
they begin (`BEGIN IMMEDIATE`), so two writers queue instead of failing half-way; on
PostgreSQL writers queue on the `revision_counter` row. A file that is not a workspace (another
program's database, a damaged file, anything else) is refused with a message and never written.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import event

from coverage.data.dataset import REPO_ROOT
from coverage.errors import CoverageError
from coverage.store import tables as tb

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

DEFAULT_STORE_FILE = REPO_ROOT / "data" / "workspace.sqlite"
"""The embedded store used when neither `--store` nor $DIGITUKI_STORE names one (git-ignored)."""

SQLITE_BUSY_TIMEOUT_S = 60.0
"""How long a writer waits for another writer's transaction before giving up, seconds."""

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_SQLITE_HEADER = b"SQLite format 3\x00"
_PG_ADVISORY_LOCK = 0x44475455  # serialises first-time schema creation between processes
_POSTGIS_TABLES = frozenset({"spatial_ref_sys"})


class StoreError(CoverageError):
    """The store cannot be opened or the operation is not allowed; the message says why."""


class ForeignStoreError(StoreError):
    """The database exists but is not a workspace of this program (or is damaged)."""


class PermissionDeniedError(StoreError):
    """The user may not change providers of that area."""


class ConflictError(StoreError):
    """Someone else changed the record since it was read; nothing was overwritten."""

    def __init__(self, message: str, *, current: dict, proposed: dict) -> None:
        super().__init__(message)
        self.current = current
        self.proposed = proposed


def store_url(url: str | None = None) -> str:
    """Return the store URL: `url`, else $DIGITUKI_STORE, else the default SQLite file."""
    chosen = url or os.environ.get("DIGITUKI_STORE")
    if chosen:
        return chosen
    return f"sqlite:///{DEFAULT_STORE_FILE}"


def local_actor() -> str:
    """Return who is working when no login is configured: $DIGITUKI_USER or local:<os user>."""
    return os.environ.get("DIGITUKI_USER") or f"local:{getpass.getuser()}"


def utc(value: datetime) -> datetime:
    """Return `value` as an aware UTC time (SQLite hands back naive UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an intact workspace; never open it for writing."""
    if not path.exists() or path.stat().st_size == 0:
        return
    advice = (
        "It was left untouched; move it away or name another store with --store / $DIGITUKI_STORE."
    )
    with path.open("rb") as fh:
        head = fh.read(len(_SQLITE_HEADER))
    if head != _SQLITE_HEADER:
        msg = f"{path} is not a SQLite database (damaged, or another kind of file). {advice}"
        raise ForeignStoreError(msg)
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            check = con.execute("PRAGMA quick_check").fetchone()[0]
            app = None
            if "workspace_meta" in names:
                row = con.execute(
                    "SELECT value FROM workspace_meta WHERE key='application'"
                ).fetchone()
                app = row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        msg = f"{path} is a damaged SQLite database ({exc}). {advice}"
        raise ForeignStoreError(msg) from exc
    if check != "ok":
        msg = f"{path} is a damaged SQLite database (integrity check: {check}). {advice}"
        raise ForeignStoreError(msg)
    if names and app != tb.APPLICATION:
        shown = ", ".join(sorted(names)[:5])
        msg = (
            f"{path} is another program's database (tables {shown}), "
            f"not a Digituki workspace. {advice}"
        )
        raise ForeignStoreError(msg)


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    path = Path(url.database or "")
    if not url.database or url.database == ":memory:":
        msg = "the store needs a file (sqlite:///path/workspace.sqlite), not an in-memory database"
        raise StoreError(msg)
    _check_sqlite_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("store_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engine(url: str) -> sa.Engine:
    """Return an engine for `url` (SQLite file checked first; PostgreSQL pinged)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.get_backend_name() == "postgresql":
        return sa.create_engine(parsed, pool_pre_ping=True)
    msg = f"store {parsed.render_as_string(hide_password=True)}: use sqlite:///FILE or postgresql://..."
    raise StoreError(msg)


@dataclass
class Store:
    """An open workspace: the provider register, scenarios and the run log.

    `actor` is who makes the changes (the app's login, or `local_actor()`); `membership`
    (kunta_code + division columns, from the dataset) lets the store check editors' areas.
    """

    url: str
    engine: sa.Engine
    actor: str
    clock: Callable[[], datetime] = _now
    membership: object | None = None

    @property
    def dialect(self) -> str:
        """Return "sqlite" or "postgresql"."""
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """Yield a connection in a read transaction (one consistent snapshot)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """Yield a connection in a write transaction: all of it is kept, or none of it."""
        with self.engine.connect() as plain:
            conn = plain.execution_options(store_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def changeset(self, action: str, note: str = "") -> Iterator[Changeset]:
        """Yield a new register revision inside a write transaction (gapless, commit order)."""
        with self.transaction() as conn:
            revision = conn.execute(
                sa.update(tb.revision_counter)
                .where(tb.revision_counter.c.id == 1)
                .values(revision=tb.revision_counter.c.revision + 1)
                .returning(tb.revision_counter.c.revision)
            ).scalar_one()
            at = self.clock()
            conn.execute(
                sa.insert(tb.changesets).values(
                    id=revision, at=at, actor=self.actor, action=action, note=note, n_changes=0
                )
            )
            cs = Changeset(conn=conn, revision=revision, at=utc(at), action=action)
            yield cs
            conn.execute(
                sa.update(tb.changesets)
                .where(tb.changesets.c.id == revision)
                .values(n_changes=cs.n_changes, action=cs.action)
            )

    def revision(self) -> int:
        """Return the register's latest revision (0 before the first change)."""
        with self.read() as conn:
            return int(conn.execute(sa.select(tb.revision_counter.c.revision)).scalar_one())

    def dispose(self) -> None:
        """Close the store's connections."""
        self.engine.dispose()


@dataclass
class Changeset:
    """One register revision being written: its connection, number and time."""

    conn: sa.Connection
    revision: int
    at: datetime
    action: str
    n_changes: int = 0


def _alembic_config(conn: sa.Connection):  # noqa: ANN202
    from alembic.config import Config  # noqa: PLC0415

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def schema_head() -> str:
    """Return the newest schema version this program knows."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    cfg = _alembic_config(None)  # type: ignore[arg-type]
    return str(ScriptDirectory.from_config(cfg).get_current_head())


def schema_version(conn: sa.Connection) -> str | None:
    """Return the schema version recorded in the database (None if not a workspace yet)."""
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    return MigrationContext.configure(conn).get_current_revision()


def _up_to_date(engine: sa.Engine) -> bool:
    """Return whether the database is a workspace at this program's schema version."""
    with engine.connect() as conn, conn.begin():
        if "workspace_meta" not in sa.inspect(conn).get_table_names():
            return False
        app = conn.execute(
            sa.select(tb.workspace_meta.c.value).where(tb.workspace_meta.c.key == "application")
        ).scalar()
        return app == tb.APPLICATION and schema_version(conn) == schema_head()


def _migrate(engine: sa.Engine, clock: Callable[[], datetime], actor: str) -> None:
    """Create or upgrade the schema in one transaction; refuse foreign or newer databases."""
    from alembic import command  # noqa: PLC0415
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    if _up_to_date(engine):
        return  # the usual case: a read, so opening never waits for another writer
    with engine.connect() as plain:
        conn = plain.execution_options(store_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_ADVISORY_LOCK})
            names = set(sa.inspect(conn).get_table_names()) - _POSTGIS_TABLES
            where = engine.url.render_as_string(hide_password=True)
            if names and "workspace_meta" not in names:
                shown = ", ".join(sorted(names)[:5])
                msg = (
                    f"{where} holds another program's tables ({shown}), not a Digituki workspace; "
                    "it was left untouched. Name an empty database with --store / $DIGITUKI_STORE."
                )
                raise ForeignStoreError(msg)
            cfg = _alembic_config(conn)
            current = schema_version(conn)
            known = {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
            if current is not None and current not in known:
                msg = (
                    f"{where} has schema version {current}, made by a newer version of this "
                    "program; it was left untouched. Update the program."
                )
                raise StoreError(msg)
            if current != schema_head():
                command.upgrade(cfg, "head")
            meta = dict(
                conn.execute(sa.select(tb.workspace_meta.c.key, tb.workspace_meta.c.value)).all()
            )
            if not meta:
                conn.execute(
                    sa.insert(tb.workspace_meta),
                    [
                        {"key": "application", "value": tb.APPLICATION},
                        {"key": "created_at", "value": utc(clock()).isoformat()},
                        {"key": "created_by", "value": actor},
                    ],
                )
                conn.execute(sa.insert(tb.revision_counter).values(id=1, revision=0))
                if engine.dialect.name == "sqlite":
                    conn.exec_driver_sql(f"PRAGMA application_id = {tb.SQLITE_APPLICATION_ID}")
            elif meta.get("application") != tb.APPLICATION:
                msg = f"{where} is not a Digituki workspace; it was left untouched."
                raise ForeignStoreError(msg)


def open_store(
    url: str | None = None,
    *,
    actor: str | None = None,
    clock: Callable[[], datetime] | None = None,
    membership: object | None = None,
) -> Store:
    """Open (creating or upgrading when needed) the workspace at `url` (see `store_url`).

    Raises
    ------
    ForeignStoreError
        If the database belongs to another program or is damaged (it is not changed).
    StoreError
        If the server cannot be reached or the schema is newer than this program.
    """
    resolved = store_url(url)
    engine = make_engine(resolved)
    clock = clock or _now
    actor = actor or local_actor()
    try:
        _migrate(engine, clock, actor)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        where = sa.make_url(resolved).render_as_string(hide_password=True)
        msg = f"cannot open the store {where}: {exc.orig}"
        raise StoreError(msg) from exc
    except BaseException:
        engine.dispose()
        raise
    return Store(url=resolved, engine=engine, actor=actor, clock=clock, membership=membership)
