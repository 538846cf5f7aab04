"""Writing a target vector of chances as a lottery over panels, by walking to the polytope's corners.

A panel takes a whole number n_g of people from each group g. Let the quota polytope be the same
conditions with n_g allowed to be fractional: 0 ≤ n_g ≤ size_g, the panel size, every quota, at
most one per household. Every lottery over panels has its expected seats in that polytope, and on
real pools the fairest expected seats (LEXIMIN's, worked out on the polytope by small linear
programs) usually turn out to be a lottery's too. `decompose` finds that lottery when it can.

The walk is Carathéodory's: at the current point c, find a panel v on the smallest face of the
polytope holding c, and step from v through c until a new constraint binds. Then c is the mix
(1/(1+μ))·c' + (μ/(1+μ))·v of the new point and the panel, and c' lies on a smaller face, so after
at most one step per group the point is a corner. A corner of the polytope need not be a panel
(quotas on several features let it be fractional, typically half-integral), so the walk can stop on
a face with no panel. It then goes back a few steps and lets a linear program over panels on that
earlier face finish the job (`decompose`'s `reach`); if that fails too, the caller falls back on
column generation level by level.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from ostrom.sortition.panel_search import PanelSearch, quiet_highs, quota_rows
from ostrom.sortition.pool import PanelRequest, VolunteerGroups

# A count within this of a bound, or a row total within this of its limit, is on it.
ON_BOUND = 1e-9
# At each step, linear programs at this many random objectives look for a corner of the face that
# is a panel before a small integer program rounds the last one's corner.
CORNER_TRIES = 6
# When the walk reaches a face with no panel, it goes back this many steps, then twice as far each
# time, and solves a linear program on that point's face, as long as the face has at most this many
# groups off their bounds (beyond that the program is as hard as the whole problem).
BACK_FIRST = 4
REPAIR_GROUPS = 120
# The lottery found must give each group its target chance to within this.
TARGET_TOLERANCE = 1e-7


@dataclass(frozen=True)
class QuotaPolytope:
    """Expected seats per group that meet the quotas as real numbers: lower ≤ rows·n ≤ upper,
    0 ≤ n ≤ most. Rows are the panel size, the quotas and the households, in `PanelSearch`'s order.
    Groups that no panel can include have `most` 0."""

    rows: sparse.csr_array
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    most: NDArray[np.float64]

    @classmethod
    def of(cls, request: PanelRequest, groups: VolunteerGroups, possible: NDArray[np.bool_]) -> QuotaPolytope:
        members: list[NDArray[np.int64]] = [np.arange(len(groups), dtype=np.int64)]
        lower = [float(request.panel_size)]
        upper = [float(request.panel_size)]
        for quota, quota_members in zip(request.quotas, quota_rows(groups, request.quotas), strict=True):
            members.append(quota_members)
            lower.append(float(quota.minimum))
            upper.append(float(quota.maximum))
        for household in groups.households:
            members.append(np.array(household, dtype=np.int64))
            lower.append(0.0)
            upper.append(1.0)
        row_index = np.repeat(np.arange(len(members)), [len(m) for m in members])
        matrix = sparse.csr_array(
            (np.ones(len(row_index)), (row_index, np.concatenate(members))), shape=(len(members), len(groups))
        )
        sizes = np.array(groups.sizes, dtype=np.float64)
        return cls(matrix, np.array(lower), np.array(upper), np.where(possible, sizes, 0.0))

    def onto_faces(self, point: NDArray[np.float64], within: float) -> NDArray[np.float64]:
        """The point moved onto every bound it is within `within` of: counts set to their bound, then
        the least change to the other counts that puts each such row total on its limit.

        A point from an interior-point solver is on its bounds only to the solver's tolerance, and
        the walk magnifies the difference at every step until the point lies past a bound.
        """
        point = self.snap(point, within)
        totals = self.rows @ point
        on_lower = np.abs(totals - self.lower) <= within
        on_upper = np.abs(totals - self.upper) <= within
        on_limit = on_lower | on_upper
        free = (point > 0.0) & (point < self.most)
        if on_limit.any() and free.any():
            limits = np.where(on_lower, self.lower, self.upper)[on_limit]
            matrix = self.rows[np.flatnonzero(on_limit)][:, np.flatnonzero(free)].toarray()
            change, *_ = np.linalg.lstsq(matrix, limits - totals[on_limit], rcond=None)
            point[free] += change
        return np.clip(point, 0.0, self.most)

    def snap(self, point: NDArray[np.float64], within: float = ON_BOUND) -> NDArray[np.float64]:
        """The point with each count within `within` of a bound put on it. The walk's steps magnify
        rounding: a count the face holds at zero must stay exactly zero, or it grows back."""
        point = np.clip(point, 0.0, self.most)
        return np.where(point <= within, 0.0, np.where(point >= self.most - within, self.most, point))

    def longest_step(self, point: NDArray[np.float64], direction: NDArray[np.float64]) -> float:
        """The largest μ ≥ 0 with point + μ·direction still in the polytope (inf if unbounded)."""
        totals = self.rows @ point
        change = self.rows @ direction
        limits = [
            _ratios(np.maximum(point, 0.0), -direction),
            _ratios(np.maximum(self.most - point, 0.0), direction),
            _ratios(np.maximum(totals - self.lower, 0.0), -change),
            _ratios(np.maximum(self.upper - totals, 0.0), change),
        ]
        return min(limits)


def _ratios(room: NDArray[np.float64], speed: NDArray[np.float64]) -> float:
    moving = speed > ON_BOUND
    return float(np.min(room[moving] / speed[moving], initial=np.inf))


class _FaceSearch:
    """Panels on a face of the quota polytope: `search`'s linear relaxation, and an integer program
    that only needs a feasible panel, with their bounds narrowed to the face. `restore` undoes it."""

    def __init__(self, search: PanelSearch, polytope: QuotaPolytope) -> None:
        self.search = search
        self.polytope = polytope
        self.feasible = quiet_highs()
        self.feasible.passModel(search.highs.getLp())
        self.feasible.setOptionValue("mip_rel_gap", 1.0)
        self.feasible.setOptionValue("mip_abs_gap", 1e30)
        self.feasible.setOptionValue("mip_feasibility_tolerance", 1e-9)
        self.columns = np.arange(len(polytope.most), dtype=np.int32)
        self.row_numbers = np.arange(len(polytope.lower), dtype=np.int32)

    def free_groups(self, point: NDArray[np.float64]) -> int:
        """How many groups the point has strictly between their bounds."""
        return int(((point > ON_BOUND) & (point < self.polytope.most - ON_BOUND)).sum())

    def narrow(
        self, point: NDArray[np.float64], *, exact: bool = False
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Narrow the programs to the smallest face holding `point` (with `exact`, the search's exact
        integer program too); return the face's column bounds."""
        polytope = self.polytope
        at_zero = point <= ON_BOUND
        at_most = point >= polytope.most - ON_BOUND
        totals = polytope.rows @ point
        at_lower = totals <= polytope.lower + ON_BOUND
        at_upper = totals >= polytope.upper - ON_BOUND
        column_lower = np.where(at_most, polytope.most, 0.0)
        column_upper = np.where(at_zero, 0.0, polytope.most)
        row_lower = np.where(at_upper, polytope.upper, polytope.lower)
        row_upper = np.where(at_lower, polytope.lower, polytope.upper)
        programs = [self.search.relaxation, self.feasible] + ([self.search.highs] if exact else [])
        for highs in programs:
            highs.changeColsBounds(len(self.columns), self.columns, column_lower, column_upper)
            highs.changeRowsBounds(len(self.row_numbers), self.row_numbers, row_lower, row_upper)
        return column_lower, column_upper

    def panel(self, point: NDArray[np.float64], random: np.random.Generator) -> NDArray[np.int64] | None:
        """A panel on the smallest face holding `point`, or None if that face holds none."""
        column_lower, column_upper = self.narrow(point)
        weights = np.zeros(0)
        for _ in range(CORNER_TRIES):
            weights = random.standard_normal(len(self.columns))
            panel, _ = self.search.relaxed_panel(weights)
            if panel is not None:
                return panel
        # Round the last corner: the integer program over the groups it left fractional.
        corner = np.asarray(self.search.relaxation.getSolution().col_value)
        self.feasible.changeColsCost(len(self.columns), self.columns, weights)
        rounding = (
            np.maximum(column_lower, np.floor(corner + ON_BOUND)),
            np.minimum(column_upper, np.ceil(corner - ON_BOUND)),
        )
        for lower, upper in (rounding, (column_lower, column_upper)):
            self.feasible.changeColsBounds(len(self.columns), self.columns, lower, upper)
            self.feasible.run()
            if self.feasible.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                return np.rint(np.asarray(self.feasible.getSolution().col_value)).astype(np.int64)
        return None

    def restore(self) -> None:
        polytope = self.polytope
        for highs in (self.search.relaxation, self.search.highs):
            highs.changeColsBounds(
                len(self.columns), self.columns, np.zeros(len(self.columns)), self.search.sizes
            )
            highs.changeRowsBounds(len(self.row_numbers), self.row_numbers, polytope.lower, polytope.upper)


