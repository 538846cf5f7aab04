"""What a round page shows: the phase timeline and what this visitor can do now."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.accounts import permissions
from ostrom.accounts.equality import HIGH_LEVEL_GROUP
from ostrom.accounts.models import EqualityAnswer
from ostrom.accounts.redirects import with_next
from ostrom.accounts.selectors import DIMENSIONS, breakdown_people
from ostrom.places.models import Place
from ostrom.places.selectors import population_of

from . import explaining
from .models import Application, Assessment, Panel, PanelSeat, Result, Round
from .selectors import assessments_by, conflicts_for, discussion, seat_of


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
            dates = gettext("When the results are ready")
        elif end is None:
            dates = gettext("From %(date)s") % {"date": day(start)}
        else:
            dates = gettext("%(start)s to %(end)s") % {"start": day(start), "end": day(end)}
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
                gettext("Suggest and choose the priorities for this fund"),
                reverse("grants:priorities", args=[funding_round.slug]),
            )
        )
    elif phase == Round.Phase.VOTING:
        found.append(
            Action(
                gettext("Vote for the projects you want funded"),
                reverse("grants:ballot", args=[funding_round.slug]),
            )
        )
    elif phase in {Round.Phase.DECISION, Round.Phase.PUBLISHED}:
        found.append(Action(gettext("See the result"), reverse("grants:result", args=[funding_round.slug])))
    elif phase == Round.Phase.APPLICATIONS:
        found.append(
            Action(
                gettext("Apply for a grant"), reverse("grants:application-create", args=[funding_round.slug])
            )
        )
    if phase == Round.Phase.ASSESSMENT and seat_of(user, funding_round) is not None:
        found.append(
            Action(
                gettext("Score the applications"), reverse("grants:assessments", args=[funding_round.slug])
            )
        )
    if signed_in and funding_round.applications.of(user).exists():
        found.append(Action(gettext("See your applications"), reverse("grants:my-applications")))
    if not signed_in and phase in {Round.Phase.PRIORITIES, Round.Phase.APPLICATIONS}:
        found.append(
            Action(
                gettext("Sign in or create an account to take part"),
                with_next("accounts:login", funding_round.get_absolute_url()),
            )
        )
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
        TargetRow(gettext("Seats filled"), str(panel.seat_count), str(filled), filled == panel.seat_count),
        TargetRow(
            gettext("People with lived experience"),
            gettext("at least %(share)s%%") % {"share": panel.lived_experience_target},
            gettext("%(share)s%% (%(count)s of %(total)s)")
            % {"share": lived_share, "count": lived, "total": filled},
            filled > 0 and lived_share >= panel.lived_experience_target,
        ),
        TargetRow(
            gettext("Localities represented"),
            gettext("at least %(count)s") % {"count": panel.localities_target},
            str(len(localities)),
            len(localities) >= panel.localities_target,
        ),
        TargetRow(
            gettext("Ethnic groups represented"),
            gettext("at least %(count)s") % {"count": panel.ethnic_groups_target},
            str(len(groups)),
            len(groups) >= panel.ethnic_groups_target,
        ),
    ]


def rule_in_plain_english(funding_round: Round) -> str:
    """How the round's rule turns its ballots into grants; for a ranked round counted by points, how many
    points each choice gives."""
    text = explaining.rule_explanation(funding_round.rule, on_points=funding_round.is_on_points)
    if funding_round.rule == Round.Rule.POINTS and funding_round.ballot_type == Round.BallotType.RANKED:
        # The engine gives a first choice as many points as there are projects to rank.
        top = funding_round.applications.on_ballot().count()
        text = explaining.rank_points(top) + " " + text
    return text


BALLOT_IN_PLAIN_ENGLISH = {
    Round.BallotType.APPROVAL: gettext_lazy(
        "Tick every project you would be happy to see funded. Ticking more does not weaken your other ticks."
    ),
    Round.BallotType.CUMULATIVE: gettext_lazy(
        "Share out your points between the projects you support. Give more points to the ones you care about most."
    ),
    Round.BallotType.RANKED: gettext_lazy(
        "Number the projects you support in order: 1 for your first choice, 2 for the next, and so on."
    ),
}


def voting_rules(funding_round: Round) -> list[str]:
    """The rules shown beside the ballot, in plain English."""
    ballot = str(BALLOT_IN_PLAIN_ENGLISH[funding_round.ballot_type])
    if funding_round.ballot_type == Round.BallotType.CUMULATIVE:
        points = funding_round.points_per_voter
        ballot += " " + ngettext("You have %(n)d point.", "You have %(n)d points.", points) % {"n": points}
    return [
        ballot,
        rule_in_plain_english(funding_round)
        + " "
        + gettext("The budget is %(budget)s pounds.") % {"budget": f"{funding_round.budget:,.0f}"},
        gettext(
            "You can vote if you are %(age)s or over and live in %(places)s. One vote per person: "
            "you can change it until voting closes on %(date)s."
        )
        % {
            "age": funding_round.minimum_voting_age,
            "places": ", ".join(place.name for place in funding_round.fund.places_served.all()),
            "date": day(funding_round.voting_closes_at),
        },
    ]


@dataclass(frozen=True)
class ResultRow:
    application: Application
    is_funded: bool
    supporters: int
    reason: str


@dataclass(frozen=True)
class MoneyRow:
    label: str
    amount: Decimal
    share: float

    @property
    def bar_percent(self) -> int:
        return round(self.share * 100)


def result_rows(result: Result) -> list[ResultRow]:
    """Funded projects in the order the rule chose them, then the others by support."""
    applications = {
        a.pk: a
        for a in result.funding_round.applications.filter(
            pk__in=[int(key) for key in result.explanations]
        ).select_related("organisation")
    }
    order = {application_id: position for position, application_id in enumerate(result.selected)}
    rows = [
        ResultRow(
            applications[int(key)],
            int(key) in order,
            explanation.get("supporter_count", 0),
            explaining.project_reason(explanation),
        )
        for key, explanation in result.explanations.items()
    ]
    return sorted(
        rows,
        key=lambda row: (
            not row.is_funded,
            order.get(row.application.pk, 0),
            -row.supporters,
            row.application.title,
        ),
    )


def money_by_project(result: Result, rows: list[ResultRow]) -> list[MoneyRow]:
    funded = [row.application for row in rows if row.is_funded]
    return [
        MoneyRow(a.title, a.amount_requested, float(a.amount_requested / result.cost) if result.cost else 0.0)
        for a in funded
    ]


def money_by_place(result: Result, rows: list[ResultRow]) -> list[MoneyRow]:
    """Money going to each place; a project working in several places is split equally between them."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row.is_funded:
            places = list(row.application.places.all()) or [None]
            for place in places:
                totals[place.name if place else gettext("Not given")] += (
                    row.application.amount_requested / len(places)
                )
    return [
        MoneyRow(label, amount.quantize(Decimal("0.01")), float(amount / result.cost) if result.cost else 0.0)
        for label, amount in sorted(totals.items(), key=lambda item: -item[1])
    ]


