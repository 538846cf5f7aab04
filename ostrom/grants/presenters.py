"""What a round page shows: the phase timeline and what this visitor can do now."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ostrom.accounts.equality import HIGH_LEVEL_GROUP
from ostrom.accounts.models import EqualityAnswer
from ostrom.places.models import Place

from .models import Panel, Round
from .selectors import seat_of


@dataclass(frozen=True)
class PhaseRow:
    name: str
    dates: str
    is_current: bool
    is_done: bool


@dataclass(frozen=True)
class Action:
    text: str
    href: str


def day(moment) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y")


def timeline(funding_round: Round) -> list[PhaseRow]:
    current = funding_round.phase
    order = [phase for phase, _ in Round.Phase.choices if phase != Round.Phase.UPCOMING]
    spans = {
        Round.Phase.PRIORITIES: (funding_round.priorities_open_at, funding_round.applications_open_at),
        Round.Phase.APPLICATIONS: (funding_round.applications_open_at, funding_round.applications_close_at),
        Round.Phase.ASSESSMENT: (funding_round.applications_close_at, funding_round.voting_opens_at),
        Round.Phase.VOTING: (funding_round.voting_opens_at, funding_round.voting_closes_at),
        Round.Phase.DECISION: (funding_round.voting_closes_at, funding_round.published_at),
        Round.Phase.PUBLISHED: (funding_round.published_at, None),
    }
    position = order.index(current) if current in order else -1
    rows = []
    for index, phase in enumerate(order):
        start, end = spans[phase]
        if start is None:
            dates = "When the results are ready"
        elif end is None:
            dates = f"From {day(start)}"
        else:
            dates = f"{day(start)} to {day(end)}"
        rows.append(PhaseRow(Round.Phase(phase).label, dates, index == position, index < position))
    return rows


def actions(funding_round: Round, user) -> list[Action]:
    """What the visitor can do in the current phase, in plain words."""
    phase = funding_round.phase
    signed_in = user.is_authenticated
    found = []
    if phase == Round.Phase.PRIORITIES:
        found.append(
            Action(
                "Suggest and choose the priorities for this fund",
                reverse("grants:priorities", args=[funding_round.slug]),
            )
        )
    elif phase == Round.Phase.VOTING:
        found.append(
            Action(
                "Vote for the projects you want funded", reverse("grants:ballot", args=[funding_round.slug])
            )
        )
    elif phase == Round.Phase.APPLICATIONS:
        found.append(
            Action("Apply for a grant", reverse("grants:application-create", args=[funding_round.slug]))
        )
    if phase == Round.Phase.ASSESSMENT and seat_of(user, funding_round) is not None:
        found.append(
            Action("Score the applications", reverse("grants:assessments", args=[funding_round.slug]))
        )
    if signed_in and funding_round.applications.of(user).exists():
        found.append(Action("See your applications", reverse("grants:my-applications")))
    if not signed_in and phase in {Round.Phase.PRIORITIES, Round.Phase.APPLICATIONS}:
        found.append(Action("Sign in or create an account to take part", reverse("accounts:login")))
    return found


@dataclass(frozen=True)
class TargetRow:
    name: str
    target: str
    actual: str
    is_met: bool


def targets(panel: Panel) -> list[TargetRow]:
    """Who sits on the panel against its targets. Ethnic groups are counted only from consented answers,
    and only how many groups are represented is shown, never who is in which."""
    seats = list(panel.seats.select_related("place", "member"))
    filled = len(seats)
    lived = sum(1 for seat in seats if seat.has_lived_experience)
    lived_share = round(100 * lived / filled) if filled else 0
    localities = {
        ancestor.pk
        for seat in seats
        for ancestor in seat.place.ancestors(include_self=True)
        if ancestor.kind == Place.Kind.LOCALITY
    }
    answers = EqualityAnswer.objects.consented().filter(user__in=[seat.member for seat in seats])
    groups = {
        HIGH_LEVEL_GROUP[code]
        for code in answers.values_list("ethnic_group", flat=True)
        if code in HIGH_LEVEL_GROUP
    }
    return [
        TargetRow("Seats filled", str(panel.seat_count), str(filled), filled == panel.seat_count),
        TargetRow(
            "People with lived experience",
            f"at least {panel.lived_experience_target}%",
            f"{lived_share}% ({lived} of {filled})",
            filled > 0 and lived_share >= panel.lived_experience_target,
        ),
        TargetRow(
            "Localities represented",
            f"at least {panel.localities_target}",
            str(len(localities)),
            len(localities) >= panel.localities_target,
        ),
        TargetRow(
            "Ethnic groups represented",
            f"at least {panel.ethnic_groups_target}",
            str(len(groups)),
            len(groups) >= panel.ethnic_groups_target,
        ),
    ]


RULE_IN_PLAIN_ENGLISH = {
    Round.Rule.EQUAL_SHARES: (
        "The budget is shared out equally between all voters. A project is funded when the people who voted "
        "for it can pay for it together from their shares, cheapest per supporter first. This way every group "
        "of voters gets projects in proportion to its size, and a big group cannot take all the money."
    ),
    Round.Rule.GREEDY: (
        "Projects are funded in order of their votes, most first, skipping any project that no longer fits "
        "the money left, until the budget runs out."
    ),
    Round.Rule.PHRAGMEN: (
        "Projects are funded one by one. Each time, the project chosen is the one whose supporters would carry "
        "the lightest load if they shared its cost, so the cost is spread as evenly as possible among voters."
    ),
}
BALLOT_IN_PLAIN_ENGLISH = {
    Round.BallotType.APPROVAL: "Tick every project you would be happy to see funded. Ticking more does not weaken your other ticks.",
    Round.BallotType.CUMULATIVE: "Share out your points between the projects you support. Give more points to the ones you care about most.",
    Round.BallotType.RANKED: "Number the projects you support in order: 1 for your first choice, 2 for the next, and so on.",
}


def voting_rules(funding_round: Round) -> list[str]:
    """The rules shown beside the ballot, in plain English."""
    ballot = BALLOT_IN_PLAIN_ENGLISH[funding_round.ballot_type]
    if funding_round.ballot_type == Round.BallotType.CUMULATIVE:
        ballot += f" You have {funding_round.points_per_voter} points."
    return [
        ballot,
        RULE_IN_PLAIN_ENGLISH[funding_round.rule] + f" The budget is {funding_round.budget:,.0f} pounds.",
        f"You can vote if you are {funding_round.minimum_voting_age} or over and live in "
        f"{', '.join(place.name for place in funding_round.fund.places_served.all())}. One vote per person: "
        f"you can change it until voting closes on {day(funding_round.voting_closes_at)}.",
    ]
