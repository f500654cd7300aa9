"""The public API: what README's "Python API" section shows runs as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_import_coverage_loads_no_streamlit_or_folium():
    code = ("import sys, coverage; from coverage import Reach, Scenario, prepare, access_table, "
            "compare_options, plan_new_sites, home_support, load_dataset;"
            "print(sorted(m for m in ('streamlit', 'folium') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                         check=True)
    assert out.stdout.strip() == "[]"


def test_every_public_name_resolves():
    import coverage  # noqa: PLC0415 - the lazy names are what is tested

    assert set(coverage.__all__) == set(coverage._EXPORTS)
    for name in coverage.__all__:
        assert getattr(coverage, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'travel_time_table'"):
        coverage.travel_time_table  # noqa: B018 - the access is the test


@pytest.mark.realdata
def test_readme_python_example_runs(built_dir):
    env = {**os.environ, "DIGITUKI_DATA_DIR": str(built_dir)}
    out = subprocess.run([sys.executable, "-c", readme_example()], capture_output=True,  # noqa: S603
                         text=True, check=True, timeout=300, env=env)
    unit, rows, lowest, gaps = out.stdout.split()
    assert unit == "min"
    assert int(rows) == 19
    assert 0 < float(lowest) < 1
    assert int(gaps) > 100
