"""Every session-state key the app uses, with its default.

A widget's `key=` is its state key. Widgets never pass `value=`/`index=`: they read the value
`init()` put in session state, so there is one source of truth. State holds parameters
(codes, choices), never big frames. A page that needs a new key adds it to `DEFAULTS`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from coverage.ui.text import DEFAULT_LANG, lang_or_default

DEFAULTS: dict[str, Any] = {
    # app.py: language selector in the sidebar ("fi", "sv", "en")
    "lang": DEFAULT_LANG,
    # Yleiskuva: map theme (a key of coverage.ui.pages.yleiskuva.METRICS)
    "overview_metric": "share_65plus",
    # Yleiskuva: draw the providers as clustered markers
    "overview_show_providers": True,
    # Yleiskuva: kunta_code of the municipality last clicked on the map, or None
    "selected_kunta": None,
}


def init() -> None:
    """Fill in missing keys with their defaults; keep the values already set.

    Re-assigning a present key keeps a widget's value when the user visits a page without
    that widget (Streamlit otherwise drops the state of widgets not drawn in a run).
    """
    for key, default in DEFAULTS.items():
        st.session_state[key] = st.session_state.get(key, default)


def lang() -> str:
    """Return the chosen language code (Finnish if unset or unknown)."""
    return lang_or_default(st.session_state.get("lang"))


def get(key: str) -> Any:  # noqa: ANN401 - values differ per key
    """Return the value of a registered key (its default if unset)."""
    if key not in DEFAULTS:
        msg = f"unknown session key {key!r}: add it to coverage.ui.state.DEFAULTS"
        raise KeyError(msg)
    return st.session_state.get(key, DEFAULTS[key])
