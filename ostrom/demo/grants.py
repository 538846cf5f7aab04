"""Demo grant-making: last year's "Flourish Small Grants" round (named by its year), decided by residents'
priorities, a 40% lived-experience panel and a public vote counted by the Method of Equal Shares, with its
grants published, paid and reporting back; and this year's round, open for priorities since a few days ago.
Every date follows from the day the demo is loaded."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.demo.clock import Clock
from ostrom.grants import counting
from ostrom.grants.models import (
    Application,
    Assessment,
    Ballot,
    BallotChoice,
    ConflictOfInterest,
    Fund,
    Grant,
    Panel,
    PanelSeat,
    Payment,
    Priority,
    PriorityVote,
    Result,
    Round,
)
from ostrom.grants.services import funds, results
from ostrom.impact.models import ReturnAnswer, ReturnQuestion
from ostrom.network.models import Membership, Organisation

FUND_SLUG = "flourish-fund"
NAME = "Flourish Small Grants {year}"
# The past round ran from 6 January last year; its result was published 134 days later (20 May in most
# years), which is when its grants were awarded.
PAST_ROUND_STARTS = (1, 6)
PUBLISHED_AFTER = timedelta(days=134)

PRIORITIES = [
    ("Healthy food for families on low incomes", 88),
    ("Getting to see a GP: help with booking and language", 74),
    ("Support for carers and their own health", 61),
    ("Keeping active in winter", 37),
    ("Mental health support in community languages", 52),
]
CRITERIA = 3

PROJECTS = [
    # title, organisation index, amount, priority index, locality preference (0 Ladywood, 1 Perry Barr)
    ("Cook and eat together", 4, 8000, 0, 0),
    ("Ramadan diabetes kitchen", 6, 6800, 0, 1),
    ("Breakfast club for Lozells families", 3, 6100, 0, 1),
    ("Community fridge in Nechells", 4, 4200, 0, 0),
    ("GP booking helpers at the mosque", 6, 5100, 1, 1),
    ("Urdu and Punjabi health talks", 14, 3800, 1, 1),
    ("Somali health champions", 13, 7400, 1, 1),
    ("Interpreter buddies for appointments", 9, 6600, 1, 0),
    ("Carers' coffee and check-up", 2, 3200, 2, 1),
    ("Young carers' respite days", 22, 8000, 2, 0),
    ("Elders' lunch and blood pressure", 10, 5800, 2, 0),
    ("Sikh carers' wellbeing circle", 1, 3700, 2, 1),
    ("Walking football for over-50s", 5, 2600, 0, 1),
    ("Family allotment cooking", 12, 4600, 0, 1),
    ("Sickle cell carers' support", 16, 5400, 2, 0),
    ("Radio health hour in community languages", 24, 3300, 1, 0),
    ("Pharmacy First awareness days", 0, 4700, 1, 0),
    ("Healthy lunchboxes workshop", 26, 2100, 0, 0),
]


def rounds():
    """The demo fund's rounds, oldest first: last year's, then this year's."""
    return Round.objects.filter(fund__slug=FUND_SLUG).order_by("priorities_open_at")


def load(rng: random.Random, geography: dict, people: dict, *, today: date | None = None) -> None:
    if Fund.objects.filter(slug=FUND_SLUG).exists():
        return
    clock = Clock.of(today)
    past_start = date(clock.today.year - 1, *PAST_ROUND_STARTS)
    coordinator, admin = people["staff"]["coordinator"], people["staff"]["admin"]
    residents = people["residents"]
    birmingham = geography["place"]
    localities = list(birmingham.children.order_by("code"))
    fund = funds.create_fund(
        coordinator=coordinator,
        name="Flourish Fund",
        description=(
            "Small grants for community-led projects that keep people well in Ladywood and Perry Barr. "
            "Residents set the priorities, a community panel shortlists, and everyone can vote. (A demo: the "
            "fund, its projects and its figures are made up.)"
        ),
        funder_name="NHS Birmingham and Solihull Integrated Care Board (demo)",
        funder_org_id="GB-NHS-QHL",
        source="Health inequalities funding",
        amount=Decimal("150000"),
        places_served=localities,
    )
    # Every date follows the event it records: the fund was set up five weeks before its first round.
    Fund.objects.filter(pk=fund.pk).update(
        slug=FUND_SLUG, created_at=clock.at(past_start - timedelta(days=35), hour=11)
    )
    fund.refresh_from_db()
    past = _round(fund, coordinator, NAME.format(year=past_start.year), past_start)
    _priorities(rng, past, residents)
    applications = _applications(rng, past, geography, residents)
    _panel(rng, past, coordinator, residents, geography, applications)
    shortlisted = applications  # the panel put every sent application on the ballot
    Application.objects.filter(pk__in=[a.pk for a in shortlisted]).update(
        status=Application.Status.SHORTLISTED
    )
    _ballots(rng, past, coordinator, admin, residents, geography, shortlisted)
    counting.count_votes(funding_round=past, computed_by=coordinator)
    Result.objects.filter(funding_round=past).update(computed_at=past.voting_closes_at + timedelta(days=1))
    # The grants are awarded the day the result is published, and their returns fall due from it.
    results.publish_result(
        coordinator=coordinator,
        funding_round=past,
        published_at=clock.at(past_start + PUBLISHED_AFTER, hour=10),
    )
    _grant_follow_up(past, coordinator, clock)

    # This year's round opened for priorities five days ago (on 1 January at the earliest, so it is named
    # by the year it runs in).
    current_start = max(clock.day(-5), date(clock.today.year, 1, 1))
    current = _round(fund, coordinator, NAME.format(year=current_start.year), current_start)
    for number, (title, _) in enumerate(PRIORITIES[:4]):
        priority = Priority.objects.create(
            funding_round=current,
            title=title,
            proposed_by=rng.choice(residents),
            proposed_at=min(current.priorities_open_at + timedelta(hours=3 + 17 * number), clock.now),
        )
        PriorityVote.objects.bulk_create(
            [
                PriorityVote(
                    priority=priority,
                    voter=voter,
                    cast_at=min(priority.proposed_at + timedelta(hours=1 + 2 * count), clock.now),
                )
                for count, voter in enumerate(rng.sample(residents, rng.randint(5, 30)))
            ]
        )