Reach = Callable[
    [NDArray[np.float64], list[NDArray[np.int64]]], tuple[list[NDArray[np.int64]], NDArray[np.float64]] | None
]


def decompose(
    search: PanelSearch, polytope: QuotaPolytope, target: NDArray[np.float64], reach: Reach
) -> tuple[list[NDArray[np.int64]], NDArray[np.float64] | None]:
    """Panels and their probabilities whose expected seats per group are `target` (a point of the
    polytope). Deterministic (fixed seed).

    When the walk reaches a face with no panel, it goes back `BACK_FIRST` steps (then twice as far
    each time) and asks `reach` for a lottery over panels on that earlier point's face whose expected
    seats are the point, starting from the panels the walk met there (`search` is narrowed to the
    face meanwhile). If no earlier point with at most `REPAIR_GROUPS` groups off their bounds has
    one, the probabilities are None and the panels are those met on the way, good columns for a
    linear program.
    """
    faces = _FaceSearch(search, polytope)
    random = np.random.default_rng(0)
    point = polytope.snap(np.asarray(target, dtype=np.float64))
    remaining = 1.0
    panels: list[NDArray[np.int64]] = []
    shares: list[float] = []
    # (point, remaining) before each step, for going back when the walk reaches a face with no panel.
    history: list[tuple[NDArray[np.float64], float]] = []
    try:
        for _ in range(len(point) + 1):
            panel = faces.panel(point, random)
            if panel is None:
                repaired = _repair(faces, history, panels, reach)
                if repaired is None:
                    return panels, None
                start, lottery, lottery_probabilities = repaired
                panels = panels[:start] + lottery
                shares = shares[:start] + list(history[start][1] * lottery_probabilities)
                break
            away = point - panel
            step = polytope.longest_step(point, away)
            if step <= 0.0:
                # Rounding has left the point just past a bound of its face: no step is possible.
                return panels, None
            panels.append(panel)
            if not np.isfinite(step):
                # The point is this panel.
                shares.append(remaining)
                break
            history.append((point, remaining))
            shares.append(remaining * step / (1.0 + step))
            remaining /= 1.0 + step
            point = polytope.snap(point + step * away)
        else:
            return panels, None
    finally:
        faces.restore()
    probabilities = np.array(shares)
    sizes = np.where(polytope.most > 0, polytope.most, 1.0)
    expected = probabilities @ np.array(panels, dtype=np.float64)
    if (np.abs(expected - target) / sizes).max() > TARGET_TOLERANCE:
        return panels, None
    return panels, probabilities / probabilities.sum()


def _repair(
    faces: _FaceSearch,
    history: list[tuple[NDArray[np.float64], float]],
    panels: list[NDArray[np.int64]],
    reach: Reach,
) -> tuple[int, list[NDArray[np.int64]], NDArray[np.float64]] | None:
    """The step to restart from, and a lottery over panels on that step's face whose expected seats
    are its point; None if no step close enough to the end has one."""
    back = BACK_FIRST
    while True:
        start = max(0, len(history) - back)
        point = history[start][0]
        if faces.free_groups(point) > REPAIR_GROUPS:
            return None
        faces.narrow(point, exact=True)
        found = reach(point, panels[start:])
        if found is not None:
            return start, found[0], found[1]
        if start == 0:
            return None
        back *= 2
