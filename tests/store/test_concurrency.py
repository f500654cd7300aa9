# ruff: noqa: S603 - the subprocesses run this interpreter on the tests' own code
"""Concurrent writers lose no row, and a process killed mid-import leaves the store as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from coverage.store import ConflictError, register, scenarios
from coverage.store import tables as tb
from tests.store.conftest import opened
from tests.store.test_register import rec

REPO = Path(__file__).resolve().parents[2]


def _consistent(store):
    """Every revision has its changeset, every change its history row; no half entry."""
    with store.read() as conn:
        counter = conn.execute(sa.select(tb.revision_counter.c.revision)).scalar_one()
        ids = (
            conn.execute(sa.select(tb.changesets.c.id).order_by(tb.changesets.c.id)).scalars().all()
        )
        per_cs = dict(
            conn.execute(
                sa.select(tb.provider_history.c.changeset_id, sa.func.count()).group_by(
                    tb.provider_history.c.changeset_id
                )
            ).all()
        )
        claimed = dict(conn.execute(sa.select(tb.changesets.c.id, tb.changesets.c.n_changes)).all())
        providers = conn.execute(sa.select(sa.func.count()).select_from(tb.providers)).scalar_one()
        added = conn.execute(
            sa.select(sa.func.count())
            .select_from(tb.provider_history)
            .where(tb.provider_history.c.action == "add")
        ).scalar_one()
    assert ids == list(range(1, counter + 1))
    assert {k: v for k, v in claimed.items() if v} == per_cs
    assert providers == added


def test_threads_adding_lose_no_row(store_url):
    n_threads, per_thread = 4, 15
    errors = []

    def work(k):
        try:
            with opened(store_url, actor=f"t{k}") as store:
                for i in range(per_thread):
                    register.add_records(
                        store,
                        [rec(f"T{k}-{i}", x=400000.0 + 100 * i, y=7000000.0 + 100 * k)],
                        action="add",
                    )
        except Exception as exc:
            errors.append(exc)

    with opened(store_url):
        pass  # create the schema once, as the app does at start
    threads = [threading.Thread(target=work, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with opened(store_url) as store:
        names = register.providers_at(store)["name"]
        assert sorted(names) == sorted(
            f"T{k}-{i}" for k in range(n_threads) for i in range(per_thread)
        )
        assert store.revision() == n_threads * per_thread
        _consistent(store)


def test_threads_editing_one_provider_exactly_one_wins(store_url):
    with opened(store_url) as store:
        register.add_records(store, [rec("Shared")], action="add")
    outcomes = []

    def work(k):
        with opened(store_url, actor=f"editor{k}") as store:
            try:
                register.edit(store, 1, based_on_version=1, changes={"opening_hours": f"by {k}"})
                outcomes.append("saved")
            except ConflictError:
                outcomes.append("conflict")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["saved"]
    with opened(store_url) as store:
        assert register.providers_at(store)["version"].tolist() == [2]
        assert len(register.rejected(store)) == 3
        _consistent(store)


WRITER = """
import sys
from coverage.store import open_store, register
from tests.store.test_register import rec
store = open_store(sys.argv[1], actor="proc" + sys.argv[2])
for i in range(int(sys.argv[3])):
    register.add_records(store, [rec(f"P{sys.argv[2]}-{i}", x=400000.0 + 100 * i)], action="add")
