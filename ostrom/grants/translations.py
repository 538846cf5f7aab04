"""What of a grant round can be translated: its name, the priorities residents choose between and the
projects on its ballot (each title and summary), in the order the pages show them."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostrom.translations.registry import DocumentKind, Item

from .models import Application, Priority, Round


def priority_items(priority: Priority) -> list[Item]:
    label = _("Priority: %(title)s") % {"title": priority.title}
    return [Item(priority, "title", label), Item(priority, "description", label, long=True)]


def project_items(application: Application) -> list[Item]:
    label = _("Project: %(title)s") % {"title": application.title}
    return [Item(application, "title", label), Item(application, "summary", label, long=True)]


def name_item(funding_round: Round) -> Item:
    return Item(funding_round, "name", _("Name of the round"))


def rounds_items(funding_rounds) -> list[Item]:
    """What a list of rounds reads: each round's name."""
    return [name_item(funding_round) for funding_round in funding_rounds]


def ballot_items(funding_round: Round, applications) -> list[Item]:
    """What the ballot page reads: the round's name and each project on it."""
    return [name_item(funding_round)] + [
        item for application in applications for item in project_items(application)
    ]


def priorities_page_items(funding_round: Round, priorities) -> list[Item]:
    """What the priorities page reads: the round's name and each priority listed."""
    return [name_item(funding_round)] + [item for priority in priorities for item in priority_items(priority)]


def items(funding_round: Round) -> list[Item]:
    found = [name_item(funding_round)]
    for priority in funding_round.priorities.filter(is_accepted=True).order_by("title"):
        found += priority_items(priority)
    for application in funding_round.applications.filter(status=Application.Status.SHORTLISTED).order_by(
        "title"
    ):
        found += project_items(application)
    return [item for item in found if item.original]


ROUND = DocumentKind(
    key="grants.round",
    label=_("Grant round"),
    model=Round,
    items=items,
    places=lambda funding_round: list(funding_round.fund.places_served.all()),
    reader_url=lambda funding_round: reverse("grants:ballot", args=[funding_round.slug]),
    current=lambda: (
        Round.objects.filter(voting_closes_at__gt=timezone.now()).select_related("fund").order_by("name")
    ),
    item_models=[Priority, Application],
)
