"""Our Equal Shares reproduces the outcomes cities announced, and explains each decision in numbers that add up."""

from __future__ import annotations

from fractions import Fraction

from pabutools.election import Cost_Sat
from pabutools.rules import method_of_equal_shares

from ostrom.budgeting import Completion, equal_shares, greedy, phragmen
from tests.budgeting.peer import official, peer_election


def test_assen_2024_official_outcome_is_equal_shares_with_add1(elections):
    election = elections["Netherlands_Assen_2024.pb"]

    outcome = equal_shares(election, completion=Completion.ADD1)

    assert outcome.selected_set == official(election) == {"2", "3", "5", "6", "9", "11", "12", "13", "14"}


def test_swiecie_2023_official_outcome_is_equal_shares_with_add1(elections):
    election = elections["Poland_Swiecie_2023.pb"]

    outcome = equal_shares(election, completion=Completion.ADD1)

    assert outcome.selected_set == official(election)
    assert len(outcome.selected) == 17


def test_wieliczka_2023_official_outcome_needs_the_add1_comparison_step(elections):
    election = elections["Poland_Wieliczka_2023_Green_Budget.pb"]

    plain_add1 = equal_shares(election, completion=Completion.ADD1)
    with_comparison = equal_shares(election, completion=Completion.ADD1_COMPARISON)

    assert with_comparison.selected_set == official(election)
    # add1 stops at the first exhaustive outcome, which funds 66 and 67 instead of 46.
    assert plain_add1.selected_set ^ official(election) == {"46", "66", "67"}
    assert with_comparison.details["comparison"].startswith("Equal Shares outcome kept")


def test_the_add1_comparison_share_is_the_last_one_pabutools_keeps_within_budget(elections):
    election = elections["Poland_Wieliczka_2023_Green_Budget.pb"]
    outcome = equal_shares(election, completion=Completion.ADD1_COMPARISON)
    instance, profile = peer_election(election)
    multiprofile = profile.as_multiprofile()
    share = election.budget / election.voter_count
    steps = int(Fraction(outcome.details["per_voter_budget"]) - share + Fraction(1, 2))

    def peer_at(step: int) -> set[str]:
        # pabutools gives each voter budget_limit / voters: scale the limit to set the share.
        instance.budget_limit = (share + step) * election.voter_count
        return {
            project.name for project in method_of_equal_shares(instance, multiprofile, sat_class=Cost_Sat)
        }

    assert peer_at(steps) == outcome.selected_set
    assert election.cost_of(peer_at(steps + 1)) > election.budget


def test_equal_shares_explains_the_round_and_price_of_each_funded_project(elections):
    election = elections["Netherlands_Assen_2024.pb"]

    outcome = equal_shares(election, completion=Completion.ADD1)

    first = outcome.explanations[outcome.selected[0]]
    assert first.is_selected and first.step == 1
    cost = election.cost_of([first.project_id])
    # Nobody runs out in round 1, so every supporter pays the same share of the cost.
    assert first.supporters_paying_all_count == 0
    assert abs(
        Fraction(first.price_per_supporter) * first.supporter_count - cost
    ) < first.supporter_count * Fraction(1, 100)
    assert f"Funded in round 1: each of its {first.supporter_count} supporters paid" in first.reason


def test_equal_shares_explains_what_a_rejected_project_lacked(elections):
    election = elections["Netherlands_Assen_2024.pb"]

    outcome = equal_shares(election, completion=Completion.ADD1)

    rejected = [explanation for explanation in outcome.explanations.values() if not explanation.is_selected]
    assert {explanation.project_id for explanation in rejected} == {"1", "4", "7", "8", "10"}
    for explanation in rejected:
        assert explanation.supporters_money_left < explanation.money_needed
        assert str(explanation.money_needed) in explanation.reason


def test_greedy_explains_the_order_reached_and_the_money_left(elections):
    election = elections["Netherlands_Assen_2024.pb"]

    outcome = greedy(election)

    by_position = sorted(outcome.explanations.values(), key=lambda explanation: explanation.step)
    left = election.budget
    for explanation in by_position:
        assert explanation.budget_left == left
        if explanation.is_selected:
            left -= election.cost_of([explanation.project_id])
        else:
            assert explanation.money_needed > explanation.budget_left
    assert [explanation.supporter_count for explanation in by_position] == sorted(
        (explanation.supporter_count for explanation in by_position), reverse=True
    )


def test_phragmen_buys_projects_at_rising_loads(elections):
    election = elections["Poland_Swiecie_2023.pb"]

    outcome = phragmen(election)

    loads = [outcome.explanations[project_id].load for project_id in outcome.selected]
    assert loads == sorted(loads)
    assert all(
        not explanation.is_selected
        for explanation in outcome.explanations.values()
        if explanation.load is None
    )


def test_json_ready_outcome_lists_sorted_winners_and_the_total_cost(elections):
    election = elections["Poland_Swiecie_2023.pb"]

    data = equal_shares(election, completion=Completion.ADD1).to_dict()

    assert data["rule"] == "equal-shares-cost-add1"
    assert data["selected"] == sorted(official(election))
    assert data["cost"] == election.cost_of(official(election))
    assert set(data["explanations"]) == {project.id for project in election.projects}
