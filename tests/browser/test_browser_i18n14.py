"""Text that fits and speaks the user's language, on the screens that matter.

- Canvas tables (`st.dataframe`) do not scroll sideways at 1366x768, 1440x900 and 1920x1080 in
  fi, sv and en. The DOM overflow test cannot see inside a canvas: here the table's own scroller
  (`.dvn-scroller` of the glide data grid) is measured, its scroll width against its width, on
  every page and every tab of it; Markdown tables are measured against their column.
- On a Finnish or Swedish page no text of Streamlit's own (the uploader's "Upload" and "50MB per
  file", "No results", "14 results" of a table search, the toolbar's "Search", "Page not found")
  is left in English: the visible texts and the `placeholder`, `aria-label` and `title` of
  visible elements are compared with Streamlit's English (`stw.*` in ui/text.py). In English the
  same check finds them, so it can fail.
"""

from __future__ import annotations

import re

import pytest

from coverage.ui import widget_text
from coverage.ui.pages import PAGES
from coverage.ui.text import TEXT, t

from .conftest import LAPTOP_SCREENS, Session
from .test_browser_app import _no_exception, _wait_idle

pytestmark = pytest.mark.browser

LANGS = ("fi", "sv", "en")

SIDEWAYS_TABLES = """() => {
    const canvas = [...document.querySelectorAll('[data-testid="stDataFrame"]')]
        .filter(df => df.checkVisibility() && df.clientWidth > 0)
        .map(df => {
            const scroller = df.querySelector('.dvn-scroller');
            const headers = [...df.querySelectorAll('[role="columnheader"]')]
                .map(h => h.innerText.trim()).filter(Boolean);
            return {scroll: scroller ? scroller.scrollWidth : 0,
                    client: scroller ? scroller.clientWidth : 0, headers: headers.join(' | ')};
        });
    const markdown = [...document.querySelectorAll('[data-testid="stMarkdown"] table')]
        .filter(table => table.checkVisibility())
        .map(table => ({scroll: Math.round(table.getBoundingClientRect().width),
                        client: table.closest('[data-testid="stMarkdown"]').clientWidth,
                        headers: [...table.querySelectorAll('th')].map(h => h.innerText.trim())
                            .join(' | ')}));
    return [...canvas, ...markdown].filter(m => m.scroll > m.client + 1);
}"""
"""Visible tables wider than their box: a canvas table's scroller scrolls sideways, or a
Markdown table runs past its column."""

VISIBLE_TEXTS = """() => {
    // Visible text nodes (not material-icon ligatures such as "upload") and the placeholder,
    // aria-label and title of visible elements: what a user sees or a screen reader says.
    const out = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        const text = n.nodeValue.trim();
        if (!text || !el || el.closest('script, style, [data-testid="stIconMaterial"]')) continue;
        if (el.checkVisibility()) out.add(text);
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
        if (!el.checkVisibility()) continue;
        for (const a of ['placeholder', 'aria-label', 'title']) {
            const v = (el.getAttribute(a) || '').trim();
            if (v) out.add(v);
        }
    }
    return [...out];
}"""


def _streamlit_english() -> tuple[set[str], list[re.Pattern[str]]]:
    """Return Streamlit's English texts: whole strings, and patterns of the ones with a field."""
    exact, patterns = set(), []
    for key, english in TEXT["en"].items():
        if key.startswith(widget_text.KEY_PREFIX):
            if "{" in english:
                patterns.append(re.compile(widget_text.pattern_source(english)))
            else:
                exact.add(english)
    return exact, patterns


def english_left(texts: list[str]) -> list[str]:
    """Return the texts in `texts` that are Streamlit's own English."""
    exact, patterns = _streamlit_english()
    return sorted(x for x in texts if x in exact or any(p.match(x) for p in patterns))


def _url(page, lang: str) -> str:
    return f"{'' if page.default else page.url_path}?lang={lang}"


def _goto(app: Session, path: str) -> None:
    app.page.goto(f"{app.base_url}/{path}")
    app.page.wait_for_selector("h1")
    _wait_idle(app)
    app.page.wait_for_timeout(1000)  # late layout: tables size their columns after drawing


def _tabs(app: Session):
    return app.page.get_by_test_id("stMain").get_by_role("tab")


