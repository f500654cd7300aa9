"""Server memory around a large upload: does it come back after the session ends?

Starts the app on 127.0.0.1 (`--port`), opens it in headless Chromium (Playwright, Debian's
chromium, every non-loopback request aborted), uploads a generated provider CSV of `--rows`
rows on Aineisto, waits until the preview map has drawn, opens Aukot (which analyses with the
upload), closes the browser and samples the server's resident memory until `--wait` seconds
after the session ended. Prints RSS before, at the peak, with the session open and after.

    python tests/benchmarks/bench_upload_memory.py [--rows 200000] [--wait 200]
    python tests/benchmarks/bench_upload_memory.py --bomb     # the 1 MB XLSX unpacking to 1 GiB

With `--bomb` the upload is the XLSX bomb of tests/hostile.py; the page must refuse it, and the
server's peak resident memory (VmHWM) during the refusal is printed.

What the app derives from an upload is kept by the session (`coverage.ui.cached._session_memo`),
so it can be freed when Streamlit drops the closed session's state.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.benchmarks.bench_load import ROOT, _rss_mb, _wait_healthy, stop_processes
from tests.hostile import GIB, xlsx_bomb

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Page

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _csv(path: Path, rows: int) -> None:
    rnd = random.Random(1)  # noqa: S311 - test data
    lines = ["name,type,lat,lon,address,capacity"]
    lines += [f"Piste {i},library,{rnd.uniform(60.0, 68.0):.5f},{rnd.uniform(22.5, 29.5):.5f},"
              f"Katu {i},10" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _guard(route) -> None:
    host = urlparse(route.request.url).hostname or ""
    if route.request.url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


@contextlib.contextmanager
def _aineisto_page(url: str) -> Iterator[Page]:
    """Open Aineisto in headless Chromium (only 127.0.0.1 reachable), settled; close it after."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                     args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 1200})
        context.route("**/*", _guard)
        page = context.new_page()
        page.set_default_timeout(600_000)
        page.goto(f"{url}/aineisto")
        page.wait_for_selector("h1")
        time.sleep(3)
        yield page
        context.close()
        browser.close()


def _bomb(url: str, path: Path, pid: int) -> None:
    """Upload the XLSX bomb on Aineisto; print the server's memory around the refusal."""
    with _aineisto_page(url) as page:
        before, hwm_before = _rss_mb([pid]), _hwm_mb(pid)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
        page.get_by_text("Tiedostoa ei voi käyttää").wait_for()
        time.sleep(2)
        print(f"# XLSX bomb {path.stat().st_size / 2**20:.1f} MB (unpacks to 1024 MB): refused")
        print(f"server RSS before {before:.0f} MB, after {_rss_mb([pid]):.0f} MB; "
              f"peak (VmHWM) before {hwm_before:.0f} MB, after {_hwm_mb(pid):.0f} MB")


def _hwm_mb(pid: int) -> float:
    with Path(f"/proc/{pid}/status").open() as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _session(url: str, upload: Path | None, pid: int) -> tuple[float, float, float]:
    """Upload on Aineisto (if given), open Aukot, close the browser: RSS before, peak, at end."""
    with _aineisto_page(url) as page:
        before = _rss_mb([pid])
        peak = [before]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak.append(_rss_mb([pid]))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        if upload is not None:
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
            page.get_by_text("Tiedosto suuri.csv hyväksyttiin").wait_for()
            page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
                ".marker-cluster").first.wait_for()
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Aukot").click()
        page.get_by_role("heading", name="Kattavuus ja katvealueet").wait_for()
        caption = "oma tiedosto" if upload is not None else "aineiston"
        page.get_by_text(caption).first.wait_for()  # the caption: the analysis is done
        time.sleep(5)
        with_session = _rss_mb([pid])
        stop.set()
        sampler.join()
    return before, max(peak), with_session


def main() -> None:
    """Run the session and print the memory figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--wait", type=float, default=200.0, help="seconds to watch after the end")
    ap.add_argument("--port", type=int, default=8628)
    ap.add_argument("--bomb", action="store_true", help="upload the XLSX bomb instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp_dir:
        tmp = Path(tmp_dir)
        upload = tmp / "suuri.csv"
        if args.bomb:
            upload = tmp / "pommi.xlsx"
            upload.write_bytes(xlsx_bomb(GIB))
        else:
            _csv(upload, args.rows)
        log = (tmp / "app.log").open("w")
        server = subprocess.Popen(  # noqa: S603 - fixed command
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(args.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(args.port, server)
            url = f"http://127.0.0.1:{args.port}"
            if args.bomb:
                _bomb(url, upload, server.pid)
                return
            _session(url, None, server.pid)  # the same pages without an upload, first
            time.sleep(20)
            before, peak, with_session = _session(url, upload, server.pid)
            ended = time.monotonic()
            samples = []
            while time.monotonic() - ended < args.wait:
                time.sleep(10)
                samples.append((time.monotonic() - ended, _rss_mb([server.pid])))
            print(f"# {args.rows} rows ({upload.stat().st_size / 2**20:.1f} MB CSV)")
            print(f"server RSS after a session on the same pages without upload {before:.0f} MB, "
                  f"peak {peak:.0f} MB, "
                  f"with the session open {with_session:.0f} MB")
            for after_s, rss in samples:
                print(f"  {after_s:5.0f} s after the session ended: {rss:.0f} MB")
        finally:
            stop_processes([server])


if __name__ == "__main__":
    main()