store.dispose()
"""


def test_processes_adding_lose_no_row(store_url):
    with opened(store_url):
        pass
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, store_url, str(k), "12"], cwd=REPO)
        for k in range(3)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0]
    with opened(store_url) as store:
        assert len(register.providers_at(store)) == 36
        assert store.revision() == 36
        _consistent(store)


KILL_FILE_ROWS = 100_000


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    rng = np.random.default_rng(7)
    lat, lon = rng.uniform(61.0, 64.0, KILL_FILE_ROWS), rng.uniform(24.5, 28.5, KILL_FILE_ROWS)
    path = tmp_path_factory.mktemp("big") / "providers_100k.csv"
    lines = ["name,type,lat,lon"] + [
        f"Piste {i:06d},ngo,{lat[i]:.6f},{lon[i]:.6f}" for i in range(KILL_FILE_ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.realdata
def test_kill_during_import_leaves_the_store_as_before(store_url, built_dir, big_file):
    cli = [sys.executable, "-m", "coverage", "--data-dir", str(built_dir)]
    small = REPO / "tests" / "fixtures" / "uploads" / "good_comma.csv"
    subprocess.run(
        [*cli, "providers", "import", str(small), "--store", store_url],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    seen = []
    with subprocess.Popen(
        [*cli, "providers", "import", str(big_file), "--store", store_url],
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    ) as proc:
        for line in proc.stderr:
            seen.append(line)
            if line.startswith("import: 10000/"):  # the second batch is written: mid-transaction
                os.kill(proc.pid, signal.SIGKILL)
                break
        assert proc.wait(timeout=120) == -signal.SIGKILL, seen
    with opened(store_url) as store:
        names = register.providers_at(store)["name"].tolist()
        assert names == ["Oodi", "Kela Kamppi", "Digituki ry"]  # none of the killed import's rows
        assert store.revision() == 1
        assert register.history(store)["revision"].tolist() == [1, 1, 1]
        _consistent(store)
    if not store_url.startswith("sqlite"):
        return  # the complete import is shown on SQLite (on PostgreSQL it takes minutes here)
    # the same import, not killed, then adds every row at once
    done = subprocess.run(
        [*cli, "providers", "import", str(big_file), "--store", store_url],
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    with opened(store_url) as store:
        assert len(register.providers_at(store)) == 3 + KILL_FILE_ROWS
        assert store.revision() == 2
        _consistent(store)


def test_readers_do_not_wait_for_a_writer(store_url):
    """Opening the store and reading the register work while another writer holds its lock."""
    with opened(store_url) as store:
        register.add_records(store, [rec("Before")], action="add")
    holding, release = threading.Event(), threading.Event()

    def writer():
        with opened(store_url) as store, store.changeset("slow import") as cs:
            cs.conn.execute(
                sa.insert(tb.providers).values(
                    **rec("Uncommitted"),
                    id=99,
                    version=1,
                    revision=cs.revision,
                    updated_at=cs.at,
                    updated_by="w",
                )
            )
            holding.set()
            release.wait(timeout=120)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(timeout=120)
        with opened(store_url) as reader:  # opening reads the schema: it must not queue
            assert register.providers_at(reader)["name"].tolist() == ["Before"]
            assert reader.revision() == 1
    finally:
        release.set()
        thread.join()
    with opened(store_url) as store:
        assert register.providers_at(store)["name"].tolist() == ["Before", "Uncommitted"]


def test_a_failed_save_leaves_no_scenario_and_no_log(store_url, monkeypatch):
    def broken(*_args, **_kwargs):
        msg = "disk full"
        raise OSError(msg)

    with opened(store_url) as store:
        monkeypatch.setattr(scenarios, "log_run", broken)
        with pytest.raises(OSError, match="disk full"):
            scenarios.save(
                store,
                "half",
                params={},
                provider_source="dataset",
                register_revision=None,
                on_date=None,
                dataset_id="d",
                manifest_sha256="",
                summary={},
            )
        monkeypatch.undo()
        assert scenarios.list_scenarios(store).empty
        assert scenarios.run_log(store).empty


_SAVE_AND_HANG = """
import sys, time
from coverage.store import open_store, scenarios

store = open_store(sys.argv[1])
log_run = scenarios.log_run


def log_then_hang(conn, *args, **kwargs):
    log_run(conn, *args, **kwargs)  # the scenario row and its log entry are written, uncommitted
    print("inside the transaction", flush=True)
    time.sleep(120)


scenarios.log_run = log_then_hang
scenarios.save(store, sys.argv[2], params={"reach": {"mode": "walk"}}, provider_source="dataset",
               register_revision=None, on_date=None, dataset_id="d", manifest_sha256="",
               summary={"covered": 2}, replace=True)
"""


def _save(store_url, name, summary):
    with opened(store_url) as store:
        scenarios.save(store, name, params={"reach": {"mode": "straight"}},
                       provider_source="dataset", register_revision=None, on_date=None,
                       dataset_id="d", manifest_sha256="", summary=summary)


@pytest.mark.parametrize("replacing", [False, True])
def test_kill_during_a_save_leaves_the_store_as_before(store_url, replacing):
    """A real kill -9 while the save's transaction is open: no half scenario, no log entry."""
    if replacing:
        _save(store_url, "base", {"covered": 1})
    with subprocess.Popen(
        [sys.executable, "-c", _SAVE_AND_HANG, store_url, "base" if replacing else "new"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    ) as proc:
        line = proc.stdout.readline()
        assert line.startswith("inside the transaction"), proc.stderr.read()[-2000:]
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
    with opened(store_url) as store:
        saved = scenarios.list_scenarios(store)
        log = scenarios.run_log(store)
        if replacing:
            assert saved["name"].tolist() == ["base"]
            assert scenarios.get(store, "base")["summary"] == {"covered": 1}  # not the killed one
            assert len(log) == 1  # only the first save's entry
        else:
            assert saved.empty
            assert log.empty
        _save(store_url, "after", {"covered": 3})  # the store takes writes again at once
        assert "after" in scenarios.list_scenarios(store)["name"].tolist()
