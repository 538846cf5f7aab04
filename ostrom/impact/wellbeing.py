"""A programme's wellbeing summary from SWEMWBS pairs (baseline and follow-up answers of one person).

Pure: no Django. `impact/wellbeing_selectors.py` builds the pairs from `WellbeingScore` rows and passes
the meaningful change and the suppression threshold in from settings.

Each side of a pair is scored with the one scoring function, `ostrom.surveys.swemwbs.metric_score`; a
pair with any item missing (or out of range) on either side has no change score, so it is left out and
counted as excluded – never guessed. Over the complete pairs:

- the share who improved (follow-up metric score above baseline);
- the mean change in metric score with a 95% confidence interval from the t distribution with n − 1
  degrees of freedom (mean ± t(0.975, n − 1) × s / √n, s the sample standard deviation of the changes);
- the share whose change was at least the meaningful change (an improvement), and the share whose
  change was a decline of at least that much.

Small numbers are not shown. With fewer complete pairs than `minimum` no figure is worked out at all.
A share is also withheld when it describes from 1 to minimum − 1 people, or leaves that few outside it
(with the number of pairs beside it, 96% of 50 names the 2 who did not improve). The number excluded is
withheld when it is from 1 to minimum − 1.

Changes are rounded to 2 decimal places (the precision of the published metric table) before they are
compared with the threshold, so 23.73 − 20.73 counts as exactly 3.
"""

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scipy import stats

from ostrom.surveys import swemwbs

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Pair:
    """One person's 7 item answers at baseline and at follow-up, in the published order (None where missing)."""

    baseline: Sequence[int | None]
    follow_up: Sequence[int | None]


@dataclass(frozen=True)
class Share:
    """How many of the pairs, and what share: both None when withheld because too few people."""

    count: int | None
    share: float | None

    @property
    def is_withheld(self) -> bool:
        return self.share is None


@dataclass(frozen=True)
class Summary:
    pair_count: int  # complete pairs
    excluded_count: int | None  # None when withheld (from 1 to minimum − 1)
    meaningful_change: float
    minimum: int
    improved: Share
    meaningful_improvement: Share
    meaningful_decline: Share
    mean_baseline: float | None
    mean_follow_up: float | None
    mean_change: float | None
    confidence_low: float | None
    confidence_high: float | None

    @property
    def is_too_few(self) -> bool:
        """Fewer complete pairs than the minimum: no figure is shown."""
        return self.pair_count < self.minimum

    @property
    def pair_count_shown(self) -> int | None:
        """The number of complete pairs, None when withheld: from 1 to minimum − 1 it is a small count
        of people, shown nowhere (a page, a spreadsheet or the API)."""
        return None if 0 < self.pair_count < self.minimum else self.pair_count


def change_of(pair: Pair) -> float | None:
    """Follow-up metric score minus baseline metric score, or None if either cannot be scored."""
    before = swemwbs.metric_score(pair.baseline)
    after = swemwbs.metric_score(pair.follow_up)
    if before is None or after is None:
        return None
    return round(after - before, 2)


def summarise(pairs: Iterable[Pair], *, meaningful_change: float, minimum: int) -> Summary:
    """The summary of `pairs` (see the module docstring); the order of the pairs never matters."""
    pairs = list(pairs)
    scored = []
    for pair in pairs:
        change = change_of(pair)
        if change is not None:
            scored.append((swemwbs.metric_score(pair.baseline), swemwbs.metric_score(pair.follow_up), change))
    excluded = len(pairs) - len(scored)
    excluded_shown = None if 0 < excluded < minimum else excluded
    n = len(scored)
    withheld = Share(None, None)
    if n < minimum:
        return Summary(
            pair_count=n,
            excluded_count=excluded_shown,
            meaningful_change=meaningful_change,
            minimum=minimum,
            improved=withheld,
            meaningful_improvement=withheld,
            meaningful_decline=withheld,
            mean_baseline=None,
            mean_follow_up=None,
            mean_change=None,
            confidence_low=None,
            confidence_high=None,
        )
    changes = sorted(change for _, _, change in scored)
    mean_change = math.fsum(changes) / n
    spread = statistics.stdev(changes)
    margin = float(stats.t.ppf((1 + CONFIDENCE) / 2, n - 1)) * spread / math.sqrt(n)
    return Summary(
        pair_count=n,
        excluded_count=excluded_shown,
        meaningful_change=meaningful_change,
        minimum=minimum,
        improved=_share(sum(change > 0 for change in changes), n, minimum),
        meaningful_improvement=_share(sum(change >= meaningful_change for change in changes), n, minimum),
        meaningful_decline=_share(sum(change <= -meaningful_change for change in changes), n, minimum),
        mean_baseline=math.fsum(sorted(before for before, _, _ in scored)) / n,
        mean_follow_up=math.fsum(sorted(after for _, after, _ in scored)) / n,
        mean_change=mean_change,
        confidence_low=mean_change - margin,
        confidence_high=mean_change + margin,
    )


def _share(count: int, total: int, minimum: int) -> Share:
    if 0 < count < minimum or 0 < total - count < minimum:
        return Share(None, None)
    return Share(count, count / total)
