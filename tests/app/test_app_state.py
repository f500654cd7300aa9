"""ui/state.py lists every session key; pages and app.py use only those."""

from __future__ import annotations

import ast
from pathlib import Path

from coverage.ui import state

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "coverage" / "ui").rglob("*.py"))]


def _literal_keys() -> set[str]:
    """Return every `key="..."` widget argument and `st.session_state["..."]` in the app code."""
    keys: set[str] = set()
    for path in UI_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "key" and isinstance(
                    node.value, ast.Constant) and isinstance(node.value.value, str):
                keys.add(node.value.value)
            if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
                    and node.value.attr == "session_state"
                    and isinstance(node.slice, ast.Constant)):
                keys.add(node.slice.value)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "get" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "state" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                keys.add(node.args[0].value)
    return keys


def test_every_key_used_is_registered():
    used = _literal_keys()
    assert used, "the scan found no keys: is it still looking at the right code?"
    # streamlit-folium component keys, and widgets whose value code may not set (uploaders,
    # buttons) are listed apart from the session parameters
    other = state.MAP_KEYS | state.WIDGET_ONLY_KEYS
    assert used - other <= set(state.DEFAULTS), used - other - set(state.DEFAULTS)
    assert not (other & set(state.DEFAULTS))


def test_library_never_imports_streamlit():
    for path in (ROOT / "coverage").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "coverage").parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "streamlit" for n in names), path


def test_only_cached_py_caches():
    for path in UI_FILES:
        source = path.read_text(encoding="utf-8")
        if path.name != "cached.py":
            assert "st.cache_data" not in source, path
            assert "st.cache_resource" not in source, path


def test_weight_defaults_are_the_comparisons():
    from coverage.compare import DEFAULT_WEIGHTS, Weights  # noqa: PLC0415

    for name in Weights.names():
        assert state.DEFAULTS[f"options_w_{name}"] == getattr(DEFAULT_WEIGHTS, name), name


def test_app_module_imports_light():
    """`streamlit run app.py` imports app.py before the server is up: no numpy stack there."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = ("import sys, app; "
            "print(sorted(m for m in ('pandas', 'scipy', 'geopandas', 'folium') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                         check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]"
