"""find_themes: the shape and rules every engine keeps (the default engine here, the embeddings engine
in test_embeddings.py)."""

from __future__ import annotations

import pytest

from ostrom.themes import Comment, Theming, find_themes
from tests.themes.themes_data import polis_mixed

SMALL = [
    Comment(id=f"c{i}", text=text)
    for i, text in enumerate(
        [
            "Waiting weeks for a GP appointment is too long",
            "I could not get through on the phone to book an appointment",
            "The GP surgery phone line is always engaged in the morning",
            "Appointments at the surgery should be easier to book online",
            "More buses to the hospital please, the bus stops running at six",
            "The bus to the hospital is late and the fares are too high",
            "Parking at the hospital costs too much, and the bus is no better",
            "Safe cycle lanes would help people get to the hospital without a car",
            "The park needs more benches and better lighting at night",
            "Young people need somewhere to go in the evenings, like a youth club",
            "The youth club closed and teenagers have nowhere to go",
            "Lighting in the park at night would make it feel safer",
        ]
    )
]


def theme_of(theming: Theming, comment_id: str):
    return theming.assignments[comment_id]


def test_themes_are_numbered_from_one_largest_first_with_short_labels_and_capped_lists():
    theming = find_themes(polis_mixed().comments, n_themes=6)
    sizes = [theme.size for theme in theming.themes]
    assert [theme.id for theme in theming.themes] == list(range(1, len(sizes) + 1))
    assert sizes == sorted(sizes, reverse=True)
    for theme in theming.themes:
        members = [cid for cid, tid in theming.assignments.items() if tid == theme.id]
        assert len(members) == theme.size
        assert 1 <= len(theme.keywords) <= 10
        assert theme.label == ", ".join(theme.keywords[:3])
        assert not {"the", "and", "to", "of", "is", "don"} & set(theme.keywords)  # English stop words out
        assert 1 <= len(theme.representative) <= 5
        assert set(theme.representative) <= set(members)


def test_every_comment_gets_a_theme_or_none():
    comments = polis_mixed().comments[:300]
    theming = find_themes(comments)
    assert set(theming.assignments) == {comment.id for comment in comments}
    assert set(theming.assignments.values()) <= {theme.id for theme in theming.themes} | {None}


def test_the_same_input_and_seed_give_the_same_themes_and_another_seed_may_differ():
    comments = polis_mixed().comments[::3]
    assert find_themes(comments, seed=7) == find_themes(comments, seed=7)
    assert find_themes(comments, n_themes=5, seed=1) == find_themes(comments, n_themes=5, seed=1)


def test_comments_about_the_same_thing_share_a_theme():
    theming = find_themes(SMALL, n_themes=3)
    assert len(theming.themes) == 3
    assert len({theme_of(theming, cid) for cid in ("c0", "c1", "c2", "c3")}) == 1
    assert len({theme_of(theming, cid) for cid in ("c4", "c5", "c6")}) == 1
    assert theme_of(theming, "c0") != theme_of(theming, "c5")


def test_no_comments_give_no_themes():
    assert find_themes([]) == Theming(themes=(), assignments={})


def test_one_comment_is_one_theme():
    theming = find_themes([Comment(id="only", text="The bus to the hospital is always late")])
    assert len(theming.themes) == 1
    (theme,) = theming.themes
    assert theme.size == 1 and theme.representative == ("only",)
    assert theming.assignments == {"only": 1}


def test_comments_without_usable_words_have_no_theme():
    comments = [*SMALL, Comment(id="emoji", text="👍👍 🙂"), Comment(id="blank", text="   "),
                Comment(id="stop", text="and the of it is"), Comment(id="numbers", text="123 456")]  # fmt: skip
    theming = find_themes(comments, n_themes=3)
    for cid in ("emoji", "blank", "stop", "numbers"):
        assert theming.assignments[cid] is None
    assert theming.assignments["c0"] is not None
    assert find_themes([Comment(id="x", text="👍")]) == Theming(themes=(), assignments={"x": None})


def test_duplicate_comments_are_themed_together_and_many_themes_asked_of_few_distinct_comments():
    comments = [Comment(id=str(i), text="More buses to the hospital please") for i in range(30)]
    theming = find_themes(comments, n_themes=5)
    assert len(theming.themes) == 1 and theming.themes[0].size == 30


def test_more_themes_asked_than_comments_gives_at_most_one_per_comment():
    theming = find_themes(SMALL[:4], n_themes=50)
    assert 1 <= len(theming.themes) <= 4


def test_non_english_and_very_long_comments_are_themed():
    long = " ".join(["The hospital bus is late again and the fares are too high."] * 400)
    comments = [*SMALL, Comment(id="long", text=long), Comment(id="welsh", text="Mae angen mwy o fysiau i'r ysbyty"),
                Comment(id="urdu", text="ہسپتال تک بس بہت دیر سے آتی ہے")]  # fmt: skip
    theming = find_themes(comments, n_themes=3)
    assert theming.assignments["long"] == theming.assignments["c5"]
    assert set(theming.assignments) == {comment.id for comment in comments}


def test_bad_arguments_are_refused_plainly():
    with pytest.raises(ValueError, match="engine"):
        find_themes(SMALL, engine="magic")
    with pytest.raises(ValueError, match="at least 1"):
        find_themes(SMALL, n_themes=0)
    with pytest.raises(ValueError, match="unique"):
        find_themes([Comment(id="a", text="bus"), Comment(id="a", text="train")])


def test_progress_is_reported_in_steps_up_to_the_total():
    seen: list[tuple[int, int]] = []
    find_themes(SMALL, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) >= 3
    assert seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_an_automatic_number_of_themes_is_bounded():
    theming = find_themes(polis_mixed().comments)
    assert 2 <= len(theming.themes) <= 15
    assert len(find_themes(SMALL).themes) <= 2  # twelve comments: not a theme per comment
