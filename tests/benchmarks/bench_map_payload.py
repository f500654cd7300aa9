"""Benchmark: what the Aukot map sends to the browser, and what a threshold step makes it redo.

    python tests/benchmarks/bench_map_payload.py [--area maakunta:19]

Runs the page in Streamlit's AppTest (working dataset, default scenario), records the arguments
`st_folium` passes to the browser, moves the threshold one step and prints, side by side: the
map's own script (the component's identity: view, context layers, providers), the swapped
layer groups, the bytes sent per rerun, whether the map frame stays (same component key) and
the bytes the browser runs again after the step (only the groups when the frame stays, the
whole map when a new frame is loaded).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def measure(area: str) -> dict[str, object]:
    """Return the payload figures of the Aukot map for `area` ("" = the whole country)."""
    import streamlit_folium  # noqa: PLC0415
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    from coverage.ui.pages import PAGES  # noqa: PLC0415

    sent: list[dict[str, object]] = []
    component = streamlit_folium._component_func

    def capture(**kwargs: object) -> object:
        sent.append({k: kwargs.get(k) for k in ("script", "feature_group", "key")})
        return component(**kwargs)

    streamlit_folium._component_func = capture
    try:
        aukot = next(p.path for p in PAGES if p.url_path == "aukot")
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        app.session_state["lang"] = "fi"
        if area:
            division, code = area.split(":")
            app.session_state["area_division"] = division
            app.session_state["area_unit"] = code
        app.run()
        app.switch_page(aukot).run()
        first = sent[-1]
        app.session_state["sc_threshold_km"] = float(app.session_state["sc_threshold_km"]) + 1
        app.run()
        second = sent[-1]
    finally:
        streamlit_folium._component_func = component

    def size(text: object) -> int:
        return len(str(text or "").encode())

    same_frame = first["key"] == second["key"]
    return {
        "map script (B)": size(first["script"]),
        "layer groups (B)": size(first["feature_group"]),
        "sent per rerun (B)": size(first["script"]) + size(first["feature_group"]),
        "same map frame after a step": same_frame,
        "run again after a step (B)": (size(second["feature_group"]) if same_frame
                                       else size(second["script"]) + size(second["feature_group"])),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--area", action="append", default=None,
                        help="DIVISION:CODE (repeatable; default: maakunta:19 and the country)")
    areas = parser.parse_args().area or ["maakunta:19", ""]
    rows = {area or "country": measure(area) for area in areas}
    print(f"{'':32s}" + "".join(f"{name:>16s}" for name in rows))
    for key in next(iter(rows.values())):
        print(f"{key:32s}" + "".join(f"{row[key]!s:>16s}" for row in rows.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
