"""What waits for one person, read across the apps: each function returns the records a page of
`views.what_needs_doing` lists, already limited to what the person's roles cover
(`accounts.permissions`), so the page never offers work the person would then be refused."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from ostrom.accounts import permissions
from ostrom.accounts.models import Role
from ostrom.conversations.models import Conversation, Statement
from ostrom.grants.models import Application, Ballot, Round
from ostrom.impact.models import Return
from ostrom.network.models import Membership, Organisation, SubgroupMembership
from ostrom.panels.models import Assembly, Recommendation, Volunteer

# Lists on the page stop here; each section links to the full list where there is one.
LONGEST_LIST = 20


def is_partner(user) -> bool:
    return user.is_authenticated and user.roles.filter(kind=Role.Kind.PARTNER).exists()


# Coordinators ------------------------------------------------------------------------------------


def organisations_to_approve(user) -> list[Organisation]:
    waiting = (
        Organisation.objects.awaiting_approval().prefetch_related("places_served").order_by("applied_at")
    )
    return [
        organisation
        for organisation in waiting
        if permissions.can_manage_organisations(user, places=organisation.places_served.all())
    ]


def statements_to_moderate(user) -> list[tuple[Conversation, int]]:
    """Conversations the person moderates with statements waiting for review, and how many wait."""
    waiting = Counter(
        dict(Statement.objects.waiting().values_list("conversation").annotate(count=Count("pk")).order_by())
    )
    conversations = Conversation.objects.filter(pk__in=waiting).select_related("place")
    return [
        (conversation, waiting[conversation.pk])
        for conversation in conversations
        if permissions.can_moderate(user, conversation)
    ]


def paper_ballots_to_confirm(user) -> list[tuple[Round, int]]:
    """Rounds the person runs with paper ballots a second person has yet to confirm. Ballots they
    entered themselves are left out: someone else must confirm those."""
    waiting = Counter(
        dict(
            Ballot.objects.filter(is_paper=True, confirmed_by__isnull=True)
            .exclude(entered_by=user)
            .values_list("funding_round")
            .annotate(count=Count("pk"))
            .order_by()
        )
    )
    rounds = (
        Round.objects.filter(pk__in=waiting).select_related("fund").prefetch_related("fund__places_served")
    )
    return [
        (funding_round, waiting[funding_round.pk])
        for funding_round in rounds
        if permissions.can_run_round(user, funding_round)
    ]


def rounds_run_by(user) -> list[Round]:
    """Rounds the person runs whose results are not yet published, soonest first."""
    rounds = (
        Round.objects.visible()
        .exclude(published_at__lte=timezone.now())
        .select_related("fund")
        .prefetch_related("fund__places_served")
        .order_by("priorities_open_at")
    )
    return [funding_round for funding_round in rounds if permissions.can_run_round(user, funding_round)]


def assemblies_run_by(user) -> list[Assembly]:
    """Citizens' panels the person runs that have not finished."""
    assemblies = (
        Assembly.objects.exclude(status=Assembly.Status.FINISHED)
        .select_related("place")
        .order_by("first_session_on")
    )
    return [assembly for assembly in assemblies if permissions.can_run_assembly(user, assembly)]


def returns_overdue(user) -> list[Return]:
    """Returns past their due date: a grant's for the funds the person runs, the others for the
    programmes they run."""
    overdue = Return.objects.overdue().select_related(
        "organisation",
        "template__programme__place",
        "grant__application__organisation",
        "grant__application__funding_round__fund",
    )
    return [
        the_return
        for the_return in overdue
        if (
            permissions.can_run_fund(user, the_return.grant.application.funding_round.fund)
            if the_return.grant_id
            else permissions.can_run_programme(user, the_return.template.programme)
        )
    ]


# Panel members --------------------------------------------------------------------------------------


def rounds_to_assess(user) -> list[Round]:
    """Rounds in their panel assessment phase where the person holds a seat on the panel."""
    now = timezone.now()
    return list(
        Round.objects.filter(
            panel__seats__member=user, applications_close_at__lte=now, voting_opens_at__gt=now
        )
        .distinct()
        .order_by("voting_opens_at")
    )


# Partners (and the coordinators of the same assemblies) -------------------------------------------


