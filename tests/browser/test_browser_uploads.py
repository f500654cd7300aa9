"""Hostile and large uploads in a real browser: names stay text, limits are said, maps draw.

- A file named like a Markdown image pointing at an outside host, with HTML and a link in it,
  and provider names of the same kind: after the upload no <img> or <a> element comes from
  them on any page, and no request leaves 127.0.0.1 (page.on("request") and the conftest's
  route guard).
- The XLSX bomb (1 MB unpacking to 1 GiB) is refused with a message naming the limit.
- A 200 000-row upload is accepted and its preview map draws (a clustered sample).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest

from coverage.defaults import MAP_MAX_MARKERS, UPLOAD_MAX_ROWS, UPLOAD_MAX_UNPACKED_MB
from tests.hostile import GIB, xlsx_bomb

from .conftest import LOOPBACK, TIMEOUT_MS, Session
from .test_browser_app import _go, _open, _upload, _wait_idle, _wait_map_drawn

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.browser

EVIL_FILE = ("![x](https:203.0.113.5) <img src=https:203.0.113.5> **lihava** "
             "[linkki](https:203.0.113.5) www.example.com.csv")
EVIL_PROVIDER = "![y](https://203.0.113.5/y.png) <a href=https://203.0.113.5>nimi</a>"
CSV = (
    "name,type,lat,lon,address\n"
    f'"{EVIL_PROVIDER}",library,60.1738,24.9380,"[osoite](https:203.0.113.5)"\n'
    "Kela Kamppi,authority_desk,60.1690,24.9320,\n"
)
OUTSIDE_ELEMENTS_JS = """() => {
    const docs = [document, ...[...document.querySelectorAll('iframe')]
        .map(f => { try { return f.contentDocument; } catch (e) { return null; } })
        .filter(Boolean)];
    const found = [];
    for (const doc of docs) {
        for (const el of doc.querySelectorAll('img, a, image, iframe, script, link, source')) {
            const url = el.getAttribute('src') || el.getAttribute('href') || '';
            if (url.includes('203.0.113.5') || url.includes('example.com')) {
                found.push(el.outerHTML.slice(0, 200));
            }
        }
    }
    return found;
}"""


def _watch_requests(app: Session) -> list[str]:
    outside: list[str] = []

    def seen(request) -> None:
        host = urlparse(request.url).hostname or ""
        if not request.url.startswith(("data:", "blob:", "about:")) and host not in LOOPBACK:
            outside.append(request.url)

    app.page.on("request", seen)
    return outside


def test_hostile_file_name_and_values_stay_text(app: Session, tmp_path: Path):
    outside = _watch_requests(app)
    _open(app, "aineisto")
    _wait_idle(app)
    path = tmp_path / EVIL_FILE
    path.write_text(CSV, encoding="utf-8")
    _upload(app, path)
    app.page.get_by_text("hyväksyttiin: 2 palveluntarjoajaa").wait_for()
    _wait_idle(app)
    # the name is shown as typed, in the success message and the note under it
    success = app.page.get_by_test_id("stAlertContentSuccess").first.inner_text()
    assert EVIL_FILE in success
    _wait_map_drawn(app, 0, 2)
    app.screenshot("aineisto_hostile_name_fi")
    assert app.page.evaluate(OUTSIDE_ELEMENTS_JS) == []
    for title in ("Yleiskuva", "Aukot", "Suunnittelu"):
        _go(app, title)
        app.page.get_by_text(EVIL_FILE).first.wait_for()  # the caption: literal file name
        _wait_idle(app)
        assert app.page.evaluate(OUTSIDE_ELEMENTS_JS) == [], title
    app.screenshot("aukot_hostile_name_fi")
    assert outside == []


def test_the_xlsx_bomb_is_refused_naming_the_limit(app: Session, tmp_path: Path):
    _open(app, "aineisto")
    _wait_idle(app)
    path = tmp_path / "pommi.xlsx"
    path.write_bytes(xlsx_bomb(GIB))
    _upload(app, path)
    app.page.get_by_text("Tiedostoa ei voi käyttää").wait_for()
    _wait_idle(app)
    problems = app.page.get_by_test_id("stDataFrame").filter(has_text="pommi.xlsx").first
    problems.wait_for()
    cells = problems.locator("[data-testid^='glide-cell']")
    text = " | ".join(cells.nth(i).inner_text() for i in range(cells.count()))
    assert f"raja on {UPLOAD_MAX_UNPACKED_MB} Mt purettuna" in text, text
    app.screenshot("aineisto_xlsx_bomb_fi")


def test_a_200000_row_upload_draws(app: Session, tmp_path: Path):
    rnd = random.Random(1)  # noqa: S311 - test data
    lines = ["name,type,lat,lon"]
    lines += [f"Piste {i},library,{rnd.uniform(60.0, 68.0):.5f},{rnd.uniform(22.5, 29.5):.5f}"
              for i in range(UPLOAD_MAX_ROWS)]
    path = tmp_path / "suuri.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app.page.set_default_timeout(4 * TIMEOUT_MS)
    _open(app, "aineisto")
    _wait_idle(app)
    _upload(app, path)
    app.page.get_by_text("Tiedosto suuri.csv hyväksyttiin").wait_for()
    _wait_idle(app)
    frame = _wait_map_drawn(app, 0, 1)
    markers = frame.locator(".marker-cluster").count()
    assert markers > 0
    n = f"{UPLOAD_MAX_ROWS:,}".replace(",", "\u00a0")
    shown = f"{MAP_MAX_MARKERS:,}".replace(",", "\u00a0")
    app.page.get_by_text(f"Kartalla {shown} satunnaisesti valittua pistettä {n} pisteestä.")\
        .wait_for()
    app.screenshot("aineisto_200000_rows_fi")
