"""Browser-test fixtures: the app on a loopback port, Debian's Chromium, the network blocked.

The server runs on a copy of the working dataset in which one provider is renamed to an HTML
injection attempt, so the tests can check that the map shows it as text. Every request that is
not for 127.0.0.1/localhost is aborted and recorded; a test fails if any was attempted or if
the page opened a dialog.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pandas as pd
import pytest
from playwright.sync_api import sync_playwright

from coverage.data.dataset import data_dir, file_entries
from coverage.ui.components import missing_assets

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
EVIL_NAME = "<img src=x onerror=alert(1)>"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 90_000
FULL_HEIGHT_JS = """() => Math.max(...['stMain', 'stAppViewContainer', 'stMainBlockContainer']
    .map(id => document.querySelector(`[data-testid="${id}"]`))
    .filter(Boolean).map(e => e.scrollHeight)) + 40"""

LAYOUT_SETTLED_JS = """() => new Promise(resolve => {
    // Resolve once the content height and the size of every frame (maps, tables) have stayed
    // the same for 5 animation frames in a row: the page has re-laid itself out. A page that
    // never settles (an endless animation) is shot as it is after 10 s.
    setTimeout(() => resolve(false), 10000);
    let last = null, same = 0;
    const measure = () => {
        const sizes = [...document.querySelectorAll('iframe, [data-testid="stDataFrame"]')]
            .map(e => `${e.clientWidth}x${e.clientHeight}`);
        const main = document.querySelector('[data-testid="stMain"]');
        const now = JSON.stringify([main ? main.scrollHeight : 0, sizes]);
        same = now === last ? same + 1 : 0;
        last = now;
        if (same >= 5) resolve(true); else requestAnimationFrame(measure);
    };
    requestAnimationFrame(measure);
})"""


def _unavailable(reason: str) -> None:
    """Skip with `reason`, but fail under CI, where everything must be in place."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        _unavailable("chromium is not installed (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def web_assets() -> None:
    if missing_assets():
        _unavailable("map assets missing: run `python scripts/fetch_web_assets.py`")


@pytest.fixture(scope="module")
def xss_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the working dataset with the first provider renamed to `EVIL_NAME`."""
    source = data_dir()
    if not (source / "manifest.json").exists():
        _unavailable(f"no working dataset at {source}: run `python -m coverage sync`")
    target = tmp_path_factory.mktemp("xss-dataset")
    for path in source.iterdir():
        if path.is_file():
            shutil.copy2(path, target / path.name)
    providers = pd.read_parquet(source / "providers.parquet")
    providers.loc[providers.index[0], "name"] = EVIL_NAME
    providers.to_parquet(target / "providers.parquet", index=False)
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    manifest["dataset_id"] = f"{manifest['dataset_id']}-xss-test"
    manifest["files"] = file_entries(target)  # the edit is on purpose: record it
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False),
                                          encoding="utf-8")
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    started: float
    log: Path


@pytest.fixture(scope="module")
def app_server(xss_data_dir: Path, web_assets: None, tmp_path_factory) -> Iterator[Server]:
    """`streamlit run app.py` on a free loopback port; polls /_stcore/health until it is up."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {**os.environ, "DIGITUKI_DATA_DIR": str(xss_data_dir),  # and a fresh workspace store
           "DIGITUKI_STORE": f"sqlite:///{tmp_path_factory.mktemp('store') / 'workspace.sqlite'}"}
    started = time.monotonic()
    with log.open("w") as out:
        proc = subprocess.Popen(  # noqa: S603 - fixed command
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:  # noqa: S310
                    if reply.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not become healthy in 60 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(url=url, started=started, log=log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def chromium(chromium_path: str) -> Iterator:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Session:
    """A page on the app, with what the network guard and dialog watcher saw."""

    page: object
    base_url: str
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        """Save the whole page: Streamlit scrolls inside its own container, so the viewport
        is first made as tall as the content (then put back)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        size = self.page.viewport_size
        height = self.page.evaluate(FULL_HEIGHT_JS)
        if height > size["height"]:
            self.page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
            self.page.evaluate(LAYOUT_SETTLED_JS)  # maps and tables re-lay themselves out
        self.page.screenshot(path=str(path), full_page=True)
        if height > size["height"]:
            self.page.set_viewport_size(size)
        return path


LAPTOP_SCREENS: tuple[tuple[int, int], ...] = ((1366, 768), (1440, 900), (1920, 1080))
"""Screens that matter: laptop and desktop windows (the tests of the maps' clicks use them)."""


@pytest.fixture
def app(chromium, app_server: Server) -> Iterator[Session]:
    """A fresh browser context: non-loopback requests aborted, dialogs recorded and dismissed."""
    with browser_session(chromium, app_server, (1500, 1500)) as session:
        yield session


@pytest.fixture
def app_at(chromium, app_server: Server):
    """Return `open(width, height)`: a fresh session as `app`, in a window of that size."""
    def open_at(width: int, height: int):
        return browser_session(chromium, app_server, (width, height))

    return open_at


@contextmanager
def browser_session(chromium, app_server: Server, size: tuple[int, int]) -> Iterator[Session]:
    """A fresh context of `size` (width, height): non-loopback requests aborted, dialogs kept."""
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]},
                                   locale="fi-FI")
    session = Session(page=None, base_url=app_server.url)

    def guard(route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            session.blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("dialog", lambda dialog: (session.dialogs.append(dialog.message), dialog.dismiss()))
    session.page = page
    try:
        yield session
    finally:
        context.close()
    assert session.blocked == [], f"requests left the machine: {session.blocked}"
    assert session.dialogs == [], f"the page opened dialogs: {session.dialogs}"
