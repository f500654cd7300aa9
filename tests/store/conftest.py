"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL + PostGIS server.

The PostgreSQL server is a throw-away cluster this session starts on 127.0.0.1 (Debian's
postgresql-15 and postgresql-15-postgis-3; `./test.sh` installs them) and removes at the end.
When it cannot be started the PostgreSQL cases fail under CI=true and are skipped otherwise,
with the reason in the skip message and in the summary at the end of the run.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from coverage.store import open_store

_counter = itertools.count()
_pg_problem: list[str] = []


def _pg_bin() -> Path | None:
    found = sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda p: (not p.startswith("/usr/lib/postgresql/15/"), p),
    )
    return Path(found[0]) if found and (Path(found[0]) / "initdb").exists() else None


def _free_port() -> int:
    wanted = os.environ.get("DIGITUKI_TEST_PG_PORT")
    if wanted:
        return int(wanted)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as_postgres(cmd: list[str]) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:  # the server refuses to run as root
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)  # noqa: S603


class PgCluster:
    """A PostgreSQL cluster in a temporary directory, with a PostGIS template database."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        if self.bin is None:
            msg = (
                "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): "
                "apt-get install postgresql-15 postgresql-15-postgis-3 (./test.sh does it as root)"
            )
            raise RuntimeError(msg)
        self.dir = Path(tempfile.mkdtemp(prefix="digituki-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.port = _free_port()
        self.data = self.dir / "db"
        self.started = False

    def start(self) -> None:
        out = _run_as_postgres(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--encoding",
                "UTF8",
                "--no-sync",
            ]
        )
        if out.returncode:
            msg = f"initdb failed: {out.stderr.strip()[-500:]}"
            raise RuntimeError(msg)
        out = _run_as_postgres(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                f"-k {self.dir} -h 127.0.0.1 -p {self.port} -c fsync=off",
                "-l",
                str(self.dir / "log"),
                "-w",
                "start",
            ]
        )
        if out.returncode:
            log = (
                (self.dir / "log").read_text(errors="replace")[-500:]
                if (self.dir / "log").exists()
                else ""
            )
            msg = f"pg_ctl start failed: {out.stderr.strip()[-300:]} {log}"
            raise RuntimeError(msg)
        self.started = True
        import psycopg2  # noqa: PLC0415

        con = psycopg2.connect(self.dsn("postgres"))
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute("CREATE DATABASE template_gis")
        con.close()
        con = psycopg2.connect(self.dsn("template_gis"))
        con.autocommit = True
        with con.cursor() as cur:
            try:
                cur.execute("CREATE EXTENSION postgis")
            except psycopg2.Error as exc:
                raise RuntimeError(f"PostGIS not available: {exc}".strip()) from exc
        con.close()

    def dsn(self, db: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def new_database(self) -> str:
        import psycopg2  # noqa: PLC0415

        name = f"t{os.getpid()}_{next(_counter)}"
        con = psycopg2.connect(self.dsn("postgres"))
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(f"CREATE DATABASE {name} TEMPLATE template_gis")
        con.close()
        return self.dsn(name).replace("postgresql://", "postgresql+psycopg2://")

    def stop(self) -> None:
        if self.started:
            _run_as_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
            )
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = None
    try:
        cluster = PgCluster()
        cluster.start()
    except Exception as exc:
        if cluster is not None:
            cluster.stop()
        reason = f"PostgreSQL store tests NOT RUN: {exc}"
        _pg_problem.append(reason)
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A fresh, empty store URL: a SQLite file, or a new database on the session's server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ws.sqlite'}"
    return request.getfixturevalue("pg_cluster").new_database()


def pytest_terminal_summary(terminalreporter) -> None:
    for reason in dict.fromkeys(_pg_problem):
        terminalreporter.write_line(reason, red=True, bold=True)


@contextlib.contextmanager
def opened(url: str, **kwargs):
    store = open_store(url, **kwargs)
    try:
        yield store
    finally:
        store.dispose()
