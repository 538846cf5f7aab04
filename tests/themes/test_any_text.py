"""Whatever people type – emoji, other scripts, repeats, blanks – every comment gets a theme or none."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ostrom.themes import Comment, find_themes

words = st.sampled_from(
    ["bus", "hospital", "GP", "appointment", "park", "👍", "ysbyty", "病院", "the", "and", "42", ""]
)
texts = st.one_of(st.lists(words, max_size=12).map(" ".join), st.text(max_size=60))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, max_size=30), st.one_of(st.none(), st.integers(1, 8)), st.integers(0, 3))
def test_any_comments_get_a_theme_or_none_and_the_themes_add_up(bodies, n_themes, seed):
    comments = [Comment(id=str(i), text=text) for i, text in enumerate(bodies)]
    theming = find_themes(comments, n_themes=n_themes, seed=seed)
    assert set(theming.assignments) == {comment.id for comment in comments}
    assert [theme.id for theme in theming.themes] == list(range(1, len(theming.themes) + 1))
    assert sum(theme.size for theme in theming.themes) == sum(
        t is not None for t in theming.assignments.values()
    )
    if n_themes is not None:
        assert len(theming.themes) <= n_themes
    for theme in theming.themes:
        assert (
            theme.size >= 1 and theme.label and len(theme.keywords) <= 10 and len(theme.representative) <= 5
        )
    assert theming == find_themes(comments, n_themes=n_themes, seed=seed)
