"""What a round page shows: the phase timeline and what this visitor can do now."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from .models import Round


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


def _day(moment) -> str:
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
            dates = f"From {_day(start)}"
        else:
            dates = f"{_day(start)} to {_day(end)}"
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
    elif phase == Round.Phase.APPLICATIONS:
        found.append(
            Action("Apply for a grant", reverse("grants:application-create", args=[funding_round.slug]))
        )
    if signed_in and funding_round.applications.of(user).exists():
        found.append(Action("See your applications", reverse("grants:my-applications")))
    if not signed_in and phase in {Round.Phase.PRIORITIES, Round.Phase.APPLICATIONS}:
        found.append(Action("Sign in or create an account to take part", reverse("accounts:login")))
    return found
