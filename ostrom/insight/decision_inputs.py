"""What insight gives a decision to cite: a published story, quote, case study or case for action.
Only published insight may be cited, and reach counts its speakers."""

from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from ostrom.decisions.inputs import InputItem, InputKind, Participation

from .models import Insight
from .presenters import attribution


def _published():
    return Insight.objects.published().select_related("place")


def _item(insight: Insight) -> InputItem:
    said = date_format(insight.said_on, "j F Y")
    return InputItem(
        object_id=insight.pk,
        title=insight.title
        or gettext("%(kind)s from %(place)s")
        % {"kind": insight.get_kind_display(), "place": insight.place.name},
        quote=insight.text[:1500],
        url=insight.get_absolute_url(),
        source=f"{insight.get_kind_display()} ({attribution(insight)}, {insight.place.name}, {said})",
    )


def candidates(places: Sequence):
    return [_item(insight) for insight in _published().in_places(places)[:200]]


def item(object_id: int) -> InputItem | None:
    insight = _published().filter(pk=object_id).first()
    return _item(insight) if insight else None


def participation(object_ids: Sequence[int]) -> Participation:
    said = _published().filter(pk__in=object_ids)
    user_ids = said.exclude(speaker=None).values_list("speaker_id", flat=True)
    return Participation(user_ids=frozenset(user_ids), anonymous=said.filter(speaker=None).count())


INSIGHT = InputKind(
    key="insight.insight",
    label=gettext_lazy("A story, quote or case for action"),
    candidates=candidates,
    item=item,
    participation=participation,
)
