"""Reach behind decisions: everyone who took part in the input, counted once per person across ballots,
grant panels, conversations and meetings, against the population of the places the body serves."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from ostrom.accounts.models import User
from ostrom.accounts.selectors import DIMENSIONS, breakdown_people
from ostrom.conversations.models import Conversation, Participant, Statement, Vote
from ostrom.decisions import reach, services
from ostrom.grants.models import Ballot, Panel, PanelSeat, Result
from ostrom.network.models import Attendance
from ostrom.places.models import AreaStatistic
from tests.decisions.conftest import record
from tests.factories import (
    AreaStatisticFactory,
    EqualityAnswerFactory,
    LsoaFactory,
    MeetingFactory,
    SubgroupFactory,
)
from tests.grants.factories import ApplicationFactory, FundFactory, RoundFactory

pytestmark = pytest.mark.django_db
AGE = AreaStatistic.Measure.POPULATION_AGE_BAND


def person(age_band):
    return EqualityAnswerFactory(user__password=None, age_band=age_band).user


@pytest.fixture
def input_behind(ladywood):
    """25 voters (5 of them also on the grant panel), 12 conversation voters (4 of them also voters in the
    round), 6 people at a meeting (2 of them also on the panel), 3 paper ballots and 2 anonymous visitors."""
    lsoa = LsoaFactory(parent=ladywood)
    for band, people in [
        ("16-24", 180),
        ("25-34", 200),
        ("35-44", 200),
        ("45-54", 150),
        ("55-64", 120),
        ("65-74", 90),
        ("75+", 60),
    ]:
        AreaStatisticFactory(place=lsoa, measure=AGE, category=band, value=people)
    voters = [person("25-34" if n % 2 else "35-44") for n in range(25)]
    fund = FundFactory()
    fund.places_served.set([ladywood])
    funding_round = RoundFactory(
        fund=fund, in_phase="decision", published_at=timezone.now() - timedelta(days=1)
    )
    funded = ApplicationFactory(funding_round=funding_round, status="funded")
    result = Result.objects.create(
        funding_round=funding_round,
        rule="mes",
        ballot_count=28,
        selected=[funded.pk],
        cost=Decimal("2000"),
        explanations={},
    )
    for voter in voters:
        Ballot.objects.create(funding_round=funding_round, voter=voter)
    clerk, checker = person("45-54"), person("45-54")
    for number in range(3):
        Ballot.objects.create(
            funding_round=funding_round,
            is_paper=True,
            paper_reference=f"P{number}",
            entered_by=clerk,
            confirmed_by=checker,
        )
    panel = Panel.objects.create(funding_round=funding_round)
    for member in voters[:5]:
        PanelSeat.objects.create(panel=panel, member=member, has_lived_experience=True, place=ladywood)
    conversation = Conversation.objects.create(question="GP access?", slug="gp-access", place=ladywood)
    statement = Statement.objects.create(conversation=conversation, text="Call back", status="accepted")
    talkers = voters[20:24] + [person("16-24") for _ in range(8)]
    for talker in talkers:
        Vote.objects.create(
            participant=Participant.objects.create(conversation=conversation, user=talker),
            statement=statement,
            value=Vote.AGREE,
        )
    for key in ("a", "b"):
        Vote.objects.create(
            participant=Participant.objects.create(conversation=conversation, anonymous_key=key),
            statement=statement,
            value=Vote.DISAGREE,
        )
    meeting = MeetingFactory(
        subgroup=SubgroupFactory(),
        place=ladywood,
        starts_at=timezone.now() - timedelta(days=3),
        minutes="Notes",
    )
    attendees = voters[:2] + [person("65-74") for _ in range(4)]
    for attendee in attendees:
        Attendance.objects.create(meeting=meeting, user=attendee)
    everyone = {p.pk for p in voters} | {p.pk for p in talkers} | {p.pk for p in attendees}
    return {"result": result, "statement": statement, "meeting": meeting, "everyone": everyone}


def test_everyone_behind_a_decision_is_counted_once_and_compared_with_the_population(
    partner, body, ladywood, input_behind
):
    decision = record(partner, body)
    for kind, item in [
        ("grants.result", input_behind["result"]),
        ("conversations.statement", input_behind["statement"]),
        ("network.meeting", input_behind["meeting"]),
    ]:
        services.link_input(
            actor=partner, decision=decision, kind=kind, object_id=item.pk, shaped="adopted", how="Y"
        )

    found = reach.reach_of(decision.inputs.all(), [ladywood])

    # Counted from the records here: 25 voters + 8 new conversation voters + 4 new meeting attendees.
    assert len(input_behind["everyone"]) == 37
    assert found.account_holders_text == f"about {found.breakdowns[0].total_text}"
    assert int(found.breakdowns[0].total_text) in (35, 40)  # 37, rounded to 5 by its cell key
    assert found.without_account_text == "5"  # 3 paper ballots and 2 anonymous visitors
    expected = User.objects.filter(pk__in=input_behind["everyone"])
    assert found.breakdowns == [breakdown_people(expected, by=d, places=[ladywood]) for d in DIMENSIONS]
    ages = {row.code: row for row in found.breakdowns[2].rows}
    assert ages["16-24"].population_share == pytest.approx(0.18)
    # 8 of 37 are 16 to 24 (22%, more than their 18%), and nobody aged 55 to 64 took part.
    assert "People aged 55 to 64 are 12% of Ladywood but fewer than 5 of those who took part." in found.gaps


def test_the_reach_page_shows_the_same_figures_to_those_who_may_see_it(partner, body, ladywood, input_behind):
    decision = record(partner, body)
    services.link_input(
        actor=partner,
        decision=decision,
        kind="grants.result",
        object_id=input_behind["result"].pk,
        shaped="adopted",
        how="Y",
    )
    services.publish_decision(actor=partner, decision=decision)
    client = Client()
    assert client.get(f"/decisions/{decision.slug}/reach/").status_code == 302  # sign in first
    client.force_login(partner)
    page = client.get(f"/decisions/{decision.slug}/reach/").content.decode()
    assert "about 25 people with an account" in page
    assert "Fewer than 5 took part without one" in page  # the 3 paper ballots
    resident = User.objects.get(pk=next(iter(input_behind["everyone"])))
    client.force_login(resident)
    assert client.get(f"/decisions/{decision.slug}/reach/").status_code == 403


def test_the_api_gives_reach_in_aggregate_only(partner, body, ladywood, input_behind):
    decision = record(partner, body)
    services.link_input(
        actor=partner,
        decision=decision,
        kind="grants.result",
        object_id=input_behind["result"].pk,
        shaped="adopted",
        how="Y",
    )
    services.publish_decision(actor=partner, decision=decision)
    client = Client()
    client.force_login(partner)
    found = client.get(f"/api/decisions/{decision.slug}/reach").json()
    assert found["account_holders"] == "about 25"
    ages = {row["group"]: row for row in found["breakdowns"][2]["rows"]}
    assert ages["55 to 64"]["people"] == "fewer than 5" and ages["55 to 64"]["share"] is None
    assert ages["55 to 64"]["population_share"] == pytest.approx(0.12)
    outsider = Client()
    outsider.force_login(User.objects.get(pk=next(iter(input_behind["everyone"]))))
    assert outsider.get(f"/api/decisions/{decision.slug}/reach").status_code == 403
