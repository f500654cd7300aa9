"""Digituki coverage: the Streamlit entry point. Pages only, no analysis (see docs/app.md).

Run: `streamlit run app.py` (settings in .streamlit/config.toml; map assets from
`python scripts/fetch_web_assets.py`; data from `python -m coverage sync`).

Streamlit runs this file as `__main__` for every session (`main()`). `streamlit run` also
finds the `st.App` below and serves the app through it: the same pages, plus a warm-up that
starts with the server (`coverage.ui.warmup`), so the first visitor does not wait for imports
and the dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from coverage.ui import state, warmup, widget_text
from coverage.ui.pages import PAGES, SECTIONS
from coverage.ui.text import LANGUAGES, t

# A local file: a `:material/...:` page icon would make the browser fetch it from Google.
FAVICON = str(Path(__file__).resolve().parent / "coverage" / "ui" / "static" / "favicon.svg")

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage


def navigation(lang: str) -> StreamlitPage:
    """Return the navigation over `PAGES`, grouped by section, titles in `lang`."""
    sections: dict[str, list] = {}
    for key in SECTIONS:
        pages = [
            st.Page(p.path, title=t(p.title_key, lang), icon=p.icon, url_path=p.url_path,
                    default=p.default)
            for p in PAGES if p.section_key == key
        ]
        if pages:
            sections[t(key, lang)] = pages
    return st.navigation(sections)


def main() -> None:
    """Set up the page, language and navigation, then run the chosen page."""
    state.init()
    state.read_url()
    lang = state.lang()
    st.set_page_config(page_title=t("app.title", lang), page_icon=FAVICON,
                       layout="wide", initial_sidebar_state="expanded")
    page = navigation(lang)
    with st.sidebar:
        # A fixed, trilingual label: the widget keeps its identity when the language changes.
        # Three buttons, not a select box: one click, and the first page then needs none of
        # the select box's JavaScript (the pages' theme control uses the same buttons).
        st.segmented_control(t("app.language", lang), options=list(LANGUAGES),
                             format_func=LANGUAGES.__getitem__, key="lang", required=True)
        st.caption(t("app.caption", lang))
    from coverage.ui.components import APP_CSS, area_controls  # noqa: PLC0415 - per session

    st.html(APP_CSS)
    widget_text.install(lang)  # Streamlit's own texts in `lang`
    area_controls(lang)
    state.write_url()
    page.run()
    warmup.page_view_done()


if __name__ == "__main__":
    main()
else:  # imported by `streamlit run app.py` (ASGI mode) to serve the app
    app = st.App(Path(__file__).resolve(), lifespan=warmup.lifespan)