def recommendations_awaiting_response(user) -> list[Recommendation]:
    recommendations = (
        Recommendation.objects.filter(response__isnull=True)
        .select_related("assembly__place")
        .order_by("assembly__last_session_on", "assembly_id", "number")
    )
    return [
        recommendation
        for recommendation in recommendations
        if permissions.can_respond_to_recommendations(user, recommendation.assembly)
    ]


@dataclass(frozen=True)
class ReachPages:
    rounds: list[Round]
    conversations: list[Conversation]


def reach_pages_for(user) -> ReachPages:
    """The reach pages the person may see: rounds that have reached their public vote, and
    conversations (whose results page then shows who took part against the population)."""
    now = timezone.now()
    rounds = (
        Round.objects.filter(voting_opens_at__lte=now)
        .select_related("fund")
        .prefetch_related("fund__places_served")
        .order_by("-voting_opens_at")
    )
    conversations = Conversation.objects.filter(opens_at__lte=now).select_related("place")
    return ReachPages(
        rounds=[
            funding_round
            for funding_round in rounds
            if permissions.can_see_reach(user, places=funding_round.fund.places_served.all())
        ][:LONGEST_LIST],
        conversations=[
            conversation
            for conversation in conversations
            if permissions.can_see_reach(user, places=[conversation.place])
        ][:LONGEST_LIST],
    )


# Everyone signed in ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenNow:
    rounds_setting_priorities: list[Round]
    rounds_taking_applications: list[Round]
    rounds_voting: list[Round]
    rounds_voted_in: set[int]
    conversations: list[Conversation]
    assemblies_recruiting: list[Assembly]


def open_now(user=None) -> OpenNow:
    """What a resident can take part in today (for the home page, with no one signed in: `user` None)."""
    now = timezone.now()
    rounds = list(
        Round.objects.filter(priorities_open_at__lte=now, voting_closes_at__gt=now)
        .exclude(published_at__lte=now)
        .select_related("fund")
        .prefetch_related("fund__places_served")
        .order_by("priorities_open_at")
    )
    voted_in = Ballot.objects.filter(voter=user, funding_round__in=rounds) if user else Ballot.objects.none()
    recruiting = Assembly.objects.filter(
        status=Assembly.Status.RECRUITING, registration_closes_on__gte=timezone.localdate()
    ).select_related("place")
    return OpenNow(
        rounds_setting_priorities=[r for r in rounds if r.is_open_for_priorities],
        rounds_taking_applications=[r for r in rounds if r.is_open_for_applications],
        rounds_voting=[r for r in rounds if r.is_open_for_voting],
        rounds_voted_in=set(voted_in.values_list("funding_round", flat=True)),
        conversations=list(Conversation.objects.open_now().select_related("place")),
        assemblies_recruiting=list(recruiting.order_by("registration_closes_on")),
    )


@dataclass(frozen=True)
class DoneSoFar:
    subgroups: list[SubgroupMembership]
    statements: list[Statement]
    applications: list[Application]
    ballots: list[Ballot]
    registrations: list[Volunteer]
    organisations: list[Membership]

    @property
    def is_empty(self) -> bool:
        return not any(
            [
                self.subgroups,
                self.statements,
                self.applications,
                self.ballots,
                self.registrations,
                self.organisations,
            ]
        )


def done_by(user) -> DoneSoFar:
    """What the person has taken part in, newest first."""
    return DoneSoFar(
        subgroups=list(
            SubgroupMembership.objects.filter(user=user).select_related("subgroup").order_by("-joined_at")
        ),
        statements=list(
            Statement.objects.filter(author__user=user)
            .select_related("conversation")
            .order_by("-created_at")[:LONGEST_LIST]
        ),
        applications=list(
            Application.objects.of(user)
            .select_related("funding_round", "organisation")
            .order_by("-created_at")
        ),
        ballots=list(Ballot.objects.filter(voter=user).select_related("funding_round").order_by("-cast_at")),
        registrations=list(
            Volunteer.objects.of_person(user)
            .filter(duplicate_of__isnull=True)
            .select_related("assembly")
            .order_by("-registered_at")
        ),
        organisations=list(
            Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")
        ),
    )
