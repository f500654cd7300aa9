"""An empty provider set is refused naming the filter that emptied it (hand-made providers)."""

from __future__ import annotations

import pandas as pd
import pytest

from coverage.accessibility import ProviderFilter
from coverage.messages import localized

PROVIDERS = pd.DataFrame({
    "provider_type": ["library", "library", "ngo"],
    "auta_part": ["AB", "A", "B"],
    "channel": ["walk_in", "walk_in", "home_visit"],
    "languages": ["fi;sv", "fi", ""],
    "svc_digituki": [True, False, False],
    "svc_seniorsurf": [False, False, True],
    "location_approximate": [False, True, True],
})


@pytest.mark.parametrize(("filt", "named", "before", "available"), [
    (ProviderFilter(types=("police",)), "provider type (--provider-type) = police", 3,
     "library, ngo"),
    (ProviderFilter(types=("ngo",), auta_parts=("A",)), "AUTA part (--auta-part) = A", 1, "B"),
    (ProviderFilter(types=("ngo",), channels=("walk_in",)), "channel (--channel) = walk_in", 1,
     "home_visit"),
    (ProviderFilter(types=("ngo",), flags=("digituki",)), "service flag (--provider-flag) = "
     "digituki", 1, "seniorsurf"),
    (ProviderFilter(types=("ngo",), languages=("sv",), include_approximate=True),
     "language (--language) = sv", 1, "none"),
    (ProviderFilter(channels=("home_visit",)), "points with an exact address only", 1, "none"),
])
def test_the_step_that_empties_the_set_is_named(filt, named, before, available):
    assert filt.apply(PROVIDERS).empty
    said = localized(filt.why_empty(PROVIDERS), "en")
    assert f"after the filter {named}" in said
    noun = "provider" if before == 1 else "providers"
    assert f"({before} {noun} before it; values there: {available})" in said


def test_the_message_is_in_the_users_language():
    filt = ProviderFilter(types=("police",))
    problem = filt.why_empty(PROVIDERS)
    assert localized(problem, "sv").startswith("Ingen leverantör återstår efter filtret "
                                               "leverantörstyp = police (3 leverantörer")
    assert localized(problem, "fi").startswith("Yhtään palveluntarjoajaa ei jää suodattimen "
                                               "palveluntarjoajan tyyppi = police")


def test_no_provider_at_all():
    said = localized(ProviderFilter().why_empty(PROVIDERS.iloc[:0]), "en")
    assert said.startswith("there is no provider to measure from")


def test_a_filter_that_keeps_some_providers_keeps_them():
    kept = ProviderFilter(types=("library",), include_approximate=True).apply(PROVIDERS)
    assert kept.index.tolist() == [0, 1]
