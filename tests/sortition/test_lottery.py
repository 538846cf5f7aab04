"""The auditable lottery: the same inputs and seed always give the same panel, and replacements keep quotas."""

from __future__ import annotations

from collections import Counter

import pytest

from ostrom.sortition import draw, meets_quotas, replace, select_panel, verify
from ostrom.sortition.lottery import Selection


def test_the_same_request_and_seed_give_the_same_panel(fixture_pool):
    first = select_panel(fixture_pool, seed="2026-11-23 national lottery 04 17 22 31 38 45")
    again = select_panel(fixture_pool, seed="2026-11-23 national lottery 04 17 22 31 38 45")

    assert first.panel == again.panel
    assert first.distribution == again.distribution


def test_the_drawn_panel_meets_every_quota(fixture_pool):
    by_id = {v.id: v for v in fixture_pool.volunteers}
    for seed in ("a", "b", "c", "d"):
        selection = select_panel(fixture_pool, seed=seed)
        assert meets_quotas(fixture_pool, [by_id[i] for i in selection.panel])


def test_verify_confirms_an_honest_draw(fixture_pool):
    selection = select_panel(fixture_pool, seed="announced in advance")

    verification = verify(fixture_pool, selection)

    assert verification.is_same_panel
    assert verification.is_same_distribution
    assert verification.explanation == "The same inputs and seed give the same chances and the same panel."


def test_verify_catches_a_panel_that_was_swapped_after_the_draw(fixture_pool):
    selection = select_panel(fixture_pool, seed="announced in advance")
    outsider = next(v.id for v in fixture_pool.volunteers if v.id not in selection.panel)
    tampered = Selection(
        algorithm=selection.algorithm,
        seed=selection.seed,
        panel=(*selection.panel[1:], outsider),
        distribution=selection.distribution,
        panel_index=selection.panel_index,
    )

    verification = verify(fixture_pool, tampered)

    assert not verification.is_same_panel
    assert verification.is_same_distribution
    assert "was not drawn fairly" in verification.explanation


def test_draws_follow_the_chances_of_selection(fixture_leximin):
    # 4,000 seeds: each volunteer's share of draws should be near their chance (within 5 standard errors).
    draws = 4000
    seats: Counter[str] = Counter()
    for number in range(draws):
        _, panel = draw(fixture_leximin, seed=f"seed {number}")
        seats.update(panel)
    for volunteer_id, chance in fixture_leximin.selection_probabilities.items():
        error = 5 * (chance * (1 - chance) / draws) ** 0.5 + 1e-9
        assert seats[volunteer_id] / draws == pytest.approx(chance, abs=error), volunteer_id


def test_a_replacement_keeps_the_quotas_and_takes_nobody_already_on_the_panel(fixture_pool):
    selection = select_panel(fixture_pool, seed="first draw")
    dropouts = selection.panel[:3]

    replacement = replace(fixture_pool, panel=selection.panel, dropouts=dropouts, seed="replacement draw")

    by_id = {v.id: v for v in fixture_pool.volunteers}
    assert len(replacement.replacements) == 3
    assert not set(replacement.replacements) & set(selection.panel)
    assert set(selection.panel) - set(dropouts) <= set(replacement.panel)
    assert meets_quotas(fixture_pool, [by_id[i] for i in replacement.panel])


def test_a_replacement_is_repeatable_from_its_seed(fixture_pool):
    selection = select_panel(fixture_pool, seed="first draw")
    one = replace(fixture_pool, panel=selection.panel, dropouts=selection.panel[:2], seed="r")
    two = replace(fixture_pool, panel=selection.panel, dropouts=selection.panel[:2], seed="r")

    assert one.replacements == two.replacements


def test_someone_not_on_the_panel_cannot_drop_out(fixture_pool):
    selection = select_panel(fixture_pool, seed="first draw")
    outsider = next(v.id for v in fixture_pool.volunteers if v.id not in selection.panel)

    with pytest.raises(ValueError, match="not on the panel"):
        replace(fixture_pool, panel=selection.panel, dropouts=[outsider], seed="r")
