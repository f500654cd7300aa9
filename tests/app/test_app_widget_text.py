"""ui/widget_text.py and the table fitting of ui/components.py: Streamlit's own texts in the
user's language, and tables no wider than the page.

The English of every `stw.*` text is checked against the pinned Streamlit's frontend bundle, so
an upgrade that rewords a text fails here instead of leaving it in English on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit

from coverage.ui import widget_text
from coverage.ui.components import (
    TABLE_WIDTH_PX,
    column_widths_px,
    columns_that_fit,
    text_width_px,
)
from coverage.ui.text import TEXT

BUNDLE = Path(streamlit.__file__).parent / "static" / "static" / "js"
STREAMLIT_KEYS = sorted(k for k in TEXT["en"] if k.startswith(widget_text.KEY_PREFIX))
COMPOSED = {
    # Streamlit builds these from smaller pieces: `${n} result${n === 1 ? "" : "s"}`,
    # `${i} of ${results}`, `${message}. Running the app's main page.`
    "stw.results": (" result",), "stw.result": (" result",),
    "stw.results_nth": (" of ", " result"), "stw.result_nth": (" of ", " result"),
    "stw.nth_over_1000": (" of ", "over 1000"),
    "stw.page_missing": ("The page that you have requested does not seem to exist",
                         ". Running the app's main page."),
    "stw.press_enter": ("Press Enter to ${e}", "`apply`"),  # `${inForm ? "submit form" : ...}`
    "stw.press_enter_form": ("Press Enter to ${e}", "`submit form`"),
}


@pytest.fixture(scope="module")
def bundle() -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in BUNDLE.glob("*.js"))


@pytest.mark.parametrize("key", STREAMLIT_KEYS)
def test_each_english_text_is_streamlits_own(bundle, key):
    english = TEXT["en"][key]
    pieces = COMPOSED.get(key) or [p for p in re.split(r"\{\w+\}", english) if p.strip()]
    for piece in pieces:
        assert piece in bundle, f"{key}: {piece!r} is not in Streamlit {streamlit.__version__}"


def _translate(text: str, lang: str) -> str | None:
    """What the page's script does with one text (the same rules, in Python)."""
    rules = widget_text.rules(lang)
    if text in rules["exact"]:
        return rules["exact"][text]
    for source, fields, template in rules["patterns"]:
        match = re.match(source, text)
        if match:
            values = dict(zip(fields, match.groups(), strict=True))
            return template.format(**values)
    return None


@pytest.mark.parametrize(("text", "fi", "sv"), [
    ("Upload", "Valitse tiedosto", "Välj fil"),
    ("50MB per file", "enintään 50MB / tiedosto", "högst 50MB per fil"),
    ("File must be 50.0MB or smaller.", "Tiedosto saa olla enintään 50.0MB.",
     "Filen får vara högst 50.0MB."),
    ("text/plain files are not allowed.", "Tiedostotyyppi ei kelpaa: text/plain.",
     "Filtypen är inte tillåten: text/plain."),
    ("Choose an option", "Valitse vaihtoehto", "Välj ett alternativ"),
    ("No results", "Ei osumia", "Inga träffar"),
    ("14 results", "14 osumaa", "14 träffar"),
    ("1 result", "1 osuma", "1 träff"),
    ("3 of 14 results", "3/14 osumaa", "3 av 14 träffar"),
    ("2 of over 1000", "2/yli 1000", "2 av över 1000"),
    ("Remove Kainuu", "Poista Kainuu", "Ta bort Kainuu"),
    ("Page not found", "Sivua ei löydy", "Sidan hittades inte"),
])
def test_streamlits_texts_in_finnish_and_swedish(text, fi, sv):
    assert _translate(text, "fi") == fi
    assert _translate(text, "sv") == sv
    assert _translate(text, "en") is None  # English: Streamlit's own text stays


def test_only_whole_texts_are_replaced():
    assert _translate("Upload a file", "fi") is None
    assert _translate("Search the table", "fi") is None
    assert _translate("Nothing to translate", "sv") is None


def test_every_streamlit_text_has_a_rule_in_finnish_and_swedish():
    for lang in ("fi", "sv"):
        rules = widget_text.rules(lang)
        assert len(rules["exact"]) + len(rules["patterns"]) == len(STREAMLIT_KEYS)
    assert widget_text.rules("en") == {"exact": {}, "patterns": []}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_script_survives_the_pages_html_sanitizer(lang):
    # DOMPurify drops a <script> whose text has "<" before a letter, "/" or "!" (as in a named
    # regex group): then nothing would be translated
    script = widget_text.script(lang)
    assert not re.search(r"<[/\w!]", script)
    assert "__RULES__" not in script
    assert "Page not found" not in script  # the rules are encoded, not English in the source
    html = widget_text.element_html(lang)
    assert f':has(#{widget_text.ELEMENT_ID})' in html  # its empty box is hidden
    assert f'<script id="{widget_text.ELEMENT_ID}">' in html


def test_column_widths_follow_the_longest_text():
    shown = pd.DataFrame({"Alue": ["Pohjois-Pohjanmaa", "Kainuu"], "Väestö": ["1", "22"]})
    widths = column_widths_px(shown)
    assert widths == {"Alue": text_width_px("Pohjois-Pohjanmaa"), "Väestö": text_width_px("Väestö")}
    assert text_width_px("abcd") > text_width_px("ab")


def test_columns_that_fit_keep_the_leading_ones():
    widths = {"a": 300, "b": 300, "c": 300, "d": 10}
    assert columns_that_fit(widths, 880) == ["a", "b"]  # d would fit, but it comes after c
    assert columns_that_fit(widths, 1000) == ["a", "b", "c", "d"]
    assert columns_that_fit(widths, 100) == ["a", "b"]  # at least two
    assert columns_that_fit(widths, 100, keep=1) == ["a"]
    assert columns_that_fit({"a": 100}, TABLE_WIDTH_PX) == ["a"]
    # a code goes first: the figures after it take its place
    codes = {"Koodi": 60, "Alue": 300, "Väestö": 300, "Kattavuus": 250}
    assert columns_that_fit(codes, 880, last=["Koodi"]) == ["Alue", "Väestö", "Kattavuus"]
    assert columns_that_fit(codes, 1000, last=["Koodi"]) == ["Alue", "Väestö", "Kattavuus",
                                                              "Koodi"]
