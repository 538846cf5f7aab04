"""Nash welfare lotteries over panels: maximise the product of everyone's chances of selection.

The Nash lottery maximises Σ_i log p_i over every volunteer who can sit on some panel. It makes no
one's chance zero that can be positive, and it gives up a little of the lowest chance (which
LEXIMIN maximises) for larger chances for many. It follows Flanigan, Gölz, Gupta, Hennig and
Procaccia, "Fair algorithms for selecting citizens' assemblies", Nature 596 (2021) and its
implementation in sortition-algorithms (`find_distribution_nash`, which solves each restricted
problem with the conic solver SCS). This one works on groups of interchangeable volunteers, who
always get equal chances, and first tries a fast path: the Nash welfare over the quota polytope
(quotas met as real numbers), one small conic program for the solver Clarabel, written as a lottery
over panels by the walk in `decomposition`. When the walk finds no such lottery, column generation
over panels, with its own interior-point method for each restricted problem.
"""

from __future__ import annotations

import clarabel
import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.linalg import cho_factor, cho_solve
from threadpoolctl import threadpool_limits

from ostrom.sortition.decomposition import QuotaPolytope
from ostrom.sortition.distribution import (
    Distribution,
    distribution_from_panels,
    initial_panels,
    lottery_with_expected_seats,
    panel_key,
)
from ostrom.sortition.feasibility import QuotasCannotBeMet, check_feasibility
from ostrom.sortition.panel_search import PanelSearch
from ostrom.sortition.pool import PanelRequest, VolunteerGroups, group_volunteers

# Stop when no panel beats the lottery found by more than this share: max_P Σ_g counts_gP / π_g
# ≤ n'(1 + PRICING_TOLERANCE), n' being the number of people any panel can include. The Nash
# welfare Σ_i log p_i is then within n'·log(1 + PRICING_TOLERANCE) of the best possible.
PRICING_TOLERANCE = 1e-6
# The restricted problem counts as solved when none of its own panels beats its lottery by more
# than this share: far below PRICING_TOLERANCE, so that pricing never returns a known panel.
MASTER_TOLERANCE = 1e-9
# Interior-point iterations before giving up on the restricted problem (it needs 5 to 25), and
# iterations without a better lottery after which rounding is taken to have stopped progress.
MASTER_ITERATIONS = 200
STALLED_ITERATIONS = 10
# The interior-point method stops short of the boundary by this share of the longest step.
STEP_SHARE = 0.995
# After each restricted problem, take up to this many quick greedy steps (a new panel and the best
# mix of it with the current lottery), so that each (costlier) restricted problem gets a batch of
# useful panels rather than one.
GREEDY_STEPS = 30
# The conic program over the quota polytope is solved to this duality gap and feasibility (relative):
# the chances then agree with column generation's to about 1e-8.
CONIC_TOLERANCE = 1e-11
# Its solution is put exactly on the bounds it is this close to (the walk needs the point on its face).
ON_FACE = 1e-8


def find_nash_distribution(request: PanelRequest, *, groups: VolunteerGroups | None = None) -> Distribution:
    """The lottery over quota-meeting panels with the largest product of chances of selection.

    Input: a `PanelRequest` (and optionally its `group_volunteers`, if already computed). Output: a
    `Distribution` with algorithm "nash"; volunteers whom no panel can include get chance 0, and the
    product is over everyone else. Raises `QuotasCannotBeMet`, with a plain-English explanation,
    when no panel exists.

    First the fast path: the Nash expected seats over the quota polytope (`relaxed_nash`), written
    as a lottery over panels by `decomposition.decompose`. Every lottery's expected seats lie in
    that polytope, so if the walk succeeds the lottery is Nash-optimal over panels too. Otherwise,
    column generation, as in sortition-algorithms' `find_distribution_nash`, from the panels the
    walk met: a restricted problem
    finds the best lottery over the panels found so far; then the panel maximising Σ_g counts_g / π_g
    (π_g being the current chance of group g) is sought, by the quick search and then the exact
    integer program. By the optimality conditions of the concave objective, the lottery is optimal
    over all panels once no panel's value exceeds n', the number of people any panel can include;
    the loop stops within PRICING_TOLERANCE of that, which bounds the welfare lost (see above).

    The chances π are unique (the objective is strictly concave in them); the panel probabilities
    need not be, and are those the interior-point method converges to. Deterministic: the same
    request always gives the same distribution (HiGHS runs on one thread with a fixed seed, and the
    restricted problem is solved by plain linear algebra from a fixed starting point, on one BLAS
    thread, so rounding does not depend on the number of cores).
    """
    # One BLAS thread: results then do not depend on the machine's core count, and the small dense
    # factorisations here run no slower; several threads on a busy machine make them 100 times slower.
    with threadpool_limits(limits=1, user_api="blas"):
        return _find_nash_distribution(request, groups)


