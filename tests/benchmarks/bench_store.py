"""Benchmark: the workspace store on SQLite and on PostgreSQL + PostGIS, side by side.

    python tests/benchmarks/bench_store.py [--providers 10000] [--repeat 3]

Per backend: import a file of N providers (validation included), save a scenario using the
register and the dataset (`both`), run it per kunta nationwide, diff it against a dataset-only
scenario per kunta, and read the register back. PostgreSQL is a throw-away cluster on
127.0.0.1 (as in the tests); without it only SQLite is measured and the script says so.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.data.dataset import load_dataset
from coverage.followup import (
    choose_providers,
    diff_tables,
    run_saved,
    save_scenario,
)
from coverage.reach import Reach
from coverage.scenario import Scenario
from coverage.store import open_store, register, scenarios
from tests.store.conftest import PgCluster


def provider_file(ds, n: int, folder: Path) -> Path:
    """Write N providers at populated cells (so every point is in a municipality)."""
    cells = ds.demand[ds.demand["population"] > 0]
    pick = np.random.default_rng(3).choice(len(cells), size=n, replace=n > len(cells))
    x, y = cells["x"].to_numpy()[pick], cells["y"].to_numpy()[pick]
    path = folder / f"providers_{n}.csv"
    rows = [f"Bench point {i:06d};ngo;{x[i]:.0f};{y[i]:.0f}" for i in range(n)]
    path.write_text("name;type;x;y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def measure(url: str, ds, file: Path) -> dict[str, float]:
    """Return seconds per step on one fresh store."""
    out = {}
    store = open_store(url, membership=ds.membership)
    try:
        t = time.perf_counter()
        result = register.import_file(store, str(file), ds)
        out["import"] = time.perf_counter() - t
        assert result.added > 0
        scenario = Scenario(reach=Reach(threshold=10.0))
        save_scenario(store, ds, "base", scenario, choose_providers(ds, "dataset"))
        t = time.perf_counter()
        save_scenario(store, ds, "both", scenario, choose_providers(ds, "both", store=store))
        out["save"] = time.perf_counter() - t
        t = time.perf_counter()
        run_saved(ds, store, scenarios.get(store, "both"), "kunta")
        out["run (kunta)"] = time.perf_counter() - t
        t = time.perf_counter()
        diff_tables(
            run_saved(ds, store, scenarios.get(store, "base"), "kunta"),
            run_saved(ds, store, scenarios.get(store, "both"), "kunta"),
        )
        out["diff (kunta)"] = time.perf_counter() - t
        t = time.perf_counter()
        register.providers_at(store)
        out["read register"] = time.perf_counter() - t
    finally:
        store.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--providers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ds = load_dataset()
    results: dict[str, list[dict[str, float]]] = {"SQLite": [], "PostgreSQL": []}
    cluster = None
    try:
        cluster = PgCluster()
        cluster.start()
    except Exception as exc:
        print(f"PostgreSQL not measured: {exc}", file=sys.stderr)
        if cluster is not None:
            cluster.stop()
        cluster = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            file = provider_file(ds, args.providers, Path(tmp))
            for k in range(args.repeat):
                results["SQLite"].append(measure(f"sqlite:///{tmp}/ws{k}.sqlite", ds, file))
                if cluster is not None:
                    results["PostgreSQL"].append(measure(cluster.new_database(), ds, file))
    finally:
        if cluster is not None:
            cluster.stop()
    steps = list(results["SQLite"][0])
    print(f"{args.providers} providers, median of {args.repeat} runs, seconds")
    print(f"{'step':<16}{'SQLite':>10}{'PostgreSQL':>12}{'PG/SQLite':>11}")
    for step in steps:
        lite = statistics.median(r[step] for r in results["SQLite"])
        pg = (
            statistics.median(r[step] for r in results["PostgreSQL"])
            if results["PostgreSQL"]
            else None
        )
        ratio = f"{pg / lite:>11.2f}" if pg is not None else f"{'-':>11}"
        print(f"{step:<16}{lite:>10.2f}{(f'{pg:.2f}' if pg is not None else '-'):>12}{ratio}")


if __name__ == "__main__":
    main()
