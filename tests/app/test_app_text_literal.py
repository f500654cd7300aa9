"""User text is text: a file name and values with Markdown/HTML are never rendered as such.

The session holds an accepted upload whose file name is a Markdown image pointing at an
outside host (with HTML, emphasis, a link, a colour directive and maths besides) and whose
provider names are the same kind of text. Every Markdown-rendered element of every page must
carry them only as a code span (file names, `components.markdown_code`) or escaped
(`components.markdown_text`); tables and map popups show them as plain text by construction.
The browser test (tests/browser) checks the rendered page.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coverage.ui import components
from coverage.ui.pages import PAGES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
EVIL_FILE = ("![x](https:203.0.113.5) <img src=x onerror=alert(1)> **lihava** "
             "[linkki](https:203.0.113.5) :red[punainen] $x^2$ www.example.com.csv")
EVIL_PROVIDER = "![y](https:203.0.113.5) <b>nimi</b>"
CSV = (
    "name,type,lat,lon,address\n"
    f'"{EVIL_PROVIDER}",library,60.1738,24.9380,"[osoite](https:203.0.113.5)"\n'
    "Kela Kamppi,authority_desk,60.1690,24.9320,\n"
).encode()
# What must never reach a Markdown element unescaped: the start of an image or link, HTML
MARKUP = re.compile(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(|(?<!\\)<(?:img|b|a)\b|(?<!\u2060)www\.")
SHOWS_UPLOAD = {"yleiskuva", "aukot", "koordinaatiomallit", "suunnittelu", "aineisto"}
CODE_SPAN = re.compile(r"(`+) .*? \1")


def _outside_code(text: str) -> str:
    return CODE_SPAN.sub("", text)


def _texts(at: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer."""
    elements = [*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.error,
                *at.title, *at.header, *at.subheader]
    return [str(e.value) for e in elements]


def _session(page_path: str, mode: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = "fi"
    at.session_state["upload_bytes"] = CSV
    at.session_state["upload_name"] = EVIL_FILE
    at.session_state["upload_sha"] = hashlib.sha256(CSV).hexdigest()
    at.session_state["upload_mode"] = mode
    at.session_state["hs_source"] = "file"
    at.session_state["hs_bases_bytes"] = b"name,lat,lon\n" + EVIL_FILE.encode() + b",66.5,25.7\n"
    at.session_state["hs_bases_name"] = EVIL_FILE
    at.session_state["plan_section"] = "home"
    at.run()
    at.switch_page(page_path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_no_page_renders_user_text_as_markup(page, app_dataset):
    at = _session(page.path, "add")
    texts = _texts(at)
    joined = "\n".join(texts)
    outside = "\n".join(_outside_code(t) for t in texts)
    assert EVIL_FILE not in outside
    assert EVIL_PROVIDER not in joined
    bad = [t for t in texts if MARKUP.search(_outside_code(t))]
    assert bad == []
    # the name is there, literally: the caption of every page using the upload says so
    if page.url_path in SHOWS_UPLOAD:
        assert components.markdown_code(EVIL_FILE) in joined


def test_the_home_support_bases_file_name_is_literal(app_dataset):
    at = _session("coverage/ui/pages/suunnittelu.py", "add")
    captions = [c.value for c in at.caption if "tukikohta" in c.value]
    assert captions, [c.value for c in at.caption]
    assert all(components.markdown_code(EVIL_FILE) in c for c in captions)


def test_markdown_text_escapes_every_markup_character():
    escaped = components.markdown_text(EVIL_FILE)
    assert not MARKUP.search(escaped)
    assert "\\*\\*lihava\\*\\*" in escaped
    assert "\\:red\\[punainen\\]" in escaped
    assert "\\$x\\^2\\$" in escaped
    assert components.markdown_text("a\nb\r\tc") == "a b c"
    assert components.markdown_text("www.x.fi") == "www\u2060\\.x\\.fi"
    assert components.markdown_text("https://x") == "https\\:\u2060\\/\\/x"


def test_markdown_code_fences_any_backticks():
    assert components.markdown_code("a.csv") == "` a.csv `"
    assert components.markdown_code("``x`") == "``` ``x` ```"
    assert components.markdown_code("a\nb") == "` a b `"
