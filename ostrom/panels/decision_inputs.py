"""What a citizens' panel gives a decision to cite: each recommendation, with the body's response."""

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext, gettext_lazy

from ostrom.decisions.inputs import InputItem, InputKind, Participation
from ostrom.places.models import Place

from .models import Recommendation, Volunteer


def _item(recommendation: Recommendation) -> InputItem:
    assembly = recommendation.assembly
    quote = recommendation.text
    response = getattr(recommendation, "response", None)
    if response is not None:
        quote += "\n\n" + gettext("%(body)s's response (%(outcome)s): %(reasons)s") % {
            "body": assembly.commissioning_body,
            "outcome": response.get_outcome_display().lower(),
            "reasons": response.reasons,
        }
    return InputItem(
        object_id=recommendation.pk,
        title=gettext("Recommendation %(number)s: %(title)s – %(question)s")
        % {"number": recommendation.number, "title": recommendation.title, "question": assembly.question},
        quote=quote,
        url=f"{assembly.get_absolute_url()}#recommendation-{recommendation.number}",
        source=gettext("Recommendation %(number)s of the citizens' panel on “%(question)s”")
        % {"number": recommendation.number, "question": assembly.question},
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
    """Everyone who volunteered for the panels that made the recommendations (the members among them).
    Volunteers register without an account: one whose email belongs to a confirmed account is that
    person, so someone who volunteered and also voted is counted once; the rest are counted, never
    guessed. A repeat registration is not another person."""
    assemblies = Recommendation.objects.filter(pk__in=object_ids).values("assembly")
    volunteers = Volunteer.objects.filter(assembly__in=assemblies, duplicate_of__isnull=True)
    emails = {email.lower() for email in volunteers.exclude(email="").values_list("email", flat=True)}
    accounts = dict(
        get_user_model()
        .objects.filter(email_confirmed_at__isnull=False)
        .annotate(address=Lower("email"))
        .filter(address__in=emails)
        .values_list("address", "pk")
    )
    without_account = sum(
        1 for email in volunteers.values_list("email", flat=True) if email.lower() not in accounts
    )
    return Participation(user_ids=frozenset(accounts.values()), anonymous=without_account)


RECOMMENDATION = InputKind(
    key="panels.recommendation",
    label=gettext_lazy("Citizens' panel recommendation"),
    candidates=candidates,
    item=item,
    participation=participation,
)
