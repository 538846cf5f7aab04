"""What a citizens' panel gives a decision to cite: each recommendation, with the body's response."""

from collections.abc import Sequence

from django.db.models import Q

from ostrom.decisions.inputs import InputItem, InputKind, Participation
from ostrom.places.models import Place

from .models import Lottery, Recommendation


def _item(recommendation: Recommendation) -> InputItem:
    assembly = recommendation.assembly
    quote = recommendation.text
    response = getattr(recommendation, "response", None)
    if response is not None:
        quote += f"\n\n{assembly.commissioning_body}'s response ({response.get_outcome_display().lower()}): "
        quote += response.reasons
    return InputItem(
        object_id=recommendation.pk,
        title=f"Recommendation {recommendation.number}: {recommendation.title} – {assembly.question}",
        quote=quote,
        url=f"{assembly.get_absolute_url()}#recommendation-{recommendation.number}",
        source=f"Recommendation {recommendation.number} of the citizens' panel on “{assembly.question}”",
    )


def _recommendations():
    return Recommendation.objects.select_related("assembly", "response")


def candidates(places: Sequence[Place]):
    inside = Q()
    for place in places:
        inside |= Q(assembly__place__in=Place.objects.within(place))
    found = _recommendations().filter(inside) if places else _recommendations()
    return [
        _item(recommendation) for recommendation in found.order_by("-assembly__first_session_on", "number")
    ]


def item(object_id: int) -> InputItem | None:
    recommendation = _recommendations().filter(pk=object_id).first()
    return _item(recommendation) if recommendation else None


def participation(object_ids: Sequence[int]) -> Participation:
    """The panel members who made the recommendations. Volunteers register without an account, so they
    are counted, never matched to one."""
    assemblies = Recommendation.objects.filter(pk__in=object_ids).values("assembly")
    members = set()
    for lottery in Lottery.objects.filter(assembly__in=assemblies, is_current=True):
        members.update(lottery.selected)
    return Participation(anonymous=len(members))


RECOMMENDATION = InputKind(
    key="panels.recommendation",
    label="Citizens' panel recommendation",
    candidates=candidates,
    item=item,
    participation=participation,
)
