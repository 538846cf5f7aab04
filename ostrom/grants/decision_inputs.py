"""What a grant round gives a decision to cite: its published result, the projects residents chose."""

from collections.abc import Sequence

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.decisions.inputs import InputItem, InputKind, Participation
from ostrom.places.models import Place

from .models import Application, Ballot, PanelSeat, Result


def _published():
    # The one rule for what the public may see of a count (Round.is_result_public), as a query.
    return Result.objects.filter(
        funding_round__published_at__isnull=False, funding_round__published_at__lte=timezone.now()
    ).select_related("funding_round__fund")


def _item(result: Result) -> InputItem:
    funding_round = result.funding_round
    funded = Application.objects.filter(pk__in=result.selected).select_related("organisation")
    by_id = {application.pk: application for application in funded}
    projects = [by_id[pk] for pk in result.selected if pk in by_id]
    listed = "; ".join(
        f"{application.title} ({application.organisation.name}, £{application.amount_requested:,.0f})"
        for application in projects
    )
    counted = ngettext(
        "%(ballots)s ballot was counted.", "%(ballots)s ballots were counted.", result.ballot_count
    ) % {"ballots": f"{result.ballot_count:,}"}
    chose = (
        ngettext(
            "Residents chose %(count)s project: %(projects)s.",
            "Residents chose %(count)s projects: %(projects)s.",
            len(projects),
        )
        % {"count": len(projects), "projects": listed}
        if projects
        else gettext("No project was chosen.")
    )
    return InputItem(
        object_id=result.pk,
        title=gettext("Result of %(round)s") % {"round": funding_round.name},
        quote=f"{counted} {chose}",
        url=result.get_absolute_url(),
        source=gettext("The residents' vote in %(round)s") % {"round": funding_round.name},
    )


def candidates(places: Sequence[Place]):
    inside = Q()
    for place in places:
        inside |= Q(funding_round__fund__places_served__in=Place.objects.within(place))
    found = _published().filter(inside).distinct() if places else _published()
    return [_item(result) for result in found.order_by("-funding_round__voting_closes_at")]


def item(object_id: int) -> InputItem | None:
    result = _published().filter(pk=object_id).first()
    return _item(result) if result else None


def participation(object_ids: Sequence[int]) -> Participation:
    """The voters and the decision panel: online voters and panel members by account; paper ballots and
    access codes as a number."""
    ballots = Ballot.objects.filter(funding_round__result__in=object_ids)
    voters = set(ballots.exclude(voter=None).values_list("voter_id", flat=True))
    members = PanelSeat.objects.filter(panel__funding_round__result__in=object_ids).values_list(
        "member_id", flat=True
    )
    return Participation(
        user_ids=frozenset(voters | set(members)), anonymous=ballots.filter(voter=None).count()
    )


ROUND_RESULT = InputKind(
    key="grants.result",
    label=gettext_lazy("Result of a grant round"),
    candidates=candidates,
    item=item,
    participation=participation,
)