TABLE_CASES = [
    # every language on the narrowest screen (the longest words have the least room), and
    # Finnish on the wider ones: tables size to the estimate, the screen only adds room
    *[pytest.param(*LAPTOP_SCREENS[0], lang, id=f"{LAPTOP_SCREENS[0][0]}-{lang}")
      for lang in LANGS],
    *[pytest.param(w, h, "fi", id=f"{w}-fi") for w, h in LAPTOP_SCREENS[1:]],
]


@pytest.mark.parametrize(("width", "height", "lang"), TABLE_CASES)
def test_no_table_scrolls_sideways(app_at, width, height, lang):
    sideways: dict[str, list] = {}
    measured = 0
    with app_at(width, height) as app:
        for page in PAGES:
            _goto(app, _url(page, lang))
            found = app.page.evaluate(SIDEWAYS_TABLES)
            measured += app.page.get_by_test_id("stDataFrame").count()
            for i in range(_tabs(app).count()):  # tables in the other tabs of the page
                _tabs(app).nth(i).click()
                _wait_idle(app)
                app.page.wait_for_timeout(500)
                found += app.page.evaluate(SIDEWAYS_TABLES)
            if found:
                sideways[page.url_path] = found
            _no_exception(app)
            if width == LAPTOP_SCREENS[0][0]:
                app.screenshot(f"i18n14_tables_{page.url_path}_{lang}_{width}")
    assert measured >= 4, "the pages showed fewer canvas tables than they have"
    assert sideways == {}


def _search_a_table(app: Session) -> None:
    """Search the first canvas table for "a": the grid says how many cells matched."""
    table = app.page.get_by_test_id("stDataFrame").first
    table.hover()
    toolbar = app.page.get_by_test_id("stElementToolbar").first
    toolbar.locator("button").nth(2).click()  # show/hide columns, download, search, fullscreen
    app.page.keyboard.type("a")
    app.page.locator(".gdg-search-bar").first.wait_for()
    app.page.wait_for_timeout(500)


def _no_results_in_a_select_box(app: Session) -> None:
    """Type what no option has into the sidebar's area box: Streamlit says "No results"."""
    app.page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    app.page.keyboard.type("zzzz")
    app.page.wait_for_timeout(500)


@pytest.mark.parametrize("lang", LANGS)
def test_streamlit_texts_speak_the_users_language(app_at, lang):
    seen: dict[str, list[str]] = {}
    with app_at(1366, 768) as app:
        for page in PAGES:
            _goto(app, _url(page, lang))
            for expander in app.page.get_by_test_id("stExpander").all():
                expander.locator("summary").click()  # e.g. the register's file import
            _wait_idle(app)
            seen[page.url_path] = app.page.evaluate(VISIBLE_TEXTS)
        _goto(app, f"aineisto?lang={lang}")
        _search_a_table(app)
        seen["table search"] = app.page.evaluate(VISIBLE_TEXTS)
        app.page.keyboard.press("Escape")
        _no_results_in_a_select_box(app)
        seen["select box"] = app.page.evaluate(VISIBLE_TEXTS)
        app.page.keyboard.press("Escape")
        app.screenshot(f"i18n14_select_{lang}")
        app.page.goto(f"{app.base_url}/yleiskuva?lang={lang}")  # the default page's own name
        app.page.get_by_role("dialog").wait_for()
        _wait_idle(app)  # it is in English until the app's first run has put the script in
        seen["page not found"] = app.page.evaluate(VISIBLE_TEXTS)
        _no_exception(app)
    left = {where: english_left(texts) for where, texts in seen.items()}
    if lang == "en":  # the check can see Streamlit's English where it should be there
        assert t("stw.upload", "en") in left["aineisto"]
        assert any(x.endswith(" per file") for x in left["aineisto"]), left["aineisto"]
        assert t("stw.no_results", "en") in left["select box"]
        assert any(re.fullmatch(r"\d+ results?", x) for x in left["table search"]), left[
            "table search"]
        assert t("stw.page_not_found", "en") in left["page not found"]
    else:
        assert {where: texts for where, texts in left.items() if texts} == {}
        assert t("stw.upload", lang) in seen["aineisto"]
        assert t("stw.no_results", lang) in seen["select box"]