def _round(fund, coordinator, name, start: date) -> Round:
    def at(days: int, hour: int = 9) -> datetime:
        return Clock(start).at(days, hour=hour)

    return funds.save_round(
        coordinator=coordinator,
        fund=fund,
        name=name,
        budget=Decimal("60000"),
        largest_grant=Decimal("8000"),
        slim_limit=Decimal("3000"),
        priority_count=CRITERIA,
        priorities_open_at=at(0),
        applications_open_at=at(28),
        applications_close_at=at(70, 17),
        voting_opens_at=at(91),
        voting_closes_at=at(112, 17),
        ballot_type=Round.BallotType.APPROVAL,
        points_per_voter=10,
        rule=Round.Rule.MES,
        minimum_voting_age=16,
    )


def _priorities(rng, funding_round, residents) -> None:
    for title, supporters in PRIORITIES:
        priority = Priority.objects.create(
            funding_round=funding_round,
            title=title,
            proposed_by=rng.choice(residents),
            proposed_at=funding_round.priorities_open_at,
        )
        PriorityVote.objects.bulk_create(
            [
                PriorityVote(
                    priority=priority,
                    voter=voter,
                    cast_at=funding_round.priorities_open_at + timedelta(days=number % 21),
                )
                for number, voter in enumerate(rng.sample(residents, supporters))
            ]
        )


def _applications(rng, funding_round, geography, residents) -> list[Application]:
    organisations = list(Organisation.objects.members().order_by("pk"))
    criteria = funding_round.criteria()
    wards_by_locality = {}
    for lsoa in geography["lsoas"]:
        wards_by_locality.setdefault(lsoa.parent.parent_id, set()).add(lsoa.parent)
    localities = sorted(wards_by_locality)
    applications = []
    opened = timezone.localtime(funding_round.applications_open_at).date()
    for number, (title, organisation_index, amount, priority_index, locality) in enumerate(PROJECTS):
        organisation = organisations[organisation_index]
        if organisation.joined_on > opened:
            # Only members apply: a group that joined later in the story joined before it applied.
            joined_on = opened - timedelta(days=14 + number)
            Organisation.objects.filter(pk=organisation.pk).update(
                joined_on=joined_on, applied_at=F("applied_at") - (organisation.joined_on - joined_on)
            )
            Membership.objects.filter(organisation=organisation).update(
                joined_at=F("joined_at") - (organisation.joined_on - joined_on)
            )
            organisation.joined_on = joined_on
        applicant = Membership.objects.filter(organisation=organisation).first().user
        application = Application.objects.create(
            funding_round=funding_round,
            organisation=organisation,
            applicant=applicant,
            title=title,
            summary=f"{title}: weekly sessions run by {organisation.name}, open to everyone.",
            who_benefits="Local residents, especially those the NHS finds hard to reach",
            amount_requested=Decimal(amount),
            priority=criteria[priority_index],
            budget_breakdown="Venue hire, food and sessional workers" if amount > 3000 else "",
            outcomes="People eating, moving and feeling better, and knowing where to get help"
            if amount > 3000
            else "",
            status=Application.Status.SUBMITTED,
            created_at=funding_round.applications_open_at + timedelta(days=number % 31),
            submitted_at=funding_round.applications_close_at - timedelta(days=3),
        )
        wards = sorted(wards_by_locality[localities[locality]], key=lambda ward: ward.code)
        application.places.set(rng.sample(wards, rng.randint(1, 2)))
        applications.append(application)
    return applications


