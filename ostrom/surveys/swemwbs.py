"""The Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS): its items, its answer scale and its score.

Pure Python, no Django. The wording and the scale are written out below (tests/surveys/test_swemwbs.py
checks them against the published files); the raw → metric conversion is read from the CSV file in
`data/` (a copy of the published table: see tests/data/swemwbs/README.md for sources).

The wording is marked for translation with `_`, which only marks it: these constants stay the English
(the API, the exports and the scoring use them), and pages show them through `swemwbs_shown`, which
translates them into the reader's language.

Scoring: the 7 items are each answered 1–5; their sum is the raw score (7–35), converted to the Rasch
metric score with the published table. If any item is missing or out of range the score is not
computable (None): it is never guessed from the other items.

SWEMWBS © NHS Health Scotland, the University of Warwick and the University of Edinburgh, 2008, all
rights reserved. Free to use; Warwick asks users to register their use.
"""

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _(wording: str) -> str:
    """Marks wording for translation (Babel extracts `_("...")`) and returns it unchanged."""
    return wording


# One line each, so that the translators' note sits right above its message (fmt: off keeps it so).
# fmt: off
# Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
COPYRIGHT = _("Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, University of "
              "Warwick and University of Edinburgh, 2008, all rights reserved.")
# Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
INSTRUCTION = _("Below are some statements about feelings and thoughts. Please tick the box that best describes "
                "your experience of each over the last 2 weeks.")
# fmt: on


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


# The 7 statements in their published order.
ITEMS: tuple[str, ...] = (
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    _("I've been feeling optimistic about the future"),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    _("I've been feeling useful"),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    _("I've been feeling relaxed"),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    _("I've been dealing with problems well"),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    _("I've been thinking clearly"),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    _("I've been feeling close to other people"),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    _("I've been able to make up my own mind about things"),
)
# The answer scale: each statement is answered 1 to 5.
SCALE: tuple[tuple[int, str], ...] = (
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    (1, _("None of the time")),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    (2, _("Rarely")),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    (3, _("Some of the time")),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    (4, _("Often")),
    # Translators: licensed SWEMWBS wording: use only the official translation published by Warwick Medical School, word for word.
    (5, _("All of the time")),
)
RAW_TO_METRIC: dict[int, float] = {
    int(row["raw"]): float(row["metric"]) for row in _rows("swemwbs_raw_to_metric.csv")
}
LOWEST, HIGHEST = min(value for value, _label in SCALE), max(value for value, _label in SCALE)


@dataclass(frozen=True)
class Band:
    label: str
    low: float  # inclusive
    high: float  # exclusive, except the last band, which includes 35

    def holds(self, score: float) -> bool:
        return self.low <= score < self.high or (self.high == 35 and score == 35)


# Equal bands of the metric range, for showing the spread of scores. They are not clinical thresholds.
BANDS: tuple[Band, ...] = (
    Band("7 to 14.9", 7, 15),
    Band("15 to 19.9", 15, 20),
    Band("20 to 24.9", 20, 25),
    Band("25 to 29.9", 25, 30),
    Band("30 to 35", 30, 35),
)


def is_item_value(value) -> bool:
    """One item's answer: a whole number from 1 to 5 (not a bool, not 2.5, not "3")."""
    return type(value) is int and LOWEST <= value <= HIGHEST


def raw_score(items: Sequence) -> int | None:
    """The sum of the 7 items, or None if there are not exactly 7 answers each from 1 to 5."""
    if len(items) != len(ITEMS) or not all(is_item_value(value) for value in items):
        return None
    return sum(items)


def metric_score(items: Sequence) -> float | None:
    """The metric score (7.00–35.00) from the 7 item answers in order, or None when not computable."""
    raw = raw_score(items)
    return None if raw is None else RAW_TO_METRIC[raw]


def band_of(score: float) -> Band:
    return next(band for band in BANDS if band.holds(score))
