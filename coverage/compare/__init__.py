"""Option comparison: which regional level should coordinate digital support.

Per coordinator option (a division of the municipalities into units, each with a seat) the
figures a ministry weighs (units to steer, size, seat distances, coverage, inequality of access
split into between- and within-unit parts with the Theil T index, need whose nearest provider
lies in another unit, languages), then a transparent weighted score with its sensitivity to the
weights. Definitions: docs/compare.md.

One concern per module: `inequality` (Theil T, closeness), `scoring` (weights, criteria, score,
sensitivity), `options` (the option tables and `compare_options`). Reach (km or minutes) is the
prepared scenario's (`coverage.reach`). Everything is importable from `coverage.compare`.
"""

from coverage.compare.inequality import TheilResult, closeness, closeness_minutes, theil
from coverage.compare.options import (
    ALAND_MAAKUNTA,
    ALAND_SPLIT_BASIS,
    ALAND_UNIT_CODE,
    ALL_OPTIONS,
    BILINGUAL_CODES,
    EXTRA_OPTIONS,
    MINUTE_COLUMNS,
    OPTIONS,
    SCOPE_MAINLAND,
    SCOPE_WHOLE,
    SEAT_COLUMNS,
    SUMMARY_FIRST,
    SWEDISH_SPEAKING_CODES,
    THEIL_VARIABLES,
    CompareSettings,
    Comparison,
    OptionDivision,
    compare_options,
    comparison_meta,
    option_division,
    option_units,
    summary_first,
)
from coverage.compare.scoring import (
    CRITERIA,
    CRITERIA_MINUTES,
    DEFAULT_WEIGHTS,
    Criterion,
    Weights,
    criteria_for,
    normalise_criteria,
    parse_weights,
    score,
    sensitivity,
)
from coverage.network import SEAT_SEARCH_LIMITS_MIN, seat_travel_minutes
from coverage.reach import CLOSENESS_SCALE_MIN

__all__ = [
    "ALAND_MAAKUNTA", "ALAND_SPLIT_BASIS", "ALAND_UNIT_CODE", "ALL_OPTIONS", "BILINGUAL_CODES",
    "CLOSENESS_SCALE_MIN", "CRITERIA", "CRITERIA_MINUTES", "DEFAULT_WEIGHTS", "EXTRA_OPTIONS",
    "MINUTE_COLUMNS", "OPTIONS", "SCOPE_MAINLAND", "SCOPE_WHOLE", "SEAT_COLUMNS",
    "SEAT_SEARCH_LIMITS_MIN", "SUMMARY_FIRST", "SWEDISH_SPEAKING_CODES", "THEIL_VARIABLES",
    "CompareSettings", "Comparison", "Criterion", "OptionDivision", "TheilResult", "Weights",
    "closeness", "closeness_minutes", "compare_options", "comparison_meta", "criteria_for",
    "normalise_criteria", "option_division", "option_units", "parse_weights", "score",
    "seat_travel_minutes", "sensitivity", "summary_first", "theil",
]