def _find_nash_distribution(request: PanelRequest, groups: VolunteerGroups | None) -> Distribution:
    groups = groups if groups is not None else group_volunteers(request)
    search = PanelSearch(groups, request.quotas, request.panel_size)
    if search.best_panel(np.zeros(len(groups))) is None:
        raise QuotasCannotBeMet(check_feasibility(request, groups))
    panels, possible = initial_panels(search, len(groups))
    polytope = QuotaPolytope.of(request, groups, possible)
    target = relaxed_nash(polytope)
    if target is not None:
        walked, lottery = lottery_with_expected_seats(request, groups, search, polytope, target)
        if lottery is not None:
            return distribution_from_panels("nash", groups, walked, lottery)
        panels += walked
    sizes = np.array(groups.sizes, dtype=np.float64)
    rows = np.flatnonzero(possible)
    people = float(sizes[rows].sum())
    known: set[bytes] = set()
    found: list[NDArray[np.int64]] = []

    def add(panel: NDArray[np.int64]) -> bool:
        key = panel_key(panel)
        if key in known:
            return False
        known.add(key)
        found.append(panel)
        return True

    def weights_at(expected: NDArray[np.float64]) -> NDArray[np.float64]:
        """Per-person pricing weights 1/π_g, from the expected number of seats of each possible group."""
        weights = np.zeros(len(groups))
        weights[rows] = sizes[rows] / expected
        return weights

    for panel in panels:
        add(panel)
    while True:
        counts = _counts_matrix(found, rows)
        probabilities = _solve_restricted(counts, sizes[rows] / people)
        expected = counts @ probabilities
        weights = weights_at(expected)
        threshold = people * (1.0 + PRICING_TOLERANCE)
        panel = search.good_panel(weights)
        if float(panel @ weights) <= threshold:
            proven = search.best_panel(weights)
            assert proven is not None, "the quotas were checked before"
            panel = proven
        if float(panel @ weights) <= threshold:
            return distribution_from_panels("nash", groups, found, probabilities)
        if not add(panel):
            raise RuntimeError(
                "The fair lottery could not be computed precisely: the restricted problem stopped "
                "short of its optimum. Please report this pool to the developers."
            )
        # Greedy steps from the new panel: mix it into the lottery as far as helps, and look for the
        # next panel at the mixed chances. The restricted problem then re-balances everything.
        for _ in range(GREEDY_STEPS):
            expected = _best_mix(expected, panel[rows].astype(np.float64), sizes[rows])
            weights = weights_at(expected)
            panel = search.good_panel(weights)
            if float(panel @ weights) <= threshold or not add(panel):
                break


