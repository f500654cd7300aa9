"""Architecture: imports point one way (data -> analysis -> presentation); the library is light.

Every import form counts: `import coverage.x`, `from coverage import x`, `from coverage.x import
y`, relative imports, imports inside functions or under TYPE_CHECKING, and
`importlib.import_module("coverage.x")` with a literal name. app.py is the thin shell on top: it
imports the presentation package only.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "coverage"
APP = ROOT / "app.py"

LEVEL = {
    "": 3, "errors": 0, "messages": 0, "defaults": 0,
    "data": 1, "store": 1,
    "need": 2, "area": 2, "accessibility": 2, "gaps": 2, "scenario": 2, "reach": 2,
    "network": 2, "compare": 2, "planning": 2, "homesupport": 2, "figures": 2, "streets": 2,
    "ranking": 2, "map_context": 2,
    "followup": 2,
    "maps": 3, "export": 3, "report": 3, "cli": 3, "cli_analysis": 3, "cli_compare": 3,
    "cli_planning": 3, "cli_store": 3, "__main__": 3, "ui": 4,
}
"""Level of each top-level module or subpackage of `coverage`. "" is the package itself: the
public API facade (`from coverage import Reach`), which loads analysis modules lazily. Importing
the package itself (`from coverage import __version__`) is no upward import: every submodule
import initialises it anyway."""

APP_MAY_IMPORT = ("coverage.ui",)


def level_of(module: str) -> int | None:
    """Return the level of a `coverage...` module name, None for anything outside the package."""
    parts = module.split(".")
    if parts[0] != "coverage":
        return None
    return LEVEL.get(parts[1] if len(parts) > 1 else "")


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Return (line, module) for every module `path` imports, in any form, resolved absolute."""
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from coverage import scenario` imports the submodule coverage.scenario;
            # `from coverage import prepare` the module the facade loads it from
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
            if module == "coverage":
                found += [(node.lineno, facade_exports()[alias.name]) for alias in node.names
                          if alias.name in facade_exports()]
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name) and node.func.id == "__import__"))):
            found.append((node.lineno, node.args[0].value))
    return found


def facade_exports() -> dict[str, str]:
    """Return the package facade's public names and their modules (`coverage._EXPORTS`)."""
    return dict(getattr(importlib.import_module("coverage"), "_EXPORTS", {}))


def _known(module: str) -> bool:
    """Return whether `module` names a real submodule or subpackage of coverage (not a name)."""
    if module == "coverage":
        return False
    rel = Path(*module.split("."))
    return (ROOT / rel.with_suffix(".py")).is_file() or (ROOT / rel / "__init__.py").is_file()


def test_every_module_has_a_level():
    unplaced = [module_name(p) for p in PACKAGE.rglob("*.py") if level_of(module_name(p)) is None]
    assert not unplaced, f"add these to LEVEL in {__file__}: {unplaced}"


def test_imports_point_downwards():
    bad = []
    for path in PACKAGE.rglob("*.py"):
        own = level_of(module_name(path))
        for line, module in imported_modules(path):
            target = level_of(module)
            if target is not None and target > own and _known(module):
                bad.append(f"{module_name(path)}:{line} imports {module}")
    assert not bad, bad


def test_app_is_a_thin_shell_over_the_presentation_layer():
    others = [
        f"app.py:{line} imports {module}" for line, module in imported_modules(APP)
        if level_of(module) is not None and _known(module)
        and not module.startswith(APP_MAY_IMPORT)
    ]
    assert not others, others
    assert not any(m == "app" for p in PACKAGE.rglob("*.py") for _, m in imported_modules(p))


def test_the_checker_sees_every_import_form(tmp_path, monkeypatch):
    """A module written with every form of upward import: each one is reported."""
    fake_root = tmp_path
    pkg = fake_root / "coverage" / "data"
    pkg.mkdir(parents=True)
    (fake_root / "coverage" / "__init__.py").write_text("")
    (fake_root / "coverage" / "ui").mkdir()
    (fake_root / "coverage" / "ui" / "__init__.py").write_text("")
    (fake_root / "coverage" / "ui" / "maps.py").write_text("")
    (fake_root / "coverage" / "scenario.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "bad.py").write_text(
        "import importlib\n"
        "import coverage.scenario\n"  # line 2
        "from coverage import ui\n"  # line 3
        "from .. import scenario\n"  # line 4
        "def f():\n"
        "    from coverage.ui import maps\n"  # line 6
        "    importlib.import_module('coverage.ui.maps')\n"  # line 7
        "if False:\n"
        "    from coverage.scenario import Scenario\n"  # line 9
        "from coverage import prepare, __version__\n"  # line 10: the facade's scenario.prepare
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", fake_root)
    monkeypatch.setattr(sys.modules[__name__], "facade_exports",
                        lambda: {"prepare": "coverage.scenario"})
    found = {(line, m) for line, m in imported_modules(pkg / "bad.py")
             if (level_of(m) or 0) > 1 and _known(m)}
    assert {line for line, _ in found} == {2, 3, 4, 6, 7, 9, 10}


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


def test_the_facade_exports_are_seen():
    assert facade_exports()["prepare"] == "coverage.scenario"
