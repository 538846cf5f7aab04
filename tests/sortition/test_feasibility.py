"""Before any lottery: can any panel meet the quotas, and if not, what to change."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ostrom.sortition import (
    PanelRequest,
    Quota,
    QuotasCannotBeMet,
    Volunteer,
    check_feasibility,
    find_distribution,
    select_panel,
)
from tests.sortition.peer import peer_finds_quotas_infeasible


def pool_with_six_young_people() -> PanelRequest:
    volunteers = tuple(
        Volunteer(id=f"v{i}", features={"age band": "16–24" if i < 6 else "25+"}) for i in range(60)
    )
    quotas = (Quota("age band", "16–24", 8, 12), Quota("age band", "25+", 18, 30))
    return PanelRequest(volunteers=volunteers, quotas=quotas, panel_size=30)


def test_a_quota_with_too_few_volunteers_is_named_in_plain_english():
    feasibility = check_feasibility(pool_with_six_young_people())

    assert not feasibility.is_feasible
    assert "No panel of 30 can have ≥ 8 people with age band “16–24”: only 6 volunteered." in [
        problem.sentence for problem in feasibility.problems
    ]


def test_the_smallest_relaxation_lowers_the_short_minimum_to_what_is_available():
    feasibility = check_feasibility(pool_with_six_young_people())

    assert [(r.feature, r.value, r.new_minimum, r.new_maximum) for r in feasibility.relaxations] == [
        ("age band", "16–24", 6, 12)
    ]
    assert "For age band “16–24”, lower the minimum from 8 to 6." in feasibility.explanation


def test_the_suggested_relaxation_really_makes_a_panel_possible(fixture_pool):
    tight = replace(
        fixture_pool,
        quotas=tuple(
            replace(q, minimum=q.maximum) if q.feature == "Gender" else q for q in fixture_pool.quotas
        ),
    )
    feasibility = check_feasibility(tight)
    assert not feasibility.is_feasible
    changed = {(r.feature, r.value): r for r in feasibility.relaxations}
    relaxed = replace(
        tight,
        quotas=tuple(
            replace(
                q,
                minimum=changed[(q.feature, q.value)].new_minimum,
                maximum=changed[(q.feature, q.value)].new_maximum,
            )
            if (q.feature, q.value) in changed
            else q
            for q in tight.quotas
        ),
    )
    assert check_feasibility(relaxed).is_feasible


def test_quotas_that_conflict_only_together_are_still_reported():
    # Each quota can be met alone, but every young volunteer is a man and the panel needs 2 young
    # people and 2 women out of 2 seats.
    volunteers = (
        Volunteer("a", {"age": "young", "gender": "man"}),
        Volunteer("b", {"age": "young", "gender": "man"}),
        Volunteer("c", {"age": "old", "gender": "woman"}),
        Volunteer("d", {"age": "old", "gender": "woman"}),
    )
    quotas = (
        Quota("age", "young", 2, 2),
        Quota("age", "old", 0, 2),
        Quota("gender", "man", 0, 2),
        Quota("gender", "woman", 2, 2),
    )
    request = PanelRequest(volunteers, quotas, panel_size=2)

    feasibility = check_feasibility(request)

    assert not feasibility.is_feasible
    assert [problem.sentence for problem in feasibility.problems] == [
        "No panel of 2 meets all the quotas together, although each quota can be met on its own."
    ]
    assert (
        sum((r.minimum - r.new_minimum) + (r.new_maximum - r.maximum) for r in feasibility.relaxations) == 2
    )


def test_one_per_household_counts_a_shared_home_once():
    volunteers = tuple(
        Volunteer(f"v{i}", {"tenure": "renting"}, household="flat 1" if i < 3 else f"home {i}")
        for i in range(5)
    )
    request = PanelRequest(
        volunteers, (Quota("tenure", "renting", 4, 5),), panel_size=4, one_per_household=True
    )

    feasibility = check_feasibility(request)

    assert not feasibility.is_feasible
    assert "No panel of 4 can be drawn: only 3 households can be chosen." in [
        problem.sentence for problem in feasibility.problems
    ]


def test_selecting_with_unmeetable_quotas_raises_with_the_explanation():
    with pytest.raises(QuotasCannotBeMet) as problem:
        select_panel(pool_with_six_young_people(), seed="public seed")

    assert "only 6 volunteered" in problem.value.explanation
    assert problem.value.relaxations


def test_we_and_the_peer_agree_on_which_quotas_can_be_met(fixture_pool):
    variants = {
        "as published": fixture_pool,
        "a panel of 30": replace(fixture_pool, panel_size=30),
        "every region at least 4": replace(
            fixture_pool,
            quotas=tuple(
                replace(q, minimum=max(q.minimum, 4)) if q.feature == "geo_bucket" else q
                for q in fixture_pool.quotas
            ),
        ),
        "all Gender at their maximum": replace(
            fixture_pool,
            quotas=tuple(
                replace(q, minimum=q.maximum) if q.feature == "Gender" else q for q in fixture_pool.quotas
            ),
        ),
    }
    for name, request in variants.items():
        assert check_feasibility(request).is_feasible is not peer_finds_quotas_infeasible(request), name


def test_a_volunteer_whose_value_has_no_quota_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="Volunteer v1 has age band '90\\+', which has no quota"):
        PanelRequest(
            (Volunteer("v1", {"age band": "90+"}),), (Quota("age band", "16–24", 0, 1),), panel_size=1
        )


def test_volunteers_nobody_can_select_get_no_chance_and_everyone_else_still_does():
    # Nobody aged 60+ may sit on the panel (maximum 0): they get 0, the others share the seats.
    volunteers = tuple(Volunteer(f"v{i}", {"age": "60+" if i < 3 else "under 60"}) for i in range(10))
    request = PanelRequest(
        volunteers, (Quota("age", "60+", 0, 0), Quota("age", "under 60", 0, 7)), panel_size=7
    )

    distribution = find_distribution(request)

    assert [distribution.selection_probabilities[f"v{i}"] for i in range(3)] == [0.0, 0.0, 0.0]
    for i in range(3, 10):
        assert distribution.selection_probabilities[f"v{i}"] == pytest.approx(1.0)


def test_an_impossible_minimum_is_lowered_itself_not_the_minimums_of_other_values_that_were_fine():
    ages = ["16 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 to 74", "75 or over"]
    volunteers = tuple(
        Volunteer(id=f"v{i}", features={"Age band": ages[i % 7], "Sex": "Female" if i % 2 else "Male"})
        for i in range(105)
    )
    quotas = tuple(
        Quota("Age band", age, 10, 12) if age == "75 or over" else Quota("Age band", age, 4, 5)
        for age in ages
    ) + (Quota("Sex", "Female", 14, 16), Quota("Sex", "Male", 14, 16))

    feasibility = check_feasibility(PanelRequest(volunteers=volunteers, quotas=quotas, panel_size=30))

    # Four seats too many: as small a change as lowering two other bands, but it is the 75-and-over
    # minimum, far above that band's share of the pool, that is at fault.
    assert [(r.value, r.new_minimum, r.new_maximum) for r in feasibility.relaxations] == [
        ("75 or over", 6, 12)
    ]
    assert "For Age band “75 or over”, lower the minimum from 10 to 6." in feasibility.explanation