def _panel(rng, funding_round, coordinator, residents, geography, applications) -> None:
    panel = Panel.objects.create(
        funding_round=funding_round,
        seat_count=9,
        lived_experience_target=40,
        localities_target=2,
        ethnic_groups_target=3,
        hourly_rate=Decimal("12.60"),
    )
    wards = sorted({lsoa.parent for lsoa in geography["lsoas"]}, key=lambda ward: ward.code)
    members = rng.sample(residents[60:], 9)
    for number, member in enumerate(members):
        seat = PanelSeat.objects.create(
            panel=panel,
            member=member,
            has_lived_experience=number < 4,
            place=wards[number % len(wards)],
            paid_hours=Decimal(rng.choice(["9", "10.5", "12"])),
            training_completed_on=funding_round.applications_close_at.date() + timedelta(days=2),
            joined_at=funding_round.applications_open_at + timedelta(days=number),
        )
        Role.objects.get_or_create(user=member, kind=Role.Kind.PANEL_MEMBER)
        conflicted = rng.choice(applications) if number % 3 == 0 else None
        if conflicted:
            ConflictOfInterest.objects.create(
                seat=seat,
                application=conflicted,
                reason="I volunteer with this group",
                declared_at=funding_round.applications_close_at + timedelta(days=3),
            )
        Assessment.objects.bulk_create(
            [
                Assessment(
                    seat=seat,
                    application=application,
                    score=rng.choice([3, 4, 4, 5])
                    if application.amount_requested < 4000
                    else rng.choice([2, 3, 4]),
                    comment="Clear plan, and people already trust this group.",
                )
                for application in applications
                if application != conflicted
            ]
        )
        # Scored during the assessment weeks (the field is set to "now" on every save, so set it after).
        Assessment.objects.filter(seat=seat).update(
            updated_at=funding_round.applications_close_at + timedelta(days=7 + number)
        )


def _ballots(rng, funding_round, coordinator, admin, residents, geography, shortlisted) -> None:
    """300 online ballots from residents and 300 paper ballots from community events, entered by the
    coordinator and confirmed by a second person. Voters mostly back projects in their own locality."""
    locality_of_project = {a.pk: a.places.first().parent_id for a in shortlisted}
    lsoas = geography["lsoas"]
    ballots, choices = [], []
    for number in range(600):
        lsoa = rng.choice(lsoas)
        home = lsoa.parent.parent_id
        local = [a for a in shortlisted if locality_of_project[a.pk] == home]
        other = [a for a in shortlisted if locality_of_project[a.pk] != home]
        chosen = rng.sample(local, rng.randint(2, 5)) + rng.sample(other, rng.choice([0, 0, 1, 2]))
        if number < len(residents):
            ballot = Ballot(
                funding_round=funding_round,
                voter=residents[number],
                lsoa=lsoa,
                cast_at=funding_round.voting_opens_at + timedelta(days=rng.randint(0, 20)),
            )
        else:
            ballot = Ballot(
                funding_round=funding_round,
                is_paper=True,
                paper_reference=f"P-{number:04d}",
                lsoa=lsoa,
                entered_by=coordinator,
                confirmed_by=admin,
                cast_at=funding_round.voting_closes_at,
            )
        ballots.append(ballot)
        choices.append(chosen)
    Ballot.objects.bulk_create(ballots)
    Ballot.objects.filter(funding_round=funding_round).update(changed_at=F("cast_at"))
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, application=application, value=1)
            for ballot, chosen in zip(ballots, choices, strict=True)
            for application in chosen
        ]
    )


def _grant_follow_up(funding_round, coordinator, clock: Clock) -> None:
    """Each grant paid in full two weeks after the award; most groups sent each return that has fallen due
    a few days before it was due, and two have not sent their latest, so a coordinator sees returns
    overdue. Returns not due yet are not in."""
    grants = list(
        Grant.objects.filter(application__funding_round=funding_round).select_related("application")
    )
    for number, grant in enumerate(grants):
        Payment.objects.create(
            grant=grant,
            amount=grant.amount_awarded,
            paid_on=grant.award_date + timedelta(days=14),
            reference=f"FLOURISH-{grant.application_id}",
            recorded_by=coordinator,
        )
        fallen_due = list(
            grant.returns.select_related("template").filter(due_on__lt=clock.today).order_by("due_on")
        )
        for grant_return in fallen_due:
            if number < 2 and grant_return == fallen_due[-1]:
                continue
            sent_on = grant_return.due_on - timedelta(days=1 + (number * 3) % 10)
            reached = 20 + (number * 37) % 100
            # Most of the people reached were counted by group; the groups a small group did not ask
            # about go under "not known".
            white, asian, black = reached * 2 // 5, reached // 4, reached // 8
            answers = {
                ReturnQuestion.Kind.STORY: (
                    f"{grant.application.title} ran every week. People came back, brought friends and told "
                    "us what helped."
                ),
                ReturnQuestion.Kind.COUNT: reached,
                ReturnQuestion.Kind.PEOPLE_BY_GROUP: {
                    "white": white,
                    "asian": asian,
                    "black": black,
                    "mixed": 2,
                    "other": 1,
                    "not_known": reached - white - asian - black - 3,
                },
            }
            ReturnAnswer.objects.bulk_create(
                ReturnAnswer(answered_return=grant_return, question=question, value=answers[question.kind])
                for question in grant_return.template.questions.all()
                if question.kind in answers
            )
            grant_return.submitted_at = clock.at(sent_on, hour=15)
            grant_return.submitted_by = grant.application.applicant
            grant_return.save()
