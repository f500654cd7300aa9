"""Arguments checked at the door: one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import errno
import subprocess
import sys

import pytest

from coverage import cli, export

pytestmark = pytest.mark.realdata


def run(built_dir, *args):
    return subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), *args],
        capture_output=True, text=True, check=False, timeout=300,
    )


def assert_refused(result, *words):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_out_to_a_directory_is_refused_at_the_door(built_dir, tmp_path):
    result = run(built_dir, "gaps", "--top", "3", "--format", "csv", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    said = result.stderr.strip().splitlines()[-1]  # after argparse's usage line
    assert said.endswith(f"error: --out {tmp_path} is a directory; give a file path")
    assert list(tmp_path.iterdir()) == []


def test_out_that_becomes_a_directory_is_one_line(tmp_path, monkeypatch, capsys, built_dir):
    """Past the door (a directory made while the command runs): still one line, no traceback."""
    out = tmp_path / "gaps.csv"
    real = export.write_atomic

    def make_dir_first(data, path):
        out.mkdir()
        real(data, path)

    monkeypatch.setattr(export, "write_atomic", make_dir_first)
    code = cli.main(["--data-dir", str(built_dir), "gaps", "--top", "3", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: cannot write --out {out}: Is a directory; give a file path")


def test_out_to_a_read_only_place_is_one_line(built_dir):
    # /sys refuses new files even to root (a chmod would not stop root)
    result = run(built_dir, "gaps", "--top", "3", "--format", "csv", "--out", "/sys/gaps.csv")
    assert_refused(result, "cannot write --out /sys/gaps.csv", "Permission denied")


def test_out_to_a_full_disk_is_one_line(built_dir, tmp_path, monkeypatch, capsys):
    def full(_data, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(export, "write_atomic", full)
    out = tmp_path / "gaps.csv"
    code = cli.main(["--data-dir", str(built_dir), "gaps", "--top", "3", "--format", "csv",
                     "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"error: cannot write --out {out}: No space left on device; " \
                  "choose a place you can write to\n"


NO_SUCH_TYPE = ("no provider is left after the filter provider type (--provider-type) = "
                "nosuchtype (")


@pytest.mark.parametrize("command", [
    ["compare", "--format", "csv"],
    ["access", "--by", "maakunta"],
    ["gaps", "--top", "3"],
    ["plan", "--new-sites", "2"],
])
def test_a_filter_that_leaves_no_provider_is_named(built_dir, tmp_path, command):
    result = run(built_dir, *command, "--provider-type", "nosuchtype")
    assert_refused(result, NO_SUCH_TYPE, "values there: authority_desk, library, ngo")
    assert result.stdout == ""


def test_report_with_no_provider_writes_nothing(built_dir, tmp_path):
    out = tmp_path / "report"
    result = run(built_dir, "report", "--out", str(out), "--provider-type", "nosuchtype")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1  # after the progress line
    assert NO_SUCH_TYPE in errors[0]
    assert not out.exists()


def test_the_filter_that_emptied_the_set_is_the_one_named(built_dir):
    result = run(built_dir, "access", "--provider-type", "library", "--channel", "home_visit")
    assert_refused(result, "after the filter channel (--channel) = home_visit",
                   "(720 providers before it; values there: walk_in)")
