"""Architecture: imports point one way (data -> analysis -> presentation); the library is light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "coverage"

LEVEL = {
    "errors": 0, "messages": 0, "defaults": 0,
    "data": 1, "store": 1,
    "need": 2, "area": 2, "accessibility": 2, "gaps": 2, "scenario": 2, "reach": 2,
    "network": 2, "compare": 2, "planning": 2, "homesupport": 2, "figures": 2, "streets": 2,
    "ranking": 2,
    "followup": 2,
    "maps": 3, "export": 3, "report": 3, "cli": 3, "cli_analysis": 3, "cli_compare": 3,
    "cli_planning": 3, "cli_store": 3, "__main__": 3, "ui": 4,
}


def level_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "coverage" or len(parts) < 2:
        return None
    return LEVEL.get(parts[1])


def test_imports_point_downwards():
    bad = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts).removesuffix(".__init__")
        own = level_of(module)
        if own is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                target = level_of(node.module)
                if target is not None and target > own:
                    bad.append(f"{module} imports {node.module}")
    assert not bad, bad


def test_library_does_not_import_streamlit_or_folium():
    code = ("import sys, coverage.scenario, coverage.accessibility, coverage.gaps, coverage.cli;"
            "print(sorted(m for m in ('streamlit','folium') if m in sys.modules))")
    out = subprocess.run(  # noqa: S603 - this interpreter, the test's own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_store_is_data_layer():
    """The store (data layer) loads no analysis, presentation or UI module."""
    code = ("import sys, coverage.store, coverage.store.register, coverage.store.scenarios;"
            "print(sorted(m for m in sys.modules if m in ('streamlit', 'folium',"
            " 'coverage.scenario', 'coverage.accessibility', 'coverage.cli', 'coverage.export',"
            " 'coverage.ui')))")
    out = subprocess.run(  # noqa: S603 - this interpreter, the test's own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
