"""The app's pages, in navigation order: add a page by adding a `PageSpec` here.

A page is a script under this folder with a `render()` function and, at the bottom,
`if __name__ == "__main__": render()` (Streamlit runs page scripts as `__main__`; tests can
import them without drawing anything). Its title and navigation section are `ui.text` keys,
so they follow the language. See docs/app.md ("Adding a page").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, title, navigation section, icon and URL."""

    path: str
    """Script path relative to app.py (the repository root)."""
    title_key: str
    """`coverage.ui.text` key of the title."""
    section_key: str
    """`coverage.ui.text` key of the navigation section (one of SECTIONS)."""
    icon: str
    url_path: str
    default: bool = False


SECTIONS: tuple[str, ...] = ("nav.overview", "nav.analysis", "nav.planning", "nav.data")
"""Navigation sections in the order shown; a section without pages is not shown."""

PAGES: list[PageSpec] = [
    PageSpec("coverage/ui/pages/yleiskuva.py", "page.yleiskuva", "nav.overview",
             ":material/map:", "yleiskuva", default=True),
    PageSpec("coverage/ui/pages/aukot.py", "page.aukot", "nav.analysis",
             ":material/wrong_location:", "aukot"),
    PageSpec("coverage/ui/pages/koordinaatiomallit.py", "page.koordinaatiomallit",
             "nav.analysis", ":material/account_tree:", "koordinaatiomallit"),
    PageSpec("coverage/ui/pages/suunnittelu.py", "page.suunnittelu", "nav.planning",
             ":material/add_location_alt:", "suunnittelu"),
    PageSpec("coverage/ui/pages/aineisto.py", "page.aineisto", "nav.data",
             ":material/database:", "aineisto"),
    PageSpec("coverage/ui/pages/rekisteri.py", "page.rekisteri", "nav.data",
             ":material/edit_location_alt:", "rekisteri"),
]
