"""Opening the store: schema by migration, WAL, and refusing what is not a workspace."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
import sqlalchemy as sa

from coverage.store import ForeignStoreError, StoreError, open_store
from coverage.store.db import schema_head, store_url
from tests.store.conftest import opened


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_has_schema_and_revision_zero(store_url):
    with opened(store_url) as store:
        assert store.revision() == 0
        with store.read() as conn:
            names = set(sa.inspect(conn).get_table_names())
            version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        assert {
            "providers",
            "provider_history",
            "changesets",
            "scenarios",
            "run_log",
            "editors",
        } <= names
        assert version == schema_head() == "0001"
    with opened(store_url) as again:  # reopening neither migrates twice nor resets anything
        assert again.revision() == 0


def test_sqlite_is_in_wal_mode_and_marked(tmp_path):
    path = tmp_path / "ws.sqlite"
    with opened(f"sqlite:///{path}"):
        pass
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x44475455
    con.close()


def test_postgis_geometry_column(pg_cluster):
    url = pg_cluster.new_database()
    with opened(url) as store:
        with store.read() as conn:
            row = conn.execute(
                sa.text("SELECT type, srid FROM geometry_columns WHERE f_table_name = 'providers'")
            ).one()
        assert tuple(row) == ("POINT", 3067)


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.execute("INSERT INTO invoices VALUES (1, 99.5)")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(
        ForeignStoreError, match=r"another program's database \(tables invoices\).*untouched"
    ):
        open_store(f"sqlite:///{path}")
    assert _digest(path) == before
    assert not (tmp_path / "other.sqlite-wal").exists()


@pytest.mark.parametrize(
    "content", [b"not a database at all\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_damaged_or_other_file_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "ws.sqlite"
    path.write_bytes(content)
    with pytest.raises(
        ForeignStoreError, match=r"(not a SQLite database|damaged SQLite database).*untouched"
    ):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == content


def test_workspace_from_a_newer_program_is_refused(store_url):
    with opened(store_url) as store, store.transaction() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="schema version 9999, made by a newer version"):
        open_store(store_url)


def test_foreign_postgresql_database_is_refused(pg_cluster):
    url = pg_cluster.new_database()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE invoices (id integer primary key)"))
    engine.dispose()
    with pytest.raises(ForeignStoreError, match="another program's tables"):
        open_store(url)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) == {"invoices", "spatial_ref_sys"}
    engine.dispose()


def test_store_url_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DIGITUKI_STORE", f"sqlite:///{tmp_path}/x.sqlite")
    assert store_url() == f"sqlite:///{tmp_path}/x.sqlite"
    assert store_url("sqlite:///other.sqlite") == "sqlite:///other.sqlite"
    monkeypatch.delenv("DIGITUKI_STORE")
    assert store_url().endswith("data/workspace.sqlite")


def test_unreachable_server_gives_a_message():
    with pytest.raises(StoreError, match="cannot open the store postgresql"):
        open_store("postgresql+psycopg2://nobody@127.0.0.1:9/none?connect_timeout=2")