@dataclass(frozen=True)
class ReachGroup:
    title: str
    breakdowns: list


def reach(funding_round: Round) -> list[ReachGroup]:
    """Breakdowns of applicants, panel members and voters (consented answers only, under-5s hidden)."""
    people = get_user_model().objects
    places = list(funding_round.fund.places_served.all())
    groups = [
        (
            gettext("People who applied"),
            people.filter(applications__in=funding_round.applications.submitted()).distinct(),
        ),
        (
            gettext("The decision panel"),
            people.filter(panel_seats__panel__funding_round=funding_round).distinct(),
        ),
        (gettext("People who voted online"), people.filter(ballots__funding_round=funding_round).distinct()),
    ]
    population = {dimension: population_of(places, dimension) for dimension in DIMENSIONS}
    return [
        ReachGroup(
            title,
            [
                breakdown_people(users, by=dimension, places=places, population=population[dimension])
                for dimension in DIMENSIONS
            ],
        )
        for title, users in groups
    ]


@dataclass(frozen=True)
class StatusSeen:
    label: str
    tag_colour: str


def status_seen(application: Application, *, can_run_round: bool) -> StatusSeen:
    """An application's status as this person may see it: funded or not funded only for the round's
    coordinators until the result is published (`Round.is_result_public`)."""
    status = application.status if can_run_round else application.public_status
    return StatusSeen(Application.Status(status).label, Application.colour_of(status))


def my_application_rows(applicant) -> list[tuple[Application, StatusSeen]]:
    """The person's own applications, each with the status they may see."""
    applications = Application.objects.of(applicant).select_related("funding_round__fund", "organisation")
    return [
        (
            application,
            status_seen(
                application, can_run_round=permissions.can_run_round(applicant, application.funding_round)
            ),
        )
        for application in applications
    ]


def assessment_rows(
    funding_round: Round, seat: PanelSeat
) -> list[tuple[Application, bool, Assessment | None]]:
    """Each sent application, whether this member declared an interest in it, and the score they gave."""
    conflicts, scored = conflicts_for(seat), assessments_by(seat)
    return [
        (application, application.pk in conflicts, scored.get(application.pk))
        for application in funding_round.applications.submitted().select_related("organisation")
    ]


def rest_of_panel(application: Application, seat: PanelSeat, viewer) -> list[Assessment]:
    """What the other panel members scored and said about an application (not for a conflicted member)."""
    return [assessment for assessment in discussion(application, viewer) if assessment.seat_id != seat.pk]


@dataclass(frozen=True)
class AccessCodeCounts:
    issued: int
    used: int

    @property
    def summary(self) -> str:
        if not self.issued:
            return gettext("No access codes have been issued for this round.")
        return ngettext(
            "%(issued)s access code has been issued; %(used)s used to vote.",
            "%(issued)s access codes have been issued; %(used)s used to vote.",
            self.issued,
        ) % {"issued": f"{self.issued:,}", "used": f"{self.used:,}"}


def access_code_counts(funding_round: Round) -> AccessCodeCounts:
    codes = funding_round.access_codes.aggregate(issued=Count("pk"), used=Count("used_at"))
    return AccessCodeCounts(codes["issued"], codes["used"])


def application_breadcrumbs(application: Application, *, is_own: bool) -> list[tuple[str, str]]:
    """The parents of an application's page: the applicant's own list for them, its round for others."""
    if is_own:
        return [
            (gettext("Community grants"), reverse("grants:fund-list")),
            (gettext("Your applications"), reverse("grants:my-applications")),
        ]
    funding_round = application.funding_round
    return [
        (gettext("Community grants"), reverse("grants:fund-list")),
        (funding_round.fund.name, funding_round.fund.get_absolute_url()),
        (funding_round.name, funding_round.get_absolute_url()),
    ]
