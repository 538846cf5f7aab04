"""Small-number suppression: counts of people under the threshold are never shown.

Primary suppression hides every count from 1 to threshold-1. Secondary suppression then hides
the next smallest count whenever exactly one is hidden, so the hidden one cannot be worked
out by subtracting the others from a total shown beside them.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings

SUPPRESSED_TEXT = "fewer than 5"


@dataclass(frozen=True)
class Cell:
    count: int | None  # None when suppressed
    share: float | None  # share of the shown total, None when suppressed

    @property
    def is_suppressed(self) -> bool:
        return self.count is None

    @property
    def text(self) -> str:
        return SUPPRESSED_TEXT if self.count is None else f"{self.count:,}"

    @property
    def share_text(self) -> str:
        return "" if self.share is None else f"{self.share:.0%}"


def suppress(counts: Mapping[str, int], threshold: int | None = None) -> dict[str, Cell]:
    limit = settings.SUPPRESSION_THRESHOLD if threshold is None else threshold
    hidden = {key for key, count in counts.items() if 0 < count < limit}
    if len(hidden) == 1:
        shown = sorted(
            ((count, key) for key, count in counts.items() if key not in hidden and count > 0),
        )
        if shown:
            hidden.add(shown[0][1])
    total = sum(counts.values())
    return {
        key: Cell(None, None) if key in hidden else Cell(count, count / total if total else 0.0)
        for key, count in counts.items()
    }


def suppress_total(total: int, threshold: int | None = None) -> str:
    limit = settings.SUPPRESSION_THRESHOLD if threshold is None else threshold
    return SUPPRESSED_TEXT if 0 < total < limit else f"{total:,}"
