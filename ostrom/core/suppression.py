"""Counts of people, shown so that no one can be picked out of them.

`protect` is the method behind every breakdown of a set of people that a user can shape (members,
applicants, a grant panel, voters, a conversation's opinion group); `accounts.selectors.breakdown_people`
is its one caller. A coordinator can change such a set by one person and compare the page before and
after ("Indian 6→7" names the person added), so hiding small counts is not enough. Four rules:

1. Minimum set size. A set of fewer than `minimum_people()` people (the BREAKDOWN_MINIMUM_PEOPLE
   setting, 20 by default) is not broken down at all: a few people's answers are theirs, not a
   statistic. The page says "Fewer than 20 people: too few to break down without identifying someone".
2. Every count is randomly rounded to a multiple of 5 by the cell-key method, as the ONS used for
   Census 2021. Each person has a fixed random record key (`User.record_key`, 0–255). A cell's key is
   the sum of its people's record keys, plus the set's offset for that cell (rule 3), mod 256. The
   perturbation table `PERTURBATION_TABLE[count % 5][cell key]` moves the count down to the multiple
   of 5 below or up to the one above; of the 256 keys, about (count % 5)/5 round up, so a rounded
   count is the true count on average and never more than 4 away. Every category, "Not answered" and
   the set's total are rounded the same way; shares and bars are worked out from the rounded counts.
   The same set always shows the same figures, so asking again and averaging gains nothing.
3. The set key. With cell keys alone, adding one person changes only the cells that person is in,
   and "which cell changed" names their category. So every cell's key also takes an offset from the
   set key, a keyed hash (Django's SECRET_KEY) of exactly who is in the set: when membership changes,
   every cell is rounded afresh and many cells move, not only the added person's. One person added
   shifts the chance that their own cell rounds up by about 1/5, so a single comparison can raise
   any guesser's chance of naming their category by at most 1 in 5; guessing "the category whose
   count rose" gains a few percentage points over ignoring the page (tests/core/test_differencing_attack.py).
4. A rounded count of 0 shows as "fewer than 5", and so does a true zero: shown counts are multiples
   of 5 from 5 up, and no count from 1 to 4 ever appears. Zeros are not shown as 0 because in a set
   someone shaped, a 0 that stops being 0 names the person just added (one Roma resident added to
   49 people with none). One person in an otherwise empty group now shows as "fewer than 5" four
   times in five, like any group of 1 to 4; the fifth time it shows as 5. That 1-in-5 step is the
   least any rounding must take somewhere between 0 and 5 people if "fewer than 5" is always true.
   Many comparisons of sets built around one person would add up; one comparison reveals little.

Secondary suppression is not applied to breakdowns: every shown count and the total carry their own
rounding (up to ±4 each, unknown to the reader), so subtracting the shown cells from the shown total
gives a hidden cell only to within the sum of those roundings, not its value. `suppress` (primary and
secondary suppression of exact counts) remains for the panel lottery's quota table.
"""

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

SUPPRESSED_TEXT = "fewer than 5"
ROUNDING_BASE = 5
KEY_SPACE = 256

# PERTURBATION_TABLE[remainder][cell key]: what to add to a count with that remainder (count % 5)
# to round it to a multiple of 5. Keys 0–51 form the first fifth, then 52–102, 103–153, 154–204
# and 205–255; a count with remainder r rounds up for keys in the first r fifths.
PERTURBATION_TABLE: tuple[tuple[int, ...], ...] = tuple(
    tuple(
        ROUNDING_BASE - remainder if key * ROUNDING_BASE // KEY_SPACE < remainder else -remainder
        for key in range(KEY_SPACE)
    )
    for remainder in range(ROUNDING_BASE)
)


@dataclass(frozen=True)
class Cell:
    count: int | None  # None when suppressed
    share: float | None  # share of the shown total, None when suppressed

    @property
    def is_suppressed(self) -> bool:
        return self.count is None

    @property
    def text(self) -> str:
        return gettext("fewer than 5") if self.count is None else f"{self.count:,}"

    @property
    def share_text(self) -> str:
        return "" if self.share is None else f"{self.share:.0%}"


@dataclass(frozen=True)
class ProtectedCounts:
    cells: dict[str, Cell]
    total: int  # rounded like every cell

    @property
    def total_text(self) -> str:
        return f"{self.total:,}"


def minimum_people() -> int:
    return settings.BREAKDOWN_MINIMUM_PEOPLE


def too_few_text() -> str:
    return gettext("Fewer than %(minimum)s people: too few to break down without identifying someone") % {
        "minimum": minimum_people()
    }


def set_key(member_ids: Iterable[int]) -> bytes:
    """A keyed hash of exactly who is in the set: any change of membership gives a new, unguessable key."""
    members = ",".join(str(member) for member in sorted(member_ids))
    return salted_hmac("ostrom.core.suppression.set_key", members, algorithm="sha256").digest()


def cell_key(record_keys: Sequence[int], *, set_key: bytes) -> int:
    """The ONS cell key (record keys summed mod 256), offset by a byte keyed by the set and the cell.

    The offset is a hash of the set key and the cell's record keys, so cells holding the same people
    round alike (a category holding everyone rounds exactly as the total), while for two different
    sets each cell's offset agrees only by chance, 1 in 256 and independently of the other cells, not
    all at once as one shared offset would."""
    contents = ",".join(str(key) for key in sorted(record_keys))
    offset = hmac.new(set_key, contents.encode(), hashlib.sha256).digest()[0]
    return (sum(record_keys) + offset) % KEY_SPACE


def rounded(count: int, key: int) -> int:
    return count + PERTURBATION_TABLE[count % ROUNDING_BASE][key]


def protect(record_keys_by_cell: Mapping[str, Sequence[int]], *, set_key: bytes) -> ProtectedCounts:
    """Round every cell and the total of one breakdown (see the module docstring).

    `record_keys_by_cell` maps each category to the record keys of the people in it; the categories
    must share out the whole set between them (one of them being "not answered"), because the total
    is worked out from all of them. Cells rounding to 0 are suppressed; shares are of the rounded total
    (at most 100%: a category holding nearly everyone can round up past the total)."""
    everyone = [key for keys in record_keys_by_cell.values() for key in keys]
    total = rounded(len(everyone), cell_key(everyone, set_key=set_key))
    cells = {}
    for name, keys in record_keys_by_cell.items():
        count = rounded(len(keys), cell_key(keys, set_key=set_key))
        share = min(count / total, 1.0) if total else 1.0
        cells[name] = Cell(None, None) if count == 0 else Cell(count, share)
    return ProtectedCounts(cells, total)


def suppress(counts: Mapping[str, int], threshold: int | None = None) -> dict[str, Cell]:
    """Exact counts with those from 1 to threshold-1 hidden, and the next smallest too when only one
    is hidden, so it cannot be worked out by subtracting the others from a total shown beside them."""
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
