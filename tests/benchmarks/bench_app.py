"""Benchmark: how fast the Streamlit app is usable, measured in headless Chromium (Playwright).

    python tests/benchmarks/bench_app.py [--runs 3] [--skip-aukot] [--no-floor] [--area SPEC]
    python tests/benchmarks/bench_app.py --server-only     # the server's share, no browser

Targets (issue 5, on this machine, dataset already synced):
- first page usable <= 3 s after start: `streamlit run` started -> the Yleiskuva page shows its
  key figures and the map has drawn its municipalities and provider markers;
- a control change reflected <= 1 s: the Aukot threshold slider moved -> the coverage figure shows
  the new value (and the map has redrawn); the Yleiskuva theme switched -> the legend changed.

Also timed: the same visitor opening the page again (browser cache warm) and a second visitor
(new browser profile, server caches warm).

The floor (on by default; --no-floor skips it): tests/benchmarks/floor_app.py, a page with one
st.metric and no project code, started with the same command line and options, waited for and
opened the same way (same browser context options, same network guard). It times start -> healthy,
goto -> the first metric visible (nav_to_metric_s), start -> the metric visible
(start_to_metric_s) and a second visitor's goto -> metric (new browser profile). That is what
Streamlit itself needs on this machine, whatever the app does. Within each run index the floor runs
first, then the app, so machine load falls on both alike; at the end the medians are set side by
side (floor, app, app/floor, app - floor).

Every run starts a fresh server (cold caches) on a free loopback port; every request that is not
for 127.0.0.1 is aborted, as in the browser tests. Prints the medians and each run's times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.benchmarks.bench_load import ROOT, stop_processes

FLOOR_APP = Path(__file__).resolve().with_name("floor_app.py")

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Counted in every map iframe (the newest one when a rerun briefly keeps the old one).
COUNT_JS = """(sel) => {
    const frames = document.querySelectorAll(sel);
    if (!frames.length) return {paths: 0, markers: 0, legend: ""};
    const doc = frames[frames.length - 1].contentDocument;
    if (!doc) return {paths: 0, markers: 0, legend: ""};
    // every legend's text: the gap legend names the threshold, so a new threshold changes it
    // even when no unit changes class (one unit in an area's map)
    const legend = [...doc.querySelectorAll(".coverage-legend")].map(e => e.innerText).join("|");
    return {
        paths: doc.querySelectorAll("path.leaflet-interactive").length,
        markers: doc.querySelectorAll(".marker-cluster, .provider-marker").length,
        legend: legend,
    };
}"""

IDLE_JS = """() => {
    const state = document.querySelector('[data-testid="stApp"]')
        ?.getAttribute('data-test-script-state');
    const loading = document.querySelector(
        '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]');
    return state && !loading && !['initial', 'running', 'rerunRequested'].includes(state);
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    log: Path, script: str | Path = "app.py",
) -> tuple[subprocess.Popen, str, float, float]:
    """Start `streamlit run <script>` in ROOT; return (process, url, start time, s to healthy)."""
    port = _free_port()
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(  # noqa: S603 - fixed command
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    while True:
        if proc.poll() is not None:
            msg = f"streamlit exited:\n{log.read_text()}"
            raise SystemExit(msg)
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)
    return proc, url, started, time.perf_counter() - started


