# ruff: noqa: RUF001 - the expected output uses en dashes on purpose
"""ui/text.py: the three languages agree, and numbers are written as each language writes them."""

from __future__ import annotations

import string

import pytest

from coverage import maps
from coverage.ui import text
from coverage.ui.components import markdown_table, markdown_text
from coverage.ui.pages import PAGES, SECTIONS
from coverage.ui.text import NBSP, fmt_date, fmt_datetime, fmt_float, fmt_int, fmt_pct, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("table", [text.TEXT, maps.POPUP_TEXT], ids=["ui", "map-popups"])
def test_languages_have_equal_keys_and_placeholders(table):
    assert set(table) == {"fi", "sv", "en"}
    keys = set(table["fi"])
    for lang in ("sv", "en"):
        assert set(table[lang]) == keys, f"{lang}: {set(table[lang]) ^ keys}"
        for key in keys:
            assert _fields(table[lang][key]) == _fields(table["fi"][key]), f"{lang} {key}"
            assert table[lang][key].strip(), f"{lang} {key} is empty"


def test_every_page_and_section_has_a_title():
    for spec in PAGES:
        assert spec.section_key in SECTIONS
        for lang in text.LANGUAGES:
            assert t(spec.title_key, lang)
            assert t(spec.section_key, lang)
    assert sum(p.default for p in PAGES) == 1


def test_t_fills_placeholders_and_falls_back_to_finnish():
    assert t("fig.share_of_population", "fi", pct="5 %") == "5 % väestöstä"
    assert t("fig.share_of_population", "sv", pct="5 %") == "5 % av befolkningen"
    assert t("page.yleiskuva", "de") == "Yleiskuva"
    with pytest.raises(KeyError):
        t("no.such.key", "fi")


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (5635971, "fi", f"5{NBSP}635{NBSP}971"),
        (5635971, "sv", f"5{NBSP}635{NBSP}971"),
        (5635971, "en", "5,635,971"),
        (308, "fi", "308"),
        (1000, "en", "1,000"),
        (999.5, "fi", f"1{NBSP}000"),
        (-1234, "fi", f"-1{NBSP}234"),
        (0, "en", "0"),
        (None, "fi", "–"),
        (float("nan"), "en", "–"),
    ],
)
def test_fmt_int(value, lang, expected):
    assert fmt_int(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.567, "fi", 1, f"1{NBSP}234,6"),
        (1234.567, "sv", 2, f"1{NBSP}234,57"),
        (1234.567, "en", 1, "1,234.6"),
        (0.04, "fi", 1, "0,0"),
        (-0.04, "fi", 1, "0,0"),
        (-12.25, "en", 1, "-12.2"),
    ],
)
def test_fmt_float(value, lang, decimals, expected):
    assert fmt_float(value, lang, decimals) == expected


def test_fmt_pct():
    assert fmt_pct(0.23577, "fi") == f"23,6{NBSP}%"
    assert fmt_pct(0.23577, "sv") == f"23,6{NBSP}%"
    assert fmt_pct(0.23577, "en") == "23.6%"
    assert fmt_pct(1, "en", 0) == "100%"
    assert fmt_pct(None, "fi") == "–"


def test_dates():
    assert fmt_date("2024-12-31", "fi") == "31.12.2024"
    assert fmt_date("2024-01-05", "sv") == "5.1.2024"
    assert fmt_date("2024-12-31", "en") == "2024-12-31"
    assert fmt_date("not a date", "fi") == "not a date"
    assert fmt_datetime("2026-11-28T01:12:09+00:00", "fi") == "28.11.2026 klo 01.12 UTC"
    assert fmt_datetime("2026-11-28T03:12:09+02:00", "sv") == "28.11.2026 kl. 01.12 UTC"
    assert fmt_datetime("2026-11-28T01:12:09+00:00", "en") == "2026-11-28 01:12 UTC"


def test_column_headings_are_distinct_in_every_language():
    """Two columns with the same heading would overwrite each other in a formatted table."""
    for lang, table in text.TEXT.items():
        headings = [v for k, v in table.items() if k.startswith("col.")]
        duplicates = {h for h in headings if headings.count(h) > 1}
        assert not duplicates, (lang, duplicates)


def test_markdown_table_escapes_cells_and_aligns_numbers():
    table = markdown_table([{"Tyyppi": "Kirjasto | <b>x</b>", "Määrä": "1\u00a0054"}],
                           right={"Määrä"})
    assert table.splitlines() == [
        "| Tyyppi | Määrä |",
        "| :--- | ---: |",
        "| Kirjasto \\| \\<b\\>x\\<\\/b\\> | 1\u00a0054 |",
    ]
    assert markdown_table([]) == ""


def test_markdown_text_is_literal_on_one_line():
    assert markdown_text("*a* [l](u) ![i](u) :red[x] :material/home: $m$\r\nb") == (
        "\\*a\\* \\[l\\]\\(u\\) \\!\\[i\\]\\(u\\) \\:red\\[x\\] "
        "\\:material\\/home\\: \\$m\\$ b")
    assert markdown_text("5\u00a0635\u00a0971") == "5\u00a0635\u00a0971"  # no-break spaces kept
