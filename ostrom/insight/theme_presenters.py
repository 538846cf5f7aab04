"""Display shaping for themes: rows with bars, what a theme page shows to whom, the place page's section."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import ngettext

from ostrom.accounts import permissions
from ostrom.accounts.selectors import DIMENSIONS, breakdown_people
from ostrom.decisions.selectors import decisions_visible_to

from .models import Insight, Theme, ThemeAssignment
from .theme_inputs import THEME

TOP_THEMES_ON_PLACE_PAGE = 5
REPRESENTATIVE_SHOWN = 3


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    url: str
    label: str
    keywords: str
    size: int
    bar_percent: int


def theme_rows(themes) -> list[ThemeRow]:
    """Each theme with a bar as long as its share of the largest theme."""
    themes = list(themes)
    largest = max((theme.size for theme in themes), default=0)
    return [
        ThemeRow(
            theme,
            theme.get_absolute_url(),
            theme.label,
            theme.keywords_text,
            theme.size,
            round(100 * theme.size / largest) if largest else 0,
        )
        for theme in themes
    ]


def place_themes_section(place, user) -> dict | None:
    """The place page's "What people said here" (places.services.register_place_section), or None when
    the place has no themes and the person cannot find them."""
    themes = Theme.objects.for_place(place).current().filter(size__gt=0).order_by("-size", "pk")
    top = list(themes[:TOP_THEMES_ON_PLACE_PAGE])
    can_run = permissions.can_run_themes(user, place)
    if not top and not can_run:
        return None
    total = themes.count()
    return {
        "place": place,
        "rows": theme_rows(top),
        "can_run": can_run,
        "all_text": ngettext("The theme in %(place)s", "All %(num)d themes in %(place)s", total)
        % {"num": total, "place": place.name},
    }


@dataclass(frozen=True)
class CommentRow:
    insight: Insight
    text: str
    said_on: str
    source: str
    speaker: str
    is_published: bool
    is_pinned: bool


def visible_insights(theme: Theme, user):
    """The insights in the theme this person may read: all of them for the place's coordinators, else
    only published ones (Insight.objects.published(), the one rule)."""
    insights = Insight.objects.filter(theme_assignments__theme=theme, theme_assignments__place=theme.place)
    if not permissions.can_record_insight(user, place=theme.place):
        insights = insights.published()
    return insights


def comment_row(insight: Insight, *, pinned_ids=frozenset()) -> CommentRow:
    named = insight.is_published and insight.publication == Insight.Publication.NAMED and insight.speaker_name
    return CommentRow(
        insight=insight,
        text=insight.text,
        said_on=date_format(insight.said_on, "j F Y"),
        source=insight.get_source_display(),
        speaker=insight.speaker_name if named else "",
        is_published=insight.is_published,
        is_pinned=insight.pk in pinned_ids,
    )


def representative_rows(theme: Theme, user) -> list[CommentRow]:
    """The comments that say the theme best, in the engine's order, among those this person may read."""
    visible = {
        insight.pk: insight for insight in visible_insights(theme, user).filter(pk__in=theme.representative)
    }
    return [comment_row(visible[pk]) for pk in theme.representative if pk in visible][:REPRESENTATIVE_SHOWN]


def pinned_ids(theme: Theme) -> frozenset[int]:
    return frozenset(
        ThemeAssignment.objects.filter(theme=theme, pinned=True).values_list("insight_id", flat=True)
    )


def who_raised(theme: Theme, user) -> list | None:
    """The groups of the account holders whose words are in the theme (consented answers, suppressed), for
    those who may see reach; None for everyone else."""
    if not permissions.can_see_who_raised_theme(user, theme.place):
        return None
    speakers = get_user_model().objects.filter(
        pk__in=Insight.objects.filter(theme_assignments__theme=theme)
        .exclude(speaker=None)
        .values("speaker_id")
    )
    return [breakdown_people(speakers, by=dimension, places=[theme.place]) for dimension in DIMENSIONS]


def citing_decisions(theme: Theme, user):
    """The decisions this person may see that cite the theme (or a theme merged into it)."""
    cited = [theme.pk, *theme.merged_themes.values_list("pk", flat=True)]
    return (
        decisions_visible_to(user)
        .filter(inputs__kind=THEME.key, inputs__object_id__in=cited)
        .distinct()
        .order_by("-pk")
    )


def size_text(theme: Theme) -> str:
    return ngettext("%(num)d comment", "%(num)d comments", theme.size) % {"num": theme.size}
