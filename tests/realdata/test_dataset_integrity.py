"""A damaged working dataset is refused with one clear line naming the file and the fix.

Every case is a copy of the session's dataset, broken for real, then opened the way a user
opens it (`python -m coverage --data-dir COPY info` in a subprocess) or through load_dataset.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pandas as pd
import pytest

from coverage.data.build import fingerprint
from coverage.data.dataset import file_entries, load_dataset
from coverage.data.sync import UP_TO_DATE, sync
from coverage.errors import DatasetDamagedError, DatasetMissingError

pytestmark = pytest.mark.realdata

FIX = "; rebuild it with `python -m coverage --data-dir {path} sync`"


@pytest.fixture
def copy(built_dir, tmp_path):
    target = tmp_path / "build"
    shutil.copytree(built_dir, target)
    return target


def info(data_dir):
    return subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        [sys.executable, "-m", "coverage", "--data-dir", str(data_dir), "info"],
        capture_output=True, text=True, check=False, timeout=300,
    )


def assert_one_clear_line(result, *words):
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]
    assert lines[0].endswith(FIX.format(path=result.args[4]))


def _re_sign(target):
    """Record the files' new sizes and digests in the manifest, as a careless copy would not."""
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["files"] = file_entries(target)
    (target / "manifest.json").write_text(json.dumps(manifest))


def test_one_flipped_byte_in_demand_is_refused(copy):
    layer = copy / "demand.parquet"
    data = bytearray(layer.read_bytes())
    data[len(data) // 2] ^= 0x01
    layer.write_bytes(data)
    assert_one_clear_line(info(copy), "demand.parquet", "SHA-256")


def test_a_truncated_layer_is_refused(copy):
    layer = copy / "providers.parquet"
    layer.write_bytes(layer.read_bytes()[: layer.stat().st_size // 2])
    assert_one_clear_line(info(copy), "providers.parquet", "truncated")


def test_a_zeroed_layer_is_refused(copy):
    layer = copy / "municipalities.parquet"
    layer.write_bytes(bytes(layer.stat().st_size))
    assert_one_clear_line(info(copy), "municipalities.parquet", "SHA-256")


def test_a_missing_layer_is_refused(copy):
    (copy / "units.parquet").unlink()
    assert_one_clear_line(info(copy), "units.parquet", "missing")


def test_a_missing_road_layer_is_refused(copy):
    (copy / "roads_edges.parquet").unlink()
    assert_one_clear_line(info(copy), "roads_edges.parquet", "missing")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"dataset_id": "x", "layers": {', "unreadable"),
        ("[1, 2]", "not a JSON object"),
        ('{"dataset_id": "x"}', "lacks layers, files, sources"),
        ("\xff\xfe", "unreadable"),
    ],
)
def test_a_bad_manifest_is_refused(copy, text, said):
    (copy / "manifest.json").write_bytes(text.encode("latin-1"))
    assert_one_clear_line(info(copy), "manifest.json", said)


def test_a_manifest_without_checksums_asks_for_a_rebuild(copy):
    manifest = json.loads((copy / "manifest.json").read_text())
    del manifest["files"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert_one_clear_line(info(copy), "manifest.json", "older version")


def test_a_manifest_cannot_point_outside_the_dataset(copy):
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["files"]["../../etc/passwd"] = {"bytes": 1, "sha256": "0" * 64}
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert_one_clear_line(info(copy), "manifest.json", "bad entry")


def test_settlements_copied_over_providers_are_refused_by_schema(copy):
    shutil.copyfile(copy / "settlements.parquet", copy / "providers.parquet")
    _re_sign(copy)  # the checksum alone would catch it: prove the schema does
    with pytest.raises(DatasetDamagedError) as err:
        load_dataset(copy)
    assert err.value.layer == "providers.parquet"
    assert "missing columns provider_id" in str(err.value)
    assert "not a providers layer" in str(err.value)


def test_a_layer_with_a_wrong_total_is_refused(copy):
    demand = pd.read_parquet(copy / "demand.parquet")
    demand.loc[0, "population"] += 7
    demand.to_parquet(copy / "demand.parquet", index=False)
    _re_sign(copy)
    with pytest.raises(DatasetDamagedError, match="population 5635978, the manifest says 5635971"):
        load_dataset(copy)


def test_a_manifest_with_other_totals_is_refused(copy):
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["layers"]["providers"]["rows"] += 1
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DatasetDamagedError, match=r"providers\.parquet: rows 1054"):
        load_dataset(copy)


def test_the_whole_dataset_loads(copy):
    ds = load_dataset(copy)
    assert int(ds.demand["population"].sum()) == 5_635_971
    listed = set(ds.manifest["files"])
    assert listed >= {"demand.parquet", "providers.parquet", "roads_edges.parquet"}


def test_a_swap_killed_between_its_renames_recovers_on_the_next_start(copy):
    old = copy.with_name("build.old")
    copy.rename(old)  # what a kill between the two renames leaves
    assert int(load_dataset(copy).demand["population"].sum()) == 5_635_971
    assert (copy / "manifest.json").is_file()
    assert not old.exists()


def test_no_dataset_at_all_says_how_to_build_one(tmp_path):
    with pytest.raises(DatasetMissingError, match=r"python -m coverage --data-dir \S+ sync") as err:
        load_dataset(tmp_path / "nothing")
    assert not isinstance(err.value, DatasetDamagedError)


def test_sync_is_a_no_op_until_something_changes(source, copy, tmp_path):
    """One build here: stale staging removed, the result readable by others, then no-ops."""
    stale = tmp_path / "build.tmp-deadbeef"
    stale.mkdir()
    (stale / "demand.parquet").write_bytes(b"half")
    spent_old = tmp_path / "build.old"
    spent_old.mkdir()
    previous = os.umask(0o022)
    try:
        said, first = sync(source, target=copy, force=True)
    finally:
        os.umask(previous)
    assert UP_TO_DATE not in said
    assert not stale.exists()
    assert not spent_old.exists()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o755
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o644 for f in copy.iterdir())

    said, again = sync(source, target=copy)
    assert UP_TO_DATE in said
    assert again["built_at"] == first["built_at"]
    assert again["dataset_id"] == first["dataset_id"]

    layer = copy / "units.parquet"  # a damaged dataset is rebuilt, not kept
    layer.write_bytes(layer.read_bytes()[:-1])
    said, rebuilt = sync(source, target=copy)
    assert UP_TO_DATE not in said
    assert load_dataset(copy).manifest["files"] == rebuilt["files"]


def test_a_changed_source_file_changes_the_fingerprint(source, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(source, src, ignore=shutil.ignore_patterns("raw", "reference"))
    before = fingerprint(src)
    police = next(src.glob("providers/more/*police*"))
    police.write_bytes(police.read_bytes() + b"\n")
    after = fingerprint(src)
    assert after["code"] == before["code"]
    assert after["sources"] != before["sources"]
    assert fingerprint(src) == after  # nothing changed since: the same
