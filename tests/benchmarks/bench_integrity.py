"""Benchmark: what proving the dataset whole costs, and the no-op sync of a restart.

    python tests/benchmarks/bench_integrity.py [--data-dir data/build] [--repeat 5]

Side by side: checking every file's SHA-256 (what load_dataset does) against the cheaper checks
it could do instead (size only; CRC-32), the whole load with the checks, and `sync` when nothing
changed (in-process, and as the `python -m coverage sync` a restart runs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.data.dataset import (
    check_schema,
    data_dir,
    file_digest,
    load_dataset,
    read_manifest,
    verify_files,
)
from coverage.data.schema import LAYER_FILES
from coverage.data.sync import UP_TO_DATE, sync


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=data_dir())
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path, n = args.data_dir, args.repeat
    manifest = read_manifest(path)
    files = [path / name for name in manifest["files"]]
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    rows = [
        ("size of every file (stat)", timed(lambda: [f.stat().st_size for f in files], n)),
        ("CRC-32 of every file", timed(lambda: [zlib.crc32(f.read_bytes()) for f in files], n)),
        ("SHA-256 of every file", timed(lambda: [file_digest(f) for f in files], n)),
        ("verify_files (size + SHA-256)", timed(lambda: verify_files(path, manifest), n)),
        ("schemas of the layers", timed(lambda: [check_schema(path, k) for k in LAYER_FILES], n)),
        ("load_dataset (all checks)", timed(lambda: load_dataset(path), n)),
    ]
    said = []
    rows.append(("sync, nothing changed (in-process)",
                 timed(lambda: said.append(sync(target=path)[0]), n)))
    assert all(UP_TO_DATE in s for s in said), said[-1]
    cmd = [sys.executable, "-m", "coverage", "--data-dir", str(path), "sync"]
    rows.append(("python -m coverage sync, nothing changed",
                 timed(lambda: subprocess.run(cmd, check=True, capture_output=True), n)))  # noqa: S603
    print(f"dataset {path}: {len(files)} files, {size_mb:.1f} MB; median of {n}")
    print(f"{'step':<44}{'ms':>10}")
    for name, seconds in rows:
        print(f"{name:<44}{seconds * 1000:>10.1f}")


if __name__ == "__main__":
    main()
