"""The Method of Equal Shares: every voter gets an equal share of the budget to spend on what they chose.

Source: Peters, Pierczyński and Skowron, "Proportional participatory budgeting with additive
utilities" (NeurIPS 2021), and https://equalshares.net, whose completions we follow: utilitarian
greedy fill, and "add1" (raise every voter's share by one unit of money and run again, until the
outcome spends the budget as fully as it can). Checked against pabutools
``method_of_equal_shares`` (with ``voter_budget_increment=1`` for add1).

How it is computed. Each round, every project still affordable gets its price factor rho: the
smallest number such that supporters paying ``min(their money left, rho x their utility)`` cover
its cost. The project with the smallest rho is bought. Rho is searched for in float64 over the
distinct ballots with NumPy. Any decision that floating point could get wrong is then settled in
exact rational arithmetic: when two projects' rho values are within one part in a billion, or a
project's supporters' money is within one part in a billion of its cost, we rebuild the exact money
of every supporter (tracked through "budget classes": voters who paid for the same projects have
the same money left) and compare ``Fraction``s. So outcomes never depend on rounding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

import numpy as np
from threadpoolctl import threadpool_limits

from ostrom.budgeting.election import Election
from ostrom.budgeting.greedy import greedy_fill
from ostrom.budgeting.outcome import Outcome, ProjectExplanation, Why, money
from ostrom.budgeting.support import Support, Utility, build_support
from ostrom.budgeting.tie_breaking import TieBreaking, TieBreakingChoice, tie_ranks

# Float results closer than this (relative) are re-decided exactly. Float error here is ~1e-13.
_CLOSE = 1e-9


class Completion(StrEnum):
    """What to do when plain Equal Shares leaves money unspent.

    ``NONE``: nothing. ``UTILITARIAN``: fund more projects greedily by support per pound.
    ``ADD1``: raise each voter's share by one unit of money and run again, keeping the last outcome
    that fits the budget, until one spends it exhaustively (equalshares.net "add1"; pabutools
    ``voter_budget_increment=1``). ``ADD1_UTILITARIAN``: add1, then the utilitarian fill ("add1u").
    ``ADD1_COMPARISON``: as Wieliczka 2023 (Pabulib rule ``equalshares/add1-comparison``): raise the
    share for as long as the outcome fits the budget, not stopping at the first exhaustive one, then
    compare with the greedy outcome and use greedy instead if more voters prefer it (a voter prefers
    the outcome that gives them more utility from funded projects they voted for).
    """

    NONE = "none"
    UTILITARIAN = "utilitarian"
    ADD1 = "add1"
    ADD1_UTILITARIAN = "add1u"
    ADD1_COMPARISON = "add1-comparison"


@dataclass
class _Purchase:
    project: int
    round: int
    rho: float
    exact_rho: Fraction | None
    paying_all_count: int


@dataclass
class _Run:
    per_voter: Fraction
    selected: list[int]
    purchases: list[_Purchase]
    dropped: dict[int, tuple[int, float]]  # project -> (round, supporters' money left then)
    exact_tie_count: int = 0
    is_explained: bool = True  # False for add1's trial runs: see _run


@dataclass
class _BudgetClasses:
    """Exact money left per class of voters who paid for the same things; see the module docstring.

    Class 0 is "paid for nothing yet". A purchase moves each supporting group to a new class made
    from (its old class, its utility code); the class's exact money is
    ``max(0, parent's money - rho x utility)``, computed only when an exact decision asks for it.
    """

    start: Fraction
    support: Support
    parent: list[int] = field(default_factory=lambda: [-1])
    code: list[int] = field(default_factory=lambda: [-1])
    creator: list[int] = field(default_factory=lambda: [-1])
    snapshots: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]] = field(default_factory=list)
    exact_rho: dict[int, Fraction] = field(default_factory=dict)
    exact_money: dict[int, Fraction] = field(default_factory=dict)

    def money_of(self, klass: int) -> Fraction:
        chain = []
        while klass != 0 and klass not in self.exact_money:
            chain.append(klass)
            klass = self.parent[klass]
        value = self.start if klass == 0 else self.exact_money[klass]
        for member in reversed(chain):
            rho = self.rho_of(self.creator[member])
            value = max(Fraction(0), value - rho * self.support.utility_values[self.code[member]])
            self.exact_money[member] = value
        return value

    def rho_of(self, purchase: int) -> Fraction:
        if purchase not in self.exact_rho:
            classes, codes, weights, project = self.snapshots[purchase]
            self.exact_rho[purchase] = self.exact_waterfill(classes, codes, weights, project)
        return self.exact_rho[purchase]

    def aggregate(
        self, klass: np.ndarray, codes: np.ndarray, weights: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        width = len(self.support.utility_values)
        keys = klass * width + codes
        unique, inverse = np.unique(keys, return_inverse=True)
        totals = np.bincount(inverse, weights=weights.astype(np.float64)).astype(np.int64)
        return unique // width, unique % width, totals

    def exact_available(self, klass: np.ndarray, codes: np.ndarray, weights: np.ndarray) -> Fraction:
        classes, _, totals = self.aggregate(klass, codes, weights)
        return sum(
            (int(total) * self.money_of(int(c)) for c, total in zip(classes, totals, strict=True)),
            Fraction(0),
        )

    def exact_waterfill(
        self, classes: np.ndarray, codes: np.ndarray, totals: np.ndarray, project: int
    ) -> Fraction:
        items = []
        for klass, code, total in zip(classes.tolist(), codes.tolist(), totals.tolist(), strict=True):
            value = self.support.utility_values[code]
            items.append((self.money_of(klass) / value, self.money_of(klass), total, value))
        items.sort(key=lambda item: item[0])
        cost = self.support.costs[project]
        paid = Fraction(0)
        utility_left = sum((Fraction(total) * value for _, _, total, value in items), Fraction(0))
        for ratio, money_left, total, value in items:
            rho = (cost - paid) / utility_left
            if rho <= ratio:
                return rho
            paid += total * money_left
            utility_left -= total * value
        raise ArithmeticError("the supporters cannot afford this project")

    def record(
        self,
        klass_of_group: np.ndarray,
        groups: np.ndarray,
        codes: np.ndarray,
        weights: np.ndarray,
        project: int,
    ) -> None:
        purchase = len(self.snapshots)
        classes, class_codes, totals = self.aggregate(klass_of_group[groups], codes, weights)
        self.snapshots.append((classes, class_codes, totals, project))
        width = len(self.support.utility_values)
        keys = klass_of_group[groups] * width + codes
        unique, inverse = np.unique(keys, return_inverse=True)
        first_new = len(self.parent)
        self.parent.extend((unique // width).tolist())
        self.code.extend((unique % width).tolist())
        self.creator.extend([purchase] * len(unique))
        klass_of_group[groups] = first_new + inverse


def equal_shares(
    election: Election,
    *,
    utility: Utility = Utility.COST,
    completion: Completion = Completion.NONE,
    tie_breaking: TieBreakingChoice = TieBreaking.LEXICOGRAPHIC,
    increment: Fraction | int = 1,
    share: Fraction | None = None,
) -> Outcome:
    """Run the Method of Equal Shares.

    Inputs: the election; ``utility`` (``COST`` is the equalshares.net default for approval votes,
    ``COUNT`` counts projects, ``POINTS`` uses cumulative/scoring points or Borda scores); the
    ``completion``; the tie-breaking order, used when two projects have exactly the same price
    factor; for add1 the ``increment`` added to each voter's share per step (one unit of money); and
    ``share``, each voter's starting money if not the budget divided by the number of voters.
    Projects that cost nothing and have supporters are funded first; projects nobody supports are
    never funded by Equal Shares itself.

    Output: the outcome, explaining for each funded project the round and the price its supporters
    paid, and for each other project how much money its supporters had left and what it needed.
    Source: Peters, Pierczyński and Skowron (2021); pabutools ``method_of_equal_shares``.
    """
    # One BLAS thread: the vector products here are small, and on a busy machine a multi-threaded
    # BLAS makes each of them up to 100 times slower (measured on the 2-core development machine).
    with threadpool_limits(limits=1, user_api="blas"):
        return _equal_shares(election, utility, completion, tie_breaking, Fraction(increment), share)


def _equal_shares(
    election: Election,
    utility: Utility,
    completion: Completion,
    tie_breaking: TieBreakingChoice,
    increment: Fraction,
    share: Fraction | None,
) -> Outcome:
    support = build_support(election, utility)
    ranks = tie_ranks(election, tie_breaking)
    costs = support.costs
    supported = [project for project in range(support.project_count) if support.supporter_count[project] > 0]
    free = [project for project in supported if costs[project] == 0]
    candidates = [project for project in supported if costs[project] > 0]
    voter_count = support.voter_count
    rule = f"equal-shares-{utility}" + ("" if completion is Completion.NONE else f"-{completion}")
    starting_share = Fraction(0)
    if voter_count == 0:
        run = _Run(per_voter=Fraction(0), selected=[], purchases=[], dropped={})
    else:
        starting_share = support.budget / voter_count if share is None else Fraction(share)
        tables = _tables(support, candidates)
        run = _run(support, starting_share, candidates, ranks, tables)
        if completion in (Completion.ADD1, Completion.ADD1_UTILITARIAN, Completion.ADD1_COMPARISON):
            run = _add1(
                support,
                run,
                candidates,
                ranks,
                tables,
                free,
                increment,
                stop_when_exhaustive=completion is not Completion.ADD1_COMPARISON,
            )
    explanations = _explain(election, support, run, free)
    selected = free + run.selected
    details = {
        "per_voter_budget": str(money(run.per_voter)),
        "share_steps": str((run.per_voter - starting_share) / increment)
        if completion in (Completion.ADD1, Completion.ADD1_UTILITARIAN, Completion.ADD1_COMPARISON)
        else "0",
        "exact_tie_checks": str(run.exact_tie_count),
    }
    outcome = Outcome(
        rule=rule,
        selected=tuple(election.projects[project].id for project in selected),
        cost=sum((costs[project] for project in selected), Fraction(0)),
        budget=support.budget,
        explanations=explanations,
        details=details,
    )
    if completion is Completion.ADD1_COMPARISON:
        return _compare_with_greedy(election, support, outcome, tie_breaking)
    if completion in (Completion.UTILITARIAN, Completion.ADD1_UTILITARIAN) and not _is_exhaustive(
        support, selected, range(support.project_count)
    ):
        filled = greedy_fill(
            election,
            support,
            tie_breaking=tie_breaking,
            already_selected=tuple(selected),
            rule=rule,
            explanations=explanations,
        )
        return Outcome(
            rule=rule,
            selected=filled.selected,
            cost=filled.cost,
            budget=filled.budget,
            explanations=filled.explanations,
            details=details,
        )
    return outcome


def _compare_with_greedy(
    election: Election, support: Support, outcome: Outcome, tie_breaking: TieBreakingChoice
) -> Outcome:
    """The comparison step: keep Equal Shares unless more voters prefer the greedy outcome."""
    rival = greedy_fill(election, support, tie_breaking=tie_breaking, already_selected=(), rule=outcome.rule)
    index_of = election.project_index()
    ours = {index_of[project_id] for project_id in outcome.selected}
    theirs = {index_of[project_id] for project_id in rival.selected}
    gain_ours: dict[int, Fraction] = {}
    gain_theirs: dict[int, Fraction] = {}
    for chosen, gains in ((ours, gain_ours), (theirs, gain_theirs)):
        for project in chosen:
            span = support.supporters(project)
            for group, code in zip(
                support.groups[span].tolist(), support.utility_code[span].tolist(), strict=True
            ):
                gains[group] = gains.get(group, Fraction(0)) + support.utility_values[code]
    prefer_ours = prefer_theirs = 0
    for group, weight in enumerate(support.weights.tolist()):
        difference = gain_ours.get(group, Fraction(0)) - gain_theirs.get(group, Fraction(0))
        if difference > 0:
            prefer_ours += weight
        elif difference < 0:
            prefer_theirs += weight
    details = dict(outcome.details)
    details["voters_preferring_equal_shares"] = str(prefer_ours)
    details["voters_preferring_greedy"] = str(prefer_theirs)
    if prefer_theirs > prefer_ours:
        details["comparison"] = "greedy outcome used: more voters preferred it"
        return Outcome(
            rule=outcome.rule,
            selected=rival.selected,
            cost=rival.cost,
            budget=rival.budget,
            explanations=rival.explanations,
            details=details,
        )
    details["comparison"] = "Equal Shares outcome kept: at least as many voters preferred it"
    return Outcome(
        rule=outcome.rule,
        selected=outcome.selected,
        cost=outcome.cost,
        budget=outcome.budget,
        explanations=outcome.explanations,
        details=details,
    )


def _add1(
    support: Support,
    first: _Run,
    candidates: list[int],
    ranks: np.ndarray,
    tables: _Tables,
    free: list[int],
    increment: Fraction,
    *,
    stop_when_exhaustive: bool,
) -> _Run:
    """Raise each voter's share step by step; keep the last outcome within budget (pabutools' order of checks)."""
    if increment <= 0:
        raise ValueError("The add1 increment must be more than 0")
    scaled = support.scaled_costs
    free_cost = sum(scaled[project] for project in free)
    previous = _Run(per_voter=first.per_voter, selected=[], purchases=[], dropped={})
    run = first
    while True:
        spent = free_cost + sum(scaled[project] for project in run.selected)
        if spent > support.scaled_budget:
            chosen = previous
            break
        if stop_when_exhaustive and _is_exhaustive(support, free + run.selected, candidates):
            chosen = run
            break
        if len(run.selected) == len(candidates):
            chosen = run
            break
        previous = run
        run = _run(support, run.per_voter + increment, candidates, ranks, tables, explain=False)
    if chosen.is_explained:
        return chosen
    return _run(support, chosen.per_voter, candidates, ranks, tables)


def _is_exhaustive(support: Support, selected: list[int], among: Iterable[int]) -> bool:
    """No project in ``among`` is left out while it still fits (exact, in whole scaled units)."""
    scaled = support.scaled_costs
    left = support.scaled_budget - sum(scaled[project] for project in selected)
    chosen = set(selected)
    return all(project in chosen or scaled[project] > left for project in among)


def _waterfill(money_left: np.ndarray, weights: np.ndarray, utilities: np.ndarray, cost: float) -> float:
    """Smallest rho with sum(weights x min(money_left, rho x utilities)) = cost, in float64.

    The "poor/rich" iteration (as in pabutools' ``affordability_poor_rich``): start with everyone
    paying rho x utility; whoever cannot pays all they have, which raises rho for the rest; repeat
    until nobody else runs short. It usually settles in two or three passes, cheaper than a sort;
    after eight passes a sort finishes the job.
    """
    ratio = money_left / utilities
    paid = weights * money_left
    weighted_utility = weights * utilities
    utility_total = float(weighted_utility.sum())
    rho = cost / utility_total
    poor_count = -1
    for _ in range(8):
        poor = ratio < rho
        count = int(np.count_nonzero(poor))
        if count == poor_count:
            return rho
        poor_count = count
        rich_utility = utility_total - float(weighted_utility[poor].sum())
        if rich_utility <= 0:
            return float(ratio.max())
        rho = (cost - float(paid[poor].sum())) / rich_utility
    order = np.argsort(ratio)
    ratio = ratio[order]
    paid = paid[order]
    weighted_utility = weighted_utility[order]
    paid_before = np.cumsum(paid) - paid
    utility_from = np.cumsum(weighted_utility[::-1])[::-1]
    candidates = (cost - paid_before) / utility_from
    fits = candidates <= ratio
    position = int(np.argmax(fits)) if fits.any() else len(candidates) - 1
    return float(candidates[position])


def _waterfill_uniform(money_left: np.ndarray, weights: np.ndarray, utility: float, cost: float) -> float:
    """``_waterfill`` when every supporter has the same utility: the same passes, on prices."""
    paid = weights * money_left
    weight_total = float(weights.sum())
    price = cost / weight_total
    poor_count = -1
    for _ in range(8):
        poor = money_left < price
        count = int(np.count_nonzero(poor))
        if count == poor_count:
            return price / utility
        poor_count = count
        rich_weight = weight_total - float(weights[poor].sum())
        if rich_weight <= 0:
            return float(money_left.max()) / utility
        price = (cost - float(paid[poor].sum())) / rich_weight
    return _waterfill(money_left, weights, np.full(len(money_left), utility), cost)


@dataclass(frozen=True, eq=False)
class _Tables:
    """Per-project arrays gathered once, so each of the hundreds of add1 runs only reads them."""

    groups: dict[int, np.ndarray]
    weights: dict[int, np.ndarray]
    counts: dict[int, np.ndarray]
    utility: dict[int, np.ndarray]
    codes: dict[int, np.ndarray]
    cost: np.ndarray
    floor: np.ndarray  # rho if no supporter runs short: cost / total utility
    same_utility: np.ndarray  # the utility every supporter has (uniform support) or NaN
    shares_voters: np.ndarray  # [p, q]: some voter supports both p and q


def _shared_supporters(support: Support) -> np.ndarray:
    """Which pairs of projects have a supporter in common: only those are repriced after a purchase."""
    project_count = support.project_count
    project_of_entry = np.repeat(np.arange(project_count), np.diff(support.indptr))
    order = np.argsort(support.groups, kind="stable")
    groups = support.groups[order]
    projects = project_of_entry[order]
    shared = np.zeros(project_count * project_count, dtype=bool)
    shared[np.arange(project_count) * (project_count + 1)] = True
    gap = 1
    while gap < len(groups):
        same = np.flatnonzero(groups[gap:] == groups[:-gap])
        if not same.size:
            break
        first, second = projects[same], projects[same + gap]
        shared[first * project_count + second] = True
        shared[second * project_count + first] = True
        gap += 1
    return shared.reshape(project_count, project_count)


def _tables(support: Support, candidates: list[int]) -> _Tables:
    weights = support.weights.astype(np.float64)
    project_count = support.project_count
    tables = _Tables(
        groups={},
        weights={},
        counts={},
        utility={},
        codes={},
        cost=np.asarray([float(cost) for cost in support.costs]),
        floor=np.full(project_count, np.inf),
        same_utility=np.full(project_count, np.nan),
        shares_voters=_shared_supporters(support),
    )
    for project in candidates:
        span = support.supporters(project)
        groups = support.groups[span]
        tables.groups[project] = groups
        tables.weights[project] = weights[groups]
        tables.counts[project] = support.weights[groups]
        tables.utility[project] = support.utility[span]
        tables.codes[project] = support.utility_code[span]
        tables.floor[project] = float(support.costs[project]) / float(support.total_utility[project])
        if support.is_uniform:
            tables.same_utility[project] = float(support.utility[span][0])
    return tables


@dataclass
class _Replay:
    """Exact budget classes rebuilt from the purchases so far, only when an exact decision needs them."""

    classes: _BudgetClasses
    klass: np.ndarray
    synced: int = 0

    def catch_up(self, tables: _Tables, purchases: list[_Purchase]) -> None:
        for purchase in purchases[self.synced :]:
            project = purchase.project
            self.classes.record(
                self.klass, tables.groups[project], tables.codes[project], tables.counts[project], project
            )
            if purchase.exact_rho is not None:
                self.classes.exact_rho[len(self.classes.snapshots) - 1] = purchase.exact_rho
        self.synced = len(purchases)

    def exact_rho(self, tables: _Tables, project: int) -> Fraction:
        groups = tables.groups[project]
        return self.classes.exact_waterfill(
            *self.classes.aggregate(self.klass[groups], tables.codes[project], tables.counts[project]),
            project,
        )

    def exact_available(self, tables: _Tables, project: int) -> Fraction:
        groups = tables.groups[project]
        return self.classes.exact_available(self.klass[groups], tables.codes[project], tables.counts[project])


def _run(
    support: Support,
    per_voter: Fraction,
    candidates: list[int],
    ranks: np.ndarray,
    tables: _Tables,
    *,
    explain: bool = True,
) -> _Run:
    """One run of Equal Shares at ``per_voter`` money each.

    With ``explain=False`` (add1's trial runs, whose purchases only decide whether to go on) the
    same projects are bought in the same order, but projects the supporters cannot afford even
    before anything is bought are set aside at once, without gathering their supporters' money, and
    nothing is recorded about projects left out. Money only goes down, so such a project is never
    bought either way.
    """
    money_left = np.full(len(support.weights), float(per_voter))
    replay = _Replay(
        classes=_BudgetClasses(start=per_voter, support=support),
        klass=np.zeros(len(support.weights), dtype=np.int64),
    )
    lower_bound = tables.floor.copy()
    is_current = np.zeros(support.project_count, dtype=bool)
    if explain:
        remaining = np.asarray(candidates, dtype=np.int64)
    else:
        remaining = np.asarray(
            [
                project
                for project in candidates
                if per_voter * support.supporter_count[project] >= support.costs[project]
            ],
            dtype=np.int64,
        )
    run = _Run(per_voter=per_voter, selected=[], purchases=[], dropped={}, is_explained=explain)
    round_number = 0
    while remaining.size:
        round_number += 1
        best = float("inf")
        found: dict[int, float] = {}
        money_seen: dict[int, np.ndarray] = {}  # supporters' money, gathered this round
        dropped: list[int] = []
        for project in remaining[np.lexsort((ranks[remaining], lower_bound[remaining]))].tolist():
            if lower_bound[project] > best * (1 + _CLOSE):
                break
            if is_current[project]:
                # Nobody who supports it has paid for anything since its price was worked out.
                found[project] = lower_bound[project]
                best = min(best, lower_bound[project])
                continue
            group_money = money_left[tables.groups[project]]
            available = float(group_money @ tables.weights[project])
            cost = tables.cost[project]
            if available < cost * (1 + _CLOSE):
                if available >= cost * (1 - _CLOSE):
                    replay.catch_up(tables, run.purchases)
                    is_short = replay.exact_available(tables, project) < support.costs[project]
                else:
                    is_short = True
                if is_short:
                    dropped.append(project)
                    if explain:
                        run.dropped[project] = (round_number, available)
                    continue
            floor = tables.floor[project]
            same = tables.same_utility[project]
            if same == same:  # uniform utility: nobody runs short if the poorest can pay an equal share
                is_rich = float(group_money.min()) >= floor * same
            else:
                is_rich = float((group_money / tables.utility[project]).min()) >= floor
            if is_rich:
                rho = floor
            else:
                if best < float("inf"):
                    # Cheaper than sorting: if supporters paying at most the best factor so far
                    # (plus the margin) cannot cover the cost, this project's factor is larger.
                    threshold = best * (1 + _CLOSE)
                    asked = threshold * (same if same == same else tables.utility[project])
                    covered = float(np.minimum(group_money, asked) @ tables.weights[project])
                    if covered < cost:
                        # What supporters pay grows with rho at most at the rate of those who can
                        # still pay more, so rho is at least this (a tangent from below).
                        can_pay_more = group_money > asked
                        if same == same:
                            rate = same * float(tables.weights[project][can_pay_more].sum())
                        else:
                            rate = float(
                                tables.weights[project][can_pay_more] @ tables.utility[project][can_pay_more]
                            )
                        bound = threshold + (cost - covered) / rate if rate > 0 else threshold
                        lower_bound[project] = max(lower_bound[project], bound)
                        continue
                if same == same:
                    rho = _waterfill_uniform(group_money, tables.weights[project], same, cost)
                else:
                    rho = _waterfill(group_money, tables.weights[project], tables.utility[project], cost)
                money_seen[project] = group_money
            lower_bound[project] = rho
            is_current[project] = True
            found[project] = rho
            best = min(best, rho)
        if dropped:
            gone = set(dropped)
            remaining = np.asarray(
                [project for project in remaining.tolist() if project not in gone], dtype=np.int64
            )
        if not found:
            break
        close = [project for project, rho in found.items() if rho <= best * (1 + _CLOSE)]
        exact_rho: Fraction | None = None
        if len(close) == 1:
            winner = close[0]
            rho = found[winner]
        else:
            run.exact_tie_count += 1
            replay.catch_up(tables, run.purchases)
            exact = {project: replay.exact_rho(tables, project) for project in close}
            lowest = min(exact.values())
            winner = min(
                (project for project in close if exact[project] == lowest),
                key=lambda project: int(ranks[project]),
            )
            exact_rho = lowest
            rho = float(lowest)
        groups = tables.groups[winner]
        same = tables.same_utility[winner]
        price = rho * same if same == same else rho * tables.utility[winner]
        group_money = money_seen[winner] if winner in money_seen else money_left[groups]
        # Whoever has no more than the price pays all they have and is left with exactly 0.
        money_left[groups] = np.maximum(group_money - price, 0.0)
        is_current[tables.shares_voters[winner]] = False
        run.selected.append(winner)
        run.purchases.append(
            _Purchase(
                project=winner,
                round=round_number,
                rho=rho,
                exact_rho=exact_rho,
                paying_all_count=int(tables.counts[winner][group_money <= price].sum()) if explain else 0,
            )
        )
        remaining = remaining[remaining != winner]
    return run


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _explain(
    election: Election, support: Support, run: _Run, free: list[int]
) -> dict[str, ProjectExplanation]:
    explanations: dict[str, ProjectExplanation] = {}
    share = money(run.per_voter)
    for project in free:
        project_id = election.projects[project].id
        explanations[project_id] = ProjectExplanation(
            project_id=project_id,
            is_selected=True,
            reason=f"Funded: it costs nothing and {_people(support.supporter_count[project])} voted for it.",
            step=0,
            supporter_count=support.supporter_count[project],
            why=Why.FREE,
            cost=money(0),
        )
    for purchase in run.purchases:
        project = purchase.project
        project_id = election.projects[project].id
        count = support.supporter_count[project]
        if support.is_uniform:
            price = (
                money(
                    purchase.exact_rho
                    * support.utility_values[int(support.utility_code[support.indptr[project]])]
                )
                if purchase.exact_rho is not None
                else money(purchase.rho * float(support.utility[support.indptr[project]]))
            )
            how = f"each of its {count} supporters paid {price}"
            if purchase.paying_all_count:
                how += f" or, for {purchase.paying_all_count} of them, all the money they had left"
            per_point = None
        else:
            price = None
            per_point = money(purchase.exact_rho if purchase.exact_rho is not None else purchase.rho)
            how = f"its {count} supporters paid {per_point} for each point they gave it"
            if purchase.paying_all_count:
                how += f" or, for {purchase.paying_all_count} of them, all the money they had left"
        explanations[project_id] = ProjectExplanation(
            project_id=project_id,
            is_selected=True,
            reason=f"Funded in round {purchase.round}: {how}, out of an equal share of {share} per voter.",
            step=purchase.round,
            supporter_count=count,
            price_per_supporter=price,
            supporters_paying_all_count=purchase.paying_all_count,
            why=Why.SHARES_PAID if price is not None else Why.POINTS_PAID,
            cost=money(support.costs[project]),
            share_per_voter=share,
            price_per_point=per_point,
        )
    for project, (round_number, available) in run.dropped.items():
        project_id = election.projects[project].id
        cost = support.costs[project]
        count = support.supporter_count[project]
        explanations[project_id] = ProjectExplanation(
            project_id=project_id,
            is_selected=False,
            reason=f"Not funded: by round {round_number} its {count} supporters had only {money(available)} "
            f"left between them, and it needed {money(cost)}.",
            step=round_number,
            supporter_count=count,
            supporters_money_left=money(available),
            money_needed=money(cost),
            why=Why.SHARES_RAN_OUT,
            cost=money(cost),
        )
    for project, item in enumerate(election.projects):
        if item.id not in explanations:
            explanations[item.id] = ProjectExplanation(
                project_id=item.id,
                is_selected=False,
                reason="Not funded: nobody voted for it."
                if support.costs[project] > 0
                else "Not funded: it costs nothing, so under cost utilities it is worth nothing to anyone.",
                supporter_count=0,
                money_needed=money(support.costs[project]),
                why=Why.NO_VOTES if support.costs[project] > 0 else Why.WORTH_NOTHING,
                cost=money(support.costs[project]),
            )
    return explanations