def relaxed_nash(polytope: QuotaPolytope) -> NDArray[np.float64] | None:
    """The expected seats n_g per group maximising Σ_g size_g·log(n_g/size_g) over the quota polytope,
    the groups no panel includes held at 0; None if the solver stops short of the optimum.

    A conic program for Clarabel in the counts n and one t_g per group: maximise Σ_g a_g t_g with
    (t_g, 1, n_g) in the exponential cone (that is, t_g ≤ log n_g), the rows' limits and n_g ≤ size_g;
    a_g = size_g / n' weighs each group by its people, n' being everyone any panel can include.
    """
    possible = np.flatnonzero(polytope.most > 0)
    count = len(possible)
    sizes = polytope.most[possible]
    shares = sizes / sizes.sum()
    rows = polytope.rows[:, possible]
    equal = polytope.lower == polytope.upper
    has_upper = ~equal & np.isfinite(polytope.upper)
    has_lower = ~equal & (polytope.lower > 0)
    # Variables x = (n, t); each block of rows is A·x + s = b with s in its cone.
    blocks = [
        (rows[equal], polytope.lower[equal]),
        (rows[has_upper], polytope.upper[has_upper]),
        (-rows[has_lower], -polytope.lower[has_lower]),
        (sparse.eye_array(count, format="csr"), sizes),
    ]
    linear = sparse.vstack(
        [sparse.hstack([block, sparse.csr_array((block.shape[0], count))]) for block, _ in blocks]
    )
    # (t_g, 1, n_g) in K_exp, written s = (t_g, 1, n_g) = b − A·x with b = (0, 1, 0).
    cone_rows = np.arange(3 * count)
    cone_matrix = sparse.csr_array(
        (
            -np.ones(2 * count),
            (
                np.concatenate([cone_rows[0::3], cone_rows[2::3]]),
                np.concatenate([count + np.arange(count), np.arange(count)]),
            ),
        ),
        shape=(3 * count, 2 * count),
    )
    cone_bounds = np.tile([0.0, 1.0, 0.0], count)
    matrix = sparse.vstack([linear, cone_matrix]).tocsc()
    bounds = np.concatenate([bound for _, bound in blocks] + [cone_bounds])
    cones = [
        clarabel.ZeroConeT(int(equal.sum())),
        clarabel.NonnegativeConeT(int(has_upper.sum() + has_lower.sum()) + count),
    ] + [clarabel.ExponentialConeT()] * count
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.max_threads = 1
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = CONIC_TOLERANCE
    objective = sparse.csc_array((2 * count, 2 * count))
    costs = np.concatenate([np.zeros(count), -shares])
    solution = clarabel.DefaultSolver(objective, costs, matrix, bounds, cones, settings).solve()
    if solution.status != clarabel.SolverStatus.Solved:
        return None
    expected = np.zeros(len(polytope.most))
    expected[possible] = np.asarray(solution.x)[:count]
    return polytope.onto_faces(expected, ON_FACE)


def _counts_matrix(panels: list[NDArray[np.int64]], rows: NDArray[np.int64]) -> sparse.csc_array:
    """People each panel (column) takes from each possible group (row)."""
    return sparse.csc_array(np.array([panel[rows] for panel in panels], dtype=np.float64).T)


