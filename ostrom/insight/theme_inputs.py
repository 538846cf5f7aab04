"""What themes give a decision to cite: a theme found in what a place's communities said."""

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.decisions.inputs import InputItem, InputKind, Participation
from ostrom.places.models import Place

from .models import Insight, Theme


def _item(theme: Theme) -> InputItem:
    said = ngettext("%(num)d comment", "%(num)d comments", theme.size) % {"num": theme.size}
    return InputItem(
        object_id=theme.pk,
        title=gettext("Theme: %(theme)s (%(place)s)") % {"theme": theme.label, "place": theme.place.name},
        quote=gettext("%(theme)s: %(comments)s about %(keywords)s.")
        % {"theme": theme.label, "comments": said, "keywords": theme.keywords_text}
        if theme.keywords
        else f"{theme.label}: {said}.",
        url=theme.get_absolute_url(),
        source=gettext("Themes found in what people in %(place)s said") % {"place": theme.place.name},
    )


def candidates(places: Sequence[Place]):
    inside = Q(pk__in=[])
    for place in places:
        inside |= Q(place__in=Place.objects.within(place))
    themes = Theme.objects.current().filter(inside).filter(size__gt=0).select_related("place")
    return [_item(theme) for theme in themes.order_by("-size", "pk")]


def item(object_id: int) -> InputItem | None:
    theme = Theme.objects.current().select_related("place").filter(pk=object_id).first()
    return _item(theme) if theme else None


def participation(object_ids: Sequence[int]) -> Participation:
    """The people whose words are in the themes: speakers with accounts by id, the rest as a number."""
    insights = Insight.objects.filter(theme_assignments__theme__in=object_ids).distinct()
    user_ids = frozenset(insights.exclude(speaker=None).values_list("speaker_id", flat=True))
    return Participation(user_ids=user_ids, anonymous=insights.filter(speaker=None).count())


THEME = InputKind(
    key="insight.theme",
    label=gettext_lazy("Theme in what communities said"),
    candidates=candidates,
    item=item,
    participation=participation,
)
