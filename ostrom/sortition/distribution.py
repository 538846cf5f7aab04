"""Fair distributions over panels: LEXIMIN (on the quota polytope, then as a lottery) and MAXIMIN, on HiGHS.

LEXIMIN gives every volunteer a chance of selection as equal as the quotas allow: it maximises the
lowest chance, then the next lowest, and so on. It follows Flanigan, Gölz, Gupta, Hennig and
Procaccia, "Fair algorithms for selecting citizens' assemblies", Nature 596 (2021), whose
implementation (also in sortition-algorithms) needs the commercial Gurobi solver; this one uses
HiGHS and works on groups of interchangeable volunteers, who always get equal chances.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import highspy
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from ostrom.sortition.decomposition import QuotaPolytope, decompose
from ostrom.sortition.feasibility import QuotasCannotBeMet, check_feasibility
from ostrom.sortition.panel_search import PanelSearch, quiet_highs
from ostrom.sortition.pool import PanelRequest, VolunteerGroups, group_volunteers

# A panel is worth adding to the linear program only if it beats the current ones by more than this.
PRICING_TOLERANCE = 1e-9
# Chances fixed at one level are fixed this far below the level, so that rounding in the simplex
# solution never makes the next level's linear program infeasible.
FIXING_SLACK = 1e-9
# A group is held at the level when its proven-optimal dual weight per person is at least this
# share of the largest; smaller weights are taken as rounding. A group held at the level whose weight
# this misses is caught at the next level, which then comes out the same.
TIGHT_SHARE = 1e-6
# Two levels closer than this are one level split by rounding.
SAME_LEVEL = 1e-7
# Dual weights count as optimal when no panel beats them by more than this.
OPTIMALITY_TOLERANCE = 1e-9
# Each round, besides the panel that is heaviest at the linear program's dual weights, look for
# panels at randomly perturbed copies of those weights: one copy per this many groups, up to the
# maximum. The duals of this very degenerate linear program are far from unique, and one panel per
# round takes thousands of rounds on a large pool; a varied batch takes a few dozen. The perturbation
# multiplies each weight by exp(σ·N(0,1)) and adds a uniform share of the mean weight, so groups
# with no weight get a chance too.
GROUPS_PER_PERTURBED_PANEL = 11
PERTURBED_PANELS = 60
PERTURBATION_SIGMA = 2.0
PERTURBATION_SHARE = 0.5
# Once some groups are fixed, the perturbation touches only the weights of the groups still rising:
# the fixed groups' weights price the floors every new panel must keep, and noise on them gives
# panels that rarely beat the level (on a skewed pool of 700 volunteers, 218 rounds in one level
# where perturbing only the rising groups takes 60).
# Dual smoothing (Wentges, 1997), once some groups are fixed: each round also prices at this mix of
# the dual weights with the lowest bound on the level met so far in the level (the centre) and the
# current ones. The simplex's duals jump between far-apart vertices of a degenerate face; the centre
# steadies them. At the first level the perturbed batches do better alone (on the synthetic
# 2,000-volunteer pool, solved in one level, smoothing doubled the time).
SMOOTHING = 0.5
# The level is as high as it can go once it is this close to the bound that the panel size sets.
AT_BOUND = 1e-9


@dataclass(frozen=True)
class Distribution:
    """A lottery over panels.

    `groups` are interchangeable volunteers (ids). Each panel in `panels` is a tuple of
    (group index, people taken from that group); who within a group sits on the panel is a
    uniform draw. `panel_probabilities` sum to 1. `selection_probabilities` maps each
    volunteer id to their chance of selection.
    """

    algorithm: str
    groups: tuple[tuple[str, ...], ...]
    panels: tuple[tuple[tuple[int, int], ...], ...]
    panel_probabilities: tuple[float, ...]
    selection_probabilities: Mapping[str, float]

    @property
    def min_probability(self) -> float:
        return min(self.selection_probabilities.values())


def _panel_tuple(counts: NDArray[np.int64]) -> tuple[tuple[int, int], ...]:
    return tuple((int(g), int(counts[g])) for g in np.flatnonzero(counts))


def panel_key(counts: NDArray[np.int64]) -> bytes:
    return counts.astype(np.int64).tobytes()


class _ColumnGeneration:
    """The linear program over the panels found so far, and the integer program that finds more.

    Primal, one variable x_P per panel P and z for the level being raised (a_gP is the share of
    group g that panel P takes):
        maximise z  s.t.  Σ_P a_gP x_P − z ≥ 0  for groups not yet fixed,
                          Σ_P a_gP x_P ≥ f_g    for fixed groups,   Σ_P x_P = 1,  x ≥ 0,  0 ≤ z ≤ 1.
    The duals y_g of the group rows price a new panel: it helps when Σ_g a_gP y_g exceeds
    z + Σ_g f_g y_g, the dual value of the row Σ_P x_P = 1.
    """

    def __init__(
        self, groups: VolunteerGroups, search: PanelSearch, possible: NDArray[np.bool_], panel_size: int
    ) -> None:
        self.sizes = np.array(groups.sizes, dtype=np.float64)
        self.search = search
        self.panel_size = panel_size
        self.perturbed_panels = min(PERTURBED_PANELS, len(groups) // GROUPS_PER_PERTURBED_PANEL)
        # Fixed seed: the same request always gives the same distribution.
        self.random = np.random.default_rng(0)
        self.rows_of_group = np.full(len(groups), -1, dtype=np.int64)
        self.rows_of_group[possible] = np.arange(int(possible.sum()))
        self.row_groups = np.flatnonzero(possible)
        self.panels: list[NDArray[np.int64]] = []
        self.known: set[bytes] = set()
        self.highs = quiet_highs()
        for option, value in (
            ("primal_feasibility_tolerance", 1e-10),
            ("dual_feasibility_tolerance", 1e-10),
            ("solver", "simplex"),
            ("simplex_strategy", 4),
        ):
            self.highs.setOptionValue(option, value)
        infinity = highspy.kHighsInf
        group_rows = len(self.row_groups)
        self.highs.addVar(0.0, 1.0)
        self.highs.changeColCost(0, 1.0)
        self.highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        for _ in range(group_rows):
            self.highs.addRow(0.0, infinity, 1, np.array([0], dtype=np.int32), np.array([-1.0]))
        self.convexity_row = group_rows
        self.highs.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))
        self.fixed = np.zeros(len(self.row_groups), dtype=bool)
        self.levels = np.zeros(len(self.row_groups))

    def add_panel(self, counts: NDArray[np.int64]) -> bool:
        key = panel_key(counts)
        if key in self.known:
            return False
        self.known.add(key)
        self.panels.append(counts)
        taken = np.flatnonzero(counts)
        rows = self.rows_of_group[taken]
        indices = np.concatenate([rows, [self.convexity_row]]).astype(np.int32)
        values = np.concatenate([counts[taken] / self.sizes[taken], [1.0]])
        self.highs.addCol(0.0, 0.0, highspy.kHighsInf, len(indices), indices, values)
        return True

    def solve(self) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
        """Level value z, dual weights per group row, and panel probabilities."""
        self.highs.run()
        status = self.highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            # After levels are fixed the warm start can leave the simplex stuck on rounding; a solve
            # from scratch gets through.
            self.highs.clearSolver()
            self.highs.run()
            status = self.highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS stopped with status {self.highs.modelStatusToString(status)}.")
        solution = self.highs.getSolution()
        row_duals = np.asarray(solution.row_dual)[: len(self.row_groups)]
        columns = np.asarray(solution.col_value)
        return float(columns[0]), np.maximum(-row_duals, 0.0), columns[1:]

    def panel_value(self, counts: NDArray[np.int64], weights: NDArray[np.float64]) -> float:
        return float(counts @ weights)

    def upper_bound(self) -> float:
        """No lottery lifts the lowest chance among the groups still rising above this: every panel
        has the same size, so the chances add up to the panel size; the fixed groups keep at least
        their floors; and no chance exceeds 1."""
        rising = self.row_groups[~self.fixed]
        fixed = self.row_groups[self.fixed]
        spare = self.panel_size - float(self._floors()[self.fixed] @ self.sizes[fixed])
        return min(1.0, spare / float(self.sizes[rising].sum()))

    def raise_level(self) -> tuple[float, NDArray[np.float64], NDArray[np.float64] | None]:
        """Add panels until none improves the level; return the level, the panel probabilities and
        dual weights proven optimal over all panels (None when the level reached the upper bound,
        which holds every rising group at it).

        Each round re-solves the linear program (primal simplex, warm-started) and adds a batch of
        panels: the one the quick search finds at the smoothed dual weights (see SMOOTHING) and those
        it finds at perturbed copies of them; if none helps, the same at the dual weights themselves. When not even the linear relaxation of the search beats the level, or when
        no panel in the batch does and neither does the exact integer program, the duals are
        optimal over every possible panel, and a group with positive weight is held at the level by
        every optimal lottery (complementary slackness).
        """
        bound = self.upper_bound()
        centre: NDArray[np.float64] | None = None
        centre_bound = np.inf
        while True:
            level, duals, probabilities = self.solve()
            if level >= bound - AT_BOUND:
                return level, probabilities, None
            floors = self._floors()
            weights = self._per_person(duals)
            threshold = level + float(floors @ duals)
            panel, relaxed_value = self.search.relaxed_panel(weights)
            if relaxed_value <= threshold + OPTIMALITY_TOLERANCE:
                # Not even the linear relaxation beats the level: it is optimal.
                return level, probabilities, duals
            # The duals of the rising rows sum to 1, so no lottery lifts the level above the heaviest
            # panel's value less what the floors take: the dual bound. The centre only steers the
            # search; optimality is still proven at the simplex's own duals, above and below.
            dual_bound = relaxed_value - float(floors @ duals)
            if dual_bound < centre_bound:
                centre, centre_bound = duals, dual_bound
            if self.fixed.any() and centre is not duals:
                assert centre is not None
                smoothed = SMOOTHING * centre + (1 - SMOOTHING) * duals
                smoothed_weights = self._per_person(smoothed)
                smoothed_panel, smoothed_value = self.search.relaxed_panel(smoothed_weights)
                smoothed_bound = smoothed_value - float(floors @ smoothed)
                if smoothed_bound < centre_bound:
                    centre, centre_bound = smoothed, smoothed_bound
                if self._add_batch(weights, threshold, smoothed_panel, smoothed_weights):
                    continue
            if self._add_batch(weights, threshold, panel, weights):
                continue
            candidate = self.search.best_panel(weights)
            assert candidate is not None, "the quotas were checked before"
            if self.panel_value(candidate, weights) <= threshold + OPTIMALITY_TOLERANCE or not self.add_panel(
                candidate
            ):
                return level, probabilities, duals

    def _per_person(self, duals: NDArray[np.float64]) -> NDArray[np.float64]:
        """Pricing weights per person (zero for groups no panel includes), from duals per group row."""
        weights = np.zeros(len(self.sizes))
        weights[self.row_groups] = duals / self.sizes[self.row_groups]
        return weights

    def _add_batch(
        self,
        weights: NDArray[np.float64],
        threshold: float,
        panel: NDArray[np.int64] | None,
        centre: NDArray[np.float64],
    ) -> int:
        """Add `panel` (the quick search's at `centre`, if it found one) and the panels found at
        perturbed copies of `centre`, those whose value at `weights` beats `threshold`; return how
        many."""
        added = 0
        if panel is not None and self.panel_value(panel, weights) > threshold + PRICING_TOLERANCE:
            added += self.add_panel(panel)
        rising = np.zeros(len(weights), dtype=bool)
        rising[self.row_groups[~self.fixed]] = True
        mean = float(centre[rising].mean())
        for _ in range(self.perturbed_panels):
            noise = np.exp(PERTURBATION_SIGMA * self.random.standard_normal(len(weights)))
            perturbed = centre * noise + PERTURBATION_SHARE * mean * self.random.random(len(weights))
            if self.fixed.any():
                perturbed = np.where(rising, perturbed, centre)
            panel, _ = self.search.relaxed_panel(perturbed)
            if (
                panel is not None
                and self.panel_value(panel, weights) > threshold + PRICING_TOLERANCE
                and self.add_panel(panel)
            ):
                added += 1
        return added

    def _floors(self) -> NDArray[np.float64]:
        """The fixed chance of each group row (zero for rows still rising)."""
        lower = np.asarray(self.highs.getLp().row_lower_)[: len(self.row_groups)]
        return np.where(self.fixed, lower, 0.0)

    def rounding_lift(self) -> float:
        """How far the slack left below fixed levels could lift the smallest group still rising."""
        rising = self.row_groups[~self.fixed]
        if len(rising) == 0:
            return 0.0
        fixed_people = float(self.sizes[self.row_groups[self.fixed]].sum())
        return FIXING_SLACK * fixed_people / float(self.sizes[rising].min())

    def lift_everyone(self) -> NDArray[np.float64]:
        """With every group fixed, move all chances by the same amount t from their levels, as far
        up as possible (t is a rounding-sized number, at most zero in exact arithmetic).

        This gives back the slack left below each level for numerical safety, so that, for example,
        a pool where everyone can have k/n gets exactly k/n rather than k/n less the slack.
        """
        self.highs.changeColBounds(0, -1.0, 1.0)
        for row in range(len(self.row_groups)):
            self.highs.changeCoeff(row, 0, -1.0)
            self.highs.changeRowBounds(row, float(self.levels[row]), highspy.kHighsInf)
        _, _, probabilities = self.solve()
        return probabilities

    def fix(self, rows: NDArray[np.int64], level: float) -> None:
        """Hold these group rows at least at `level` from now on, and stop them limiting z."""
        floor = max(0.0, level - FIXING_SLACK)
        for row in rows:
            self.highs.changeCoeff(int(row), 0, 0.0)
            self.highs.changeRowBounds(int(row), floor, highspy.kHighsInf)
        self.fixed[rows] = True
        self.levels[rows] = level


def relaxed_leximin(polytope: QuotaPolytope) -> NDArray[np.float64]:
    """The LEXIMIN expected seats per group over the quota polytope (quotas met as real numbers).

    One small linear program per level, over the counts n_g directly: maximise z with
    n_g/size_g ≥ z for the groups still rising and ≥ their level for the fixed ones. Groups with a
    positive dual weight per person are held at the level (the same rule, and the same treatment of
    rounding, as `find_distribution`'s column generation). Returns the last program's counts, which
    meet every row exactly, not the levels.
    """
    possible = np.flatnonzero(polytope.most > 0)
    sizes = polytope.most[possible]
    highs = quiet_highs()
    for option, value in (("primal_feasibility_tolerance", 1e-10), ("dual_feasibility_tolerance", 1e-10)):
        highs.setOptionValue(option, value)
    group_count = len(polytope.most)
    level_column = group_count
    model = highspy.HighsLp()
    model.num_col_ = group_count + 1
    model.col_cost_ = np.concatenate([np.zeros(group_count), [1.0]])
    model.col_lower_ = np.zeros(group_count + 1)
    model.col_upper_ = np.concatenate([polytope.most, [1.0]])
    model.sense_ = highspy.ObjSense.kMaximize
    chances = sparse.csr_array(
        (1.0 / sizes, (np.arange(len(possible)), possible)), shape=(len(possible), group_count)
    )
    matrix = sparse.vstack(
        [
            sparse.hstack([polytope.rows, sparse.csr_array((polytope.rows.shape[0], 1))]),
            sparse.hstack([chances, sparse.csr_array(-np.ones((len(possible), 1)))]),
        ]
    ).tocsc()
    first_group_row = polytope.rows.shape[0]
    model.num_row_ = matrix.shape[0]
    model.row_lower_ = np.concatenate([polytope.lower, np.zeros(len(possible))])
    model.row_upper_ = np.concatenate([polytope.upper, np.full(len(possible), highspy.kHighsInf)])
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    model.a_matrix_.index_ = matrix.indices.astype(np.int32)
    model.a_matrix_.value_ = matrix.data
    model.a_matrix_.num_col_ = matrix.shape[1]
    model.a_matrix_.num_row_ = matrix.shape[0]
    highs.passModel(model)
    fixed = np.zeros(len(possible), dtype=bool)
    levels = np.zeros(len(possible))
    previous_level: float | None = None
    lifted = False
    while True:
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(
                f"HiGHS stopped with status {highs.modelStatusToString(highs.getModelStatus())}."
            )
        solution = highs.getSolution()
        if lifted:
            return np.asarray(solution.col_value)[:group_count]
        if fixed.all():
            # Give back the slack left below each level, as `_ColumnGeneration.lift_everyone` does:
            # move every chance by the same t (a rounding-sized number) from its level, as far up as
            # possible, so that a pool where everyone can have k/n gets exactly k/n.
            highs.changeColBounds(level_column, -1.0, 1.0)
            for row in range(len(possible)):
                highs.changeCoeff(first_group_row + row, level_column, -1.0)
                highs.changeRowBounds(first_group_row + row, float(levels[row]), highspy.kHighsInf)
            lifted = True
            continue
        level = float(solution.col_value[level_column])
        duals = np.maximum(-np.asarray(solution.row_dual)[first_group_row:], 0.0)
        # The row n_g/size_g ≥ z has dual y_g; per person that is y_g/size_g of the row per seat.
        per_person = np.where(fixed, 0.0, duals / sizes)
        if level >= 1.0 - AT_BOUND or per_person.max() <= 0.0:
            tight = np.flatnonzero(~fixed)
        else:
            tight = np.flatnonzero(~fixed & (per_person >= TIGHT_SHARE * per_person.max()))
        if previous_level is not None and abs(level - previous_level) <= SAME_LEVEL:
            level = previous_level
        for row in tight:
            highs.changeCoeff(first_group_row + int(row), level_column, 0.0)
            highs.changeRowBounds(
                first_group_row + int(row), max(0.0, level - FIXING_SLACK), highspy.kHighsInf
            )
        fixed[tight] = True
        levels[tight] = level
        previous_level = level


def _reach(
    groups: VolunteerGroups,
    search: PanelSearch,
    panel_size: int,
    point: NDArray[np.float64],
    panels: list[NDArray[np.int64]],
) -> tuple[list[NDArray[np.int64]], NDArray[np.float64]] | None:
    """A lottery whose expected seats are `point` (people per group), by column generation from
    `panels`, or None if there is none. `search` and `panels` must keep to the face holding `point`.

    This is the first level of `_ColumnGeneration` with each group's row divided by its target
    (done by scaling the group sizes): the level is the largest t with every group's expected seats
    at least t × point. The points add up to the panel size, so t = 1 is the bound, and reaching it
    gives every group exactly its expected seats.
    """
    present = point > 1e-9
    generation = _ColumnGeneration(groups, search, present, panel_size)
    generation.sizes = np.where(present, point, generation.sizes)
    for panel in panels:
        generation.add_panel(panel)
    try:
        level, probabilities, _ = generation.raise_level()
    except RuntimeError:
        # A point with a group a hair above zero gives that group a huge weight per seat, which can
        # leave HiGHS unable to solve; the caller then looks elsewhere.
        return None
    if level < 1.0 - AT_BOUND:
        return None
    return generation.panels, probabilities


def lottery_with_expected_seats(
    request: PanelRequest,
    groups: VolunteerGroups,
    search: PanelSearch,
    polytope: QuotaPolytope,
    target: NDArray[np.float64],
) -> tuple[list[NDArray[np.int64]], NDArray[np.float64] | None]:
    """Panels and their probabilities whose expected seats per group are `target`, a point of the
    quota polytope, by `decomposition.decompose` with `_reach` to repair the walk; the probabilities
    are None if it found no such lottery, and the panels are then those the walk met."""
    return decompose(
        search,
        polytope,
        target,
        lambda point, start: _reach(groups, search, request.panel_size, point, start),
    )


def initial_panels(
    search: PanelSearch, group_count: int
) -> tuple[list[NDArray[np.int64]], NDArray[np.bool_]]:
    """Panels that between them include every group that any panel can include.

    First panels favouring the groups still missing, found by the quick search; then one integer
    program per group still missing, which either includes it or proves no panel can.
    """
    sizes = search.sizes
    panels: list[NDArray[np.int64]] = []
    covered = np.zeros(group_count, dtype=bool)
    while not covered.all():
        panel = search.good_panel(np.where(covered, 0.0, 1.0 / sizes))
        newly = (panel > 0) & ~covered
        if not newly.any():
            break
        panels.append(panel)
        covered |= panel > 0
    possible = covered.copy()
    for group in np.flatnonzero(~covered):
        weights = np.zeros(group_count)
        weights[group] = 1.0
        panel = search.best_panel(weights)
        assert panel is not None
        if panel[group] > 0:
            panels.append(panel)
            possible |= panel > 0
    return panels, possible


def distribution_from_panels(
    algorithm: str,
    groups: VolunteerGroups,
    panels: list[NDArray[np.int64]],
    probabilities: NDArray[np.float64],
) -> Distribution:
    """The `Distribution` for these panels (people taken from each group) and their probabilities:
    panels of negligible probability dropped, the rest in a canonical order."""
    probabilities = np.where(probabilities > 1e-12, probabilities, 0.0)
    probabilities = probabilities / probabilities.sum()
    # Panels in a canonical order (by their group counts), so the draw never depends on the order
    # in which column generation happened to find them.
    kept = sorted(np.flatnonzero(probabilities), key=lambda i: _panel_tuple(panels[i]))
    sizes = np.array(groups.sizes, dtype=np.float64)
    group_probability = np.zeros(len(groups))
    for index in kept:
        group_probability += probabilities[index] * panels[index] / sizes
    selection = {
        volunteer_id: float(group_probability[g])
        for g, members in enumerate(groups.members)
        for volunteer_id in members
    }
    return Distribution(
        algorithm=algorithm,
        groups=groups.members,
        panels=tuple(_panel_tuple(panels[index]) for index in kept),
        panel_probabilities=tuple(float(probabilities[index]) for index in kept),
        selection_probabilities=selection,
    )


def find_distribution(
    request: PanelRequest, *, algorithm: str = "leximin", groups: VolunteerGroups | None = None
) -> Distribution:
    """The fairest lottery over panels that meet every quota.

    Input: a `PanelRequest`. `algorithm` is "leximin" (maximise the lowest chance of selection, then
    the next lowest, and so on) or "maximin" (only the lowest). Output: a `Distribution`.
    Raises `QuotasCannotBeMet`, with a plain-English explanation, when no panel exists.

    First the fast path: LEXIMIN on the quota polytope (`relaxed_leximin`), written as a lottery over
    panels by `decomposition.decompose`. Every lottery's expected seats lie in that polytope, so if the
    walk succeeds the lottery is LEXIMIN over panels too. Otherwise, column generation as in Flanigan
    et al. (Nature 2021), started from the panels the walk met: a linear program re-optimises the panel
    probabilities, quick searches and an integer program find panels that improve it; at the end of
    each level, groups whose proven-optimal dual weight is positive are held at that level, and a
    level that reaches the bound set by the panel size holds everyone still rising. Volunteers who
    share a feature profile form one group and get equal chances (the LEXIMIN optimum is unique and
    symmetric). Deterministic: HiGHS runs on one thread with a fixed seed and the perturbations come
    from a fixed seed, so the same request always gives the same distribution.
    """
    if algorithm not in ("leximin", "maximin"):
        raise ValueError(f"Choose the algorithm leximin or maximin, not {algorithm}.")
    groups = groups if groups is not None else group_volunteers(request)
    search = PanelSearch(groups, request.quotas, request.panel_size)
    if search.best_panel(np.zeros(len(groups))) is None:
        raise QuotasCannotBeMet(check_feasibility(request, groups))
    panels, possible = initial_panels(search, len(groups))
    if algorithm == "leximin":
        polytope = QuotaPolytope.of(request, groups, possible)
        walked, probabilities = lottery_with_expected_seats(
            request, groups, search, polytope, relaxed_leximin(polytope)
        )
        if probabilities is not None:
            return distribution_from_panels(algorithm, groups, walked, probabilities)
        # The walk stopped on a face with no panel: column generation, level by level, from the
        # panels it met (which on the synthetic 2,000-volunteer pool halve the time).
        panels += walked
    generation = _ColumnGeneration(groups, search, possible, request.panel_size)
    for panel in panels:
        generation.add_panel(panel)
    previous_level: float | None = None
    while True:
        level, probabilities, duals = generation.raise_level()
        if algorithm == "maximin" or generation.fixed.all():
            return distribution_from_panels(algorithm, groups, generation.panels, probabilities)
        if duals is None:
            # The level reached its upper bound: everyone still rising is held at it.
            tight = np.flatnonzero(~generation.fixed)
        else:
            # Compare weights per person, as if every volunteer had their own row: a group's dual
            # weight is the sum of its members' weights.
            per_person = np.where(generation.fixed, 0.0, duals / generation.sizes[generation.row_groups])
            tight = np.flatnonzero(~generation.fixed & (per_person >= TIGHT_SHARE * per_person.max()))
        # A level within rounding of the one before is the same level: the slack left below the
        # first would otherwise be handed, magnified, to the few people fixed second.
        if (
            previous_level is not None
            and abs(level - previous_level) <= generation.rounding_lift() + SAME_LEVEL
        ):
            level = previous_level
        generation.fix(tight, level)
        previous_level = level
        if generation.fixed.all():
            return distribution_from_panels(algorithm, groups, generation.panels, generation.lift_everyone())