def _best_mix(
    expected: NDArray[np.float64], panel: NDArray[np.float64], sizes: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The expected seats after moving the share γ of the lottery onto `panel`, with γ in [0, 1]
    maximising Σ_g s_g log((1 − γ)·expected_g + γ·panel_g). The derivative in γ falls as γ grows,
    so bisection on its sign finds γ."""
    change = panel - expected

    def slope(share: float) -> float:
        mixed = expected + share * change
        with np.errstate(divide="ignore"):
            return float(np.sum(sizes * change / mixed)) if (mixed > 0).all() else -np.inf

    if slope(1.0) >= 0:
        return panel.copy()
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if slope(middle) > 0:
            low = middle
        else:
            high = middle
    return expected + low * change


def _solve_restricted(counts: sparse.csc_array, shares: NDArray[np.float64]) -> NDArray[np.float64]:
    """The lottery x over the given panels maximising Σ_g a_g log (counts·x)_g, where a_g = s_g/n'.

    Input: `counts` (possible groups × panels; every panel takes the same number of people, and
    every group appears in some panel) and `shares` a (positive, summing to 1). Output: x ≥ 0
    summing to 1.

    A primal-dual interior-point method (Mehrotra's predictor-corrector) on the optimality
    conditions of this problem and its dual, min −Σ_g a_g log w_g subject to counts'·w ≤ 1:
        w_g · (counts·x)_g = a_g,   counts'·w + z = 1,   x_P · z_P = 0,   w, x, z ≥ 0.
    At the solution w_g = 1/(n'·π_g), the pricing weights, and x sums to 1. Each iteration solves
    one linear system in the groups (not the panels) by Cholesky factorisation. The method stops
    when no panel beats the lottery x by more than MASTER_TOLERANCE, which bounds its welfare gap by
    log(1 + MASTER_TOLERANCE) per person (see `find_nash_distribution`), or when rounding stops it
    improving; it returns the best lottery it met.
    """
    problem = _InteriorPoint(counts, shares)
    best, best_gap, stalled = problem.lottery, np.inf, 0
    for _ in range(MASTER_ITERATIONS):
        candidate = np.maximum(problem.lottery, 0.0) / np.maximum(problem.lottery, 0.0).sum()
        gap = float((problem.transposed @ (shares / (counts @ candidate))).max()) - 1.0
        if gap < best_gap:
            best, best_gap, stalled = candidate, gap, 0
        else:
            stalled += 1
        if gap <= MASTER_TOLERANCE or stalled >= STALLED_ITERATIONS:
            break
        problem.step()
    return best


class _InteriorPoint:
    """The iterate (w, x, z) of `_solve_restricted`'s interior-point method, and one step of it."""

    def __init__(self, counts: sparse.csc_array, shares: NDArray[np.float64]) -> None:
        self.counts = counts
        self.transposed = counts.T.tocsr()
        self.shares = shares
        # Start from the uniform lottery and the weights that satisfy w·(counts·x) = a for it, with
        # slacks of at least 1 (infeasible for the dual, which the method repairs as it goes). A start
        # far from w·(counts·x) = a can leave the method stuck against w ≥ 0 from the first step.
        self.lottery = np.full(counts.shape[1], 1.0 / counts.shape[1])
        self.weights = shares / (counts @ self.lottery)
        self.slack = np.maximum(1.0 - self.transposed @ self.weights, 1.0)

    def step(self) -> None:
        """One predictor-corrector step towards the solution, stopping short of the boundary."""
        counts, lottery, slack = self.counts, self.lottery, self.slack
        panel_count = len(lottery)
        expected = counts @ lottery
        centring = self.weights * expected - self.shares
        feasibility = self.transposed @ self.weights + slack - 1.0
        complementarity = float(lottery @ slack) / panel_count
        ratio = lottery / slack
        system = _factorise(
            np.diag(expected / self.weights)
            + (counts @ sparse.diags_array(ratio) @ self.transposed).toarray()
        )
        affine = self._direction(system, ratio, feasibility, centring, lottery * slack)
        share = self._longest_step(affine)
        predicted = float((lottery + share * affine[1]) @ (slack + share * affine[2])) / panel_count
        target = (predicted / complementarity) ** 3 * complementarity
        corrected = self._direction(
            system,
            ratio,
            feasibility,
            centring + affine[0] * (counts @ affine[1]),
            lottery * slack + affine[1] * affine[2] - target,
        )
        share = min(1.0, STEP_SHARE * self._longest_step(corrected))
        self.weights = self.weights + share * corrected[0]
        self.lottery = lottery + share * corrected[1]
        self.slack = slack + share * corrected[2]

    def _direction(
        self,
        system: tuple[NDArray[np.float64], tuple[NDArray[np.float64], bool]],
        ratio: NDArray[np.float64],
        feasibility: NDArray[np.float64],
        centring: NDArray[np.float64],
        product: NDArray[np.float64],
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """The Newton step (dw, dx, dz) for the residuals of w·(counts·x) − a (`centring`),
        counts'·w + z − 1 (`feasibility`) and x·z less its target (`product`): dz and dx are
        eliminated, leaving the system in the groups that `system` factorises."""
        right = -centring / self.weights - self.counts @ (ratio * feasibility - product / self.slack)
        step_weights = _solve(system, right)
        step_lottery = ratio * (self.transposed @ step_weights + feasibility) - product / self.slack
        step_slack = -(product + self.slack * step_lottery) / self.lottery
        return step_weights, step_lottery, step_slack

    def _longest_step(self, step: tuple[NDArray[np.float64], ...]) -> float:
        """The largest share of `step` (at most 1) that keeps w, x and z non-negative."""
        longest = 1.0
        for values, change in zip((self.weights, self.lottery, self.slack), step, strict=True):
            falling = change < 0
            if falling.any():
                longest = min(longest, float((-values[falling] / change[falling]).min()))
        return longest


def _factorise(matrix: NDArray[np.float64]) -> tuple[NDArray[np.float64], tuple[NDArray[np.float64], bool]]:
    """Cholesky factors of the symmetric positive definite `matrix`, scaled to a unit diagonal first.

    Near the solution the panel ratios x_P/z_P span many orders of magnitude, and rounding can make
    the matrix look indefinite; then a small multiple of the identity is added, as interior-point
    codes do, enlarged until the factorisation succeeds.
    """
    scale = 1.0 / np.sqrt(np.diag(matrix))
    scaled = matrix * scale[:, None] * scale[None, :]
    regularisation = 0.0
    while True:
        try:
            return scale, cho_factor(scaled + regularisation * np.eye(len(scaled)))
        except np.linalg.LinAlgError:
            regularisation = max(1e-14, 100 * regularisation)


def _solve(
    system: tuple[NDArray[np.float64], tuple[NDArray[np.float64], bool]], right: NDArray[np.float64]
) -> NDArray[np.float64]:
    scale, factors = system
    return scale * cho_solve(factors, scale * right)
