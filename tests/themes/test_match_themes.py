"""match_themes: coordinators' edits (renames, merges) survive a re-run."""

from __future__ import annotations

from ostrom.themes import Theme, Theming, find_themes, match_themes
from tests.themes.themes_data import polis_mixed


def theming(groups: dict[int, list[str]]) -> Theming:
    themes = tuple(
        Theme(id=tid, label=f"t{tid}", keywords=(), representative=(), size=len(ids))
        for tid, ids in groups.items()
    )
    return Theming(themes=themes, assignments={cid: tid for tid, ids in groups.items() for cid in ids})


def test_each_new_theme_maps_onto_the_earlier_theme_it_overlaps_most():
    previous = {"buses": ["1", "2", "3", "4"], "gp": ["5", "6", "7", "8"]}
    new = theming({1: ["5", "6", "7", "9"], 2: ["1", "2", "3", "4", "10"]})
    assert match_themes(previous, new) == {1: "gp", 2: "buses"}


def test_the_mapping_is_one_to_one_even_when_two_new_themes_overlap_one_old_one():
    previous = {"everything": [str(i) for i in range(10)], "other": ["20", "21", "22"]}
    new = theming({1: ["0", "1", "2", "3", "4", "5"], 2: ["6", "7", "8", "9"]})
    assert match_themes(previous, new) == {1: "everything"}  # theme 2 stays new: no double mapping


def test_a_pair_below_the_minimum_overlap_is_not_mapped():
    previous = {"a": ["1", "2", "3", "4", "5"]}
    new = theming({1: ["1", "6", "7", "8", "9"]})  # Jaccard 1/9
    assert match_themes(previous, new) == {}
    assert match_themes(previous, new, min_overlap=0.1) == {1: "a"}


def test_nothing_before_or_nothing_now_maps_nothing():
    assert match_themes({}, theming({1: ["1"]})) == {}
    assert match_themes({"a": ["1"]}, Theming(themes=(), assignments={"1": None})) == {}


def test_a_renamed_theme_keeps_its_name_across_a_re_run_with_another_seed():
    comments = polis_mixed().comments[::2]
    first = find_themes(comments, n_themes=6, seed=0)
    # The coordinator renames every theme; the app stores each one's comments under the new name.
    renamed = {
        f"Renamed {theme.id}": [cid for cid, tid in first.assignments.items() if tid == theme.id]
        for theme in first.themes
    }
    second = find_themes(comments, n_themes=6, seed=1)
    mapping = match_themes(renamed, second)
    assert len(mapping) >= 5
    assert len(set(mapping.values())) == len(mapping)
    land = next(theme.id for theme in first.themes if "land" in theme.keywords)
    land_again = next(theme.id for theme in second.themes if "land" in theme.keywords)
    assert mapping[land_again] == f"Renamed {land}"
