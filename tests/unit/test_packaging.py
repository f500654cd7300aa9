"""Installable like a Python tool: `pip install .` gives a `digituki` command for any directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_is_listed():
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "coverage").rglob("__init__.py")
    }
    assert listed - {"coverage._authored"} == found


def test_the_authored_tables_are_installed():
    setuptools = _pyproject()["tool"]["setuptools"]
    assert setuptools["package-dir"]["coverage._authored"] == "data"
    patterns = setuptools["package-data"]["coverage._authored"]
    for table in ("regions/coordinator_seats.csv", "providers/provider_types.csv"):
        assert any((ROOT / "data").glob(p) for p in patterns)
        assert any(Path(table).match(p) for p in patterns), table


def _tracked_files() -> list[str]:
    out = subprocess.run(
        # tracked and new (not ignored) files: what a fresh clone of this work would hold
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT, capture_output=True, check=True,
    ).stdout
    return [f for f in out.decode().split("\0") if f]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to list the checkout")
def test_pip_install_gives_a_digituki_command(tmp_path):
    """A copy of the checkout (as a fresh clone has it) installed into a new venv.

    The dependencies come from this interpreter's site-packages (a .pth file), so the test
    needs no network; the package itself comes from the wheel pip builds.
    """
    clone = tmp_path / "clone"
    for name in _tracked_files():
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / "bin"
    python = bin_dir / "python"
    site = subprocess.run(  # noqa: S603 - the new interpreter, fixed code
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(site, "deps-from-test-runner.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(  # noqa: S603 - this interpreter's pip, fixed arguments
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-build-isolation", "--no-cache-dir", str(clone)],
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "XDG_DATA_HOME": str(tmp_path / "xdg")}
    env.pop("DIGITUKI_DATA_DIR", None)
    helped = subprocess.run(  # noqa: S603 - the installed console command
        [bin_dir / "digituki", "--help"], cwd=elsewhere, env=env,
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage: digituki")
    for command in ("sync", "info", "access", "gaps", "compare", "plan"):
        assert command in helped.stdout
    where = subprocess.run(  # noqa: S603 - the new interpreter, fixed code
        [python, "-c",
         "import coverage.data.paths as p, coverage.data.taxonomy as t, coverage.data.regions as r;"
         "print(p.data_dir()); print(t.TAXONOMY_CSV.is_file(), r.SEATS_CSV.is_file());"
         "print(p.Path(p.__file__).is_relative_to(p.Path(__import__('sys').prefix)));"
         "import coverage.store.db as db; print(sorted(x.name for x in db.MIGRATIONS.rglob('*.*')"
         " if '__pycache__' not in x.parts))"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    assert where[0] == str(tmp_path / "xdg" / "digituki" / "build")
    assert where[1] == "True True"
    assert where[2] == "True"  # imported from the venv, not from the checkout
    shipped = sorted(p.name for p in (ROOT / "coverage/store/migrations").rglob("*.*")
                     if "__pycache__" not in p.parts)
    assert where[3] == str(shipped)  # the database migrations, scripts and template
    missing = subprocess.run(  # noqa: S603 - the installed console command
        [bin_dir / "digituki", "info"], cwd=elsewhere, env=env,
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert missing.returncode == 2
    assert "no working dataset at" in missing.stderr
    assert "Traceback" not in missing.stderr