def new_page(browser, blocked: list[str]):
    context = browser.new_context(viewport={"width": 1500, "height": 1200}, locale="fi-FI")

    def guard(route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(120_000)
    return context, page


def visit_to_metric(browser, url: str, blocked: list[str]):
    """A new visitor opens `url`: return its context and page, when it navigated and when the
    first metric showed (perf_counter seconds)."""
    context, page = new_page(browser, blocked)
    t0 = time.perf_counter()
    page.goto(url)
    page.get_by_test_id("stMetricValue").first.wait_for()
    return context, page, t0, time.perf_counter()


def wait_map(page, min_paths: int, min_markers: int) -> dict:
    page.wait_for_function(
        f"""() => {{ const c = ({COUNT_JS})('{MAP_IFRAME}');
              return c.paths >= {min_paths} && c.markers >= {min_markers}; }}""",
        polling=20)
    return page.evaluate(COUNT_JS, MAP_IFRAME)


def overview_run(browser, url: str, started: float, blocked: list[str]) -> dict[str, float]:
    """Open Yleiskuva on a cold server; time figures, map; then switch the theme."""
    context, page, t0, t_figures = visit_to_metric(browser, url, blocked)
    wait_map(page, 300, 10)
    t_map = time.perf_counter()
    page.wait_for_function(IDLE_JS)
    out = {
        "nav_to_figures_s": t_figures - t0,
        "nav_to_map_s": t_map - t0,
        "start_to_figures_s": t_figures - started,
        "start_to_map_s": t_map - started,
    }
    # control change: the theme (segmented control) -> the legend names the new theme
    before = page.evaluate(COUNT_JS, MAP_IFRAME)["legend"]
    t1 = time.perf_counter()
    page.get_by_test_id("stMain").get_by_test_id("stButtonGroup").get_by_role("radio").nth(1).click()
    page.wait_for_function(
        f"""(old) => {{ const c = ({COUNT_JS})('{MAP_IFRAME}');
              return c.legend && c.legend !== old && c.paths >= 300; }}""",
        arg=before, polling=20)
    out["theme_change_s"] = time.perf_counter() - t1
    # the same visitor comes back (browser cache warm: Streamlit's bundle is not fetched again)
    page2 = context.new_page()
    t3 = time.perf_counter()
    page2.goto(url)
    wait_map(page2, 300, 10)
    out["returning_nav_to_map_s"] = time.perf_counter() - t3
    context.close()
    # a second visitor: warm caches
    context, page = new_page(browser, blocked)
    t2 = time.perf_counter()
    page.goto(url)
    wait_map(page, 300, 10)
    out["warm_nav_to_map_s"] = time.perf_counter() - t2
    context.close()
    return out


def floor_run(browser, url: str, started: float, blocked: list[str]) -> dict[str, float]:
    """Open the one-metric floor app on a cold server, then as a second visitor."""
    context, page, t0, t_metric = visit_to_metric(browser, url, blocked)
    page.wait_for_function(IDLE_JS)
    context.close()
    out = {"nav_to_metric_s": t_metric - t0, "start_to_metric_s": t_metric - started}
    # a second visitor (new browser profile, server warm)
    context, page, t1, t_second = visit_to_metric(browser, url, blocked)
    out["second_nav_to_metric_s"] = t_second - t1
    page.wait_for_function(IDLE_JS)
    figure = page.get_by_test_id("stMetricValue").first
    slider = page.get_by_role("slider").first
    times = []
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft"):  # as on Aukot: the same three moves
        old = figure.inner_text()
        slider.focus()
        t2 = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function(
            """([old]) => { const v = document.querySelector('[data-testid="stMetricValue"]');
                   return v && v.innerText !== old; }""", arg=[old], polling=10)
        times.append(time.perf_counter() - t2)
        page.wait_for_function(IDLE_JS)
    out["control_to_figure_s"] = statistics.median(times)
    context.close()
    return out


def aukot_run(browser, url: str, blocked: list[str], area: str = "") -> dict[str, float]:
    """Open Aukot; move the threshold slider one step; time until the coverage figure changes.

    With `area` (e.g. maakunta:19) the page opens on that area (`?area=`): its figures, its gaps
    and its unit(s) on the map.
    """
    context, page = new_page(browser, blocked)
    t0 = time.perf_counter()
    page.goto(f"{url}/aukot" + (f"?area={area}" if area else ""))
    figure = page.get_by_test_id("stMetricValue").first
    figure.wait_for()
    min_paths = 1 if area else 19
    wait_map(page, min_paths, 10)
    page.wait_for_function(IDLE_JS)
    out = {"aukot_nav_to_map_s": time.perf_counter() - t0}
    times, map_times = [], []
    slider = page.get_by_role("slider").first
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft"):
        old = figure.inner_text()
        old_legend = page.evaluate(COUNT_JS, MAP_IFRAME)["legend"]
        slider.focus()
        t1 = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function(
            """([old]) => { const v = document.querySelector('[data-testid="stMetricValue"]');
                   return v && v.innerText !== old; }""", arg=[old], polling=10)
        times.append(time.perf_counter() - t1)
        page.wait_for_function(
            f"""(old) => {{ const c = ({COUNT_JS})('{MAP_IFRAME}');
                  return c.legend && c.legend !== old && c.paths >= {min_paths}; }}""",
            arg=old_legend, polling=10)
        map_times.append(time.perf_counter() - t1)
        page.wait_for_function(IDLE_JS)
    out["threshold_to_figure_s"] = statistics.median(times)
    out["threshold_to_map_s"] = statistics.median(map_times)
    context.close()
    return out


def _timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    value = func(*args, **kwargs)
    print(f"  {label:58s} {time.perf_counter() - start:6.3f} s", flush=True)
    return value


def _streamlit_folium_passes(m) -> int:
    """Do what st_folium does to a map before sending it (two renders, string passes)."""
    import streamlit_folium as sf  # noqa: PLC0415

    m.get_root().render()
    m.render()
    sf._get_html(m)
    sf._get_header(m)
    script = sf._get_map_string(m)
    sf.generate_js_hash(script, "key", return_on_hover=False)
    return len(script.encode())


def server_only() -> None:
    """Time the server's steps for the first Yleiskuva and Aukot maps, and their payloads."""
    print("server side, one process, cold (the first visitor's share; no browser):")
    import numpy as np  # noqa: PLC0415

    _timed("import geopandas, folium, streamlit_folium", __import__, "streamlit_folium")
    from coverage import figures, maps  # noqa: PLC0415
    from coverage.data.dataset import load_dataset  # noqa: PLC0415
    from coverage.scenario import Scenario, access_table, gaps_table, prepare  # noqa: PLC0415

    ds = _timed("load the dataset", load_dataset)
    frame = _timed("Yleiskuva: simplified municipalities + figures",
                   maps.municipality_map_frame, ds.municipalities, ds.demand, ds.providers)
    data = _timed("Yleiskuva: provider rows (1 054, escaped)", maps.provider_marker_data,
                  ds.providers, "fi")

    def overview():
        m = maps.base_map()
        maps.choropleth_layer(frame, "share_65plus_pct", "65+ (%)").add_to(m)
        maps.provider_markers(ds.providers, "fi", data=data).add_to(m)
        return maps.use_local_assets(m)

    m = _timed("Yleiskuva: build the map", overview)
    size = _timed("Yleiskuva: streamlit-folium's render and string passes",
                  _streamlit_folium_passes, m)
    print(f"  {'Yleiskuva: map script sent to the browser':58s} {size / 1e6:6.3f} MB")
    prepared = _timed("Aukot: prepare the default scenario (nearest providers)", prepare, ds,
                      Scenario())
    table = _timed("Aukot: access table by maakunta (E2SFCA included)", access_table, ds,
                   prepared, "maakunta")
    gaps, labels = _timed("Aukot: gap areas", gaps_table, ds, prepared)
    unit_of = dict(zip(ds.membership["kunta_code"], ds.membership["maakunta"], strict=True))
    shapes = _timed("Aukot: maakunta polygons (dissolved, simplified)", maps.unit_map_frame,
                    ds.municipalities, unit_of)
    warp = _timed("Aukot: pixel -> cell lookup (once per cell set)", maps.grid_warp,
                  prepared.cells["grid_col"], prepared.cells["grid_row"])

    def gaps_map():
        m = maps.base_map()
        maps.choropleth_layer(shapes.merge(table, on="unit_code"), "coverage_share", "%",
                              label_column="unit_name", id_column="unit_code",
                              bins=[0.5, 0.7, 0.8, 0.9, 0.95, 1.0]).add_to(m)
        classes = figures.gap_cell_classes(labels, gaps)
        maps.cell_overlay(warp, classes, ["#111111", "#e7298a"]).add_to(m)
        top = gaps.head(10)
        maps.point_layer(top, top["place_name"].tolist(),
                         labels=[str(r) for r in top["rank"]]).add_to(m)
        maps.provider_markers(prepared.providers, "fi").add_to(m)
        return maps.use_local_assets(m)

    m = _timed("Aukot: build the map (cells as images)", gaps_map)
    size = _timed("Aukot: streamlit-folium's render and string passes",
                  _streamlit_folium_passes, m)
    print(f"  {'Aukot: map script sent to the browser':58s} {size / 1e6:6.3f} MB")
    print(f"  ({int((labels > 0).sum())} uncovered cells, {len(gaps)} gap areas, "
          f"{np.unique(warp.cell).size - 1} cells drawable)")


# (label, floor key, app key) for the side-by-side table
COMPARE = [
    ("healthy", "start_to_healthy_s", "start_to_healthy_s"),
    ("first visitor nav -> figures", "nav_to_metric_s", "nav_to_figures_s"),
    ("start -> figures", "start_to_metric_s", "start_to_figures_s"),
    ("start -> map (floor: metric)", "start_to_metric_s", "start_to_map_s"),
    ("second visitor nav -> map (floor: metric)", "second_nav_to_metric_s", "warm_nav_to_map_s"),
    ("control change -> new figure (app: threshold)", "control_to_figure_s",
     "threshold_to_figure_s"),
    ("control change -> map redrawn (floor: figure)", "control_to_figure_s", "threshold_to_map_s"),
]


def _print_medians(title: str, results: list[dict[str, float]]) -> None:
    print(f"\n{title}")
    for key in results[0]:
        values = [r[key] for r in results]
        print(f"  {key:24s} {statistics.median(values):6.2f}   "
              f"(min {min(values):.2f}, max {max(values):.2f})")


def _print_comparison(floor: list[dict[str, float]], app: list[dict[str, float]]) -> None:
    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    print(f"\napp vs floor (one-metric Streamlit app), medians over {len(app)} run(s):")
    print(f"  {'':42s} {'floor s':>8s} {'app s':>8s} {'app/floor':>10s} {'app-floor s':>12s}")
    for label, floor_key, app_key in COMPARE:
        if app_key not in app[0] or floor_key not in floor[0]:
            continue  # e.g. --skip-aukot
        f, a = median(floor, floor_key), median(app, app_key)
        ratio = f"{a / f:10.2f}" if f > 0 else f"{'-':>10s}"
        print(f"  {label:42s} {f:8.2f} {a:8.2f} {ratio} {a - f:+12.2f}")
    print(f"\nfloor: a one-metric Streamlit app needs {median(floor, 'start_to_metric_s'):.2f} s "
          f"from start to visible on this machine")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-aukot", action="store_true", help="Yleiskuva only")
    parser.add_argument("--area", default="",
                        help="open Aukot on this area (?area=, e.g. maakunta:19)")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the one-metric floor app (tests/benchmarks/floor_app.py)")
    parser.add_argument("--server-only", action="store_true",
                        help="time the server's steps and payloads, no browser")
    args = parser.parse_args()
    if args.server_only:
        server_only()
        return 0
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    chromium = shutil.which("chromium")
    if chromium is None:
        msg = "chromium is not installed (apt-get install -y chromium)"
        raise SystemExit(msg)
    results: list[dict[str, float]] = []
    floor_results: list[dict[str, float]] = []
    blocked: list[str] = []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for run in range(args.runs):
            if not args.no_floor:
                proc, url, started, healthy = start_server(
                    Path(tmp) / f"floor{run}.log", FLOOR_APP.relative_to(ROOT))
                try:
                    row = {"start_to_healthy_s": healthy}
                    row |= floor_run(browser, url, started, blocked)
                finally:
                    stop_processes([proc], timeout_s=10)
                floor_results.append(row)
                print(f"run {run + 1} floor: "
                      + ", ".join(f"{k} {v:.2f}" for k, v in row.items()), flush=True)
            proc, url, started, healthy = start_server(Path(tmp) / f"server{run}.log")
            try:
                row = {"start_to_healthy_s": healthy}
                row |= overview_run(browser, url, started, blocked)
                if not args.skip_aukot:
                    row |= aukot_run(browser, url, blocked, args.area)
            finally:
                stop_processes([proc], timeout_s=10)
            results.append(row)
            print(f"run {run + 1}{'' if args.no_floor else ' app'}: "
                  + ", ".join(f"{k} {v:.2f}" for k, v in row.items()), flush=True)
        browser.close()
    _print_medians("median over runs (s):", results)
    if floor_results:
        _print_medians("floor (tests/benchmarks/floor_app.py), median over runs (s):",
                       floor_results)
        _print_comparison(floor_results, results)
    print(f"\ntargets: start_to_map_s <= 3.0; threshold_to_figure_s and threshold_to_map_s <= 1.0"
          f"\nrequests blocked (must be 0): {len(blocked)}")
    return 0 if not blocked else 1


if __name__ == "__main__":
    sys.exit(main())
