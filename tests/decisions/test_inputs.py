"""The kinds of community input each app plugs into decisions, and counting who took part once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ostrom.accounts.models import User
from ostrom.conversations.models import Conversation, Participant, Statement, Vote
from ostrom.decisions import inputs, selectors, services
from ostrom.decisions.models import Body
from ostrom.grants.models import Ballot, Panel, PanelSeat, Result
from ostrom.network.models import Attendance
from ostrom.panels.models import Volunteer
from tests.decisions.conftest import make_recommendation
from tests.factories import AdminFactory, MeetingFactory, PlaceFactory, SubgroupFactory, UserFactory
from tests.grants.factories import ApplicationFactory, FundFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladywood():
    return PlaceFactory(name="Ladywood", kind="locality")


@pytest.fixture
def resident():
    return UserFactory(full_name="Rosa Resident")


@pytest.fixture
def published_result(ladywood, resident):
    fund = FundFactory()
    fund.places_served.set([ladywood])
    funding_round = RoundFactory(
        fund=fund, in_phase="decision", published_at=timezone.now() - timedelta(days=1)
    )
    funded = ApplicationFactory(
        funding_round=funding_round, title="Walking group", status="funded", amount_requested=Decimal("2400")
    )
    result = Result.objects.create(
        funding_round=funding_round,
        rule="mes",
        ballot_count=3,
        selected=[funded.pk],
        cost=Decimal("2400"),
        explanations={},
    )
    Ballot.objects.create(funding_round=funding_round, voter=resident)
    Ballot.objects.create(funding_round=funding_round, voter=UserFactory())
    Ballot.objects.create(
        funding_round=funding_round,
        is_paper=True,
        paper_reference="P-1",
        entered_by=UserFactory(),
        confirmed_by=UserFactory(),
    )
    panel = Panel.objects.create(funding_round=funding_round)
    PanelSeat.objects.create(panel=panel, member=resident, has_lived_experience=True, place=ladywood)
    return result


@pytest.fixture
def statement(ladywood, resident):
    conversation = Conversation.objects.create(
        question="What would help you see a GP?", slug="gp", place=ladywood
    )
    statement = Statement.objects.create(
        conversation=conversation, text="Evening appointments", status="accepted"
    )
    signed_in = Participant.objects.create(conversation=conversation, user=resident)
    anonymous = Participant.objects.create(conversation=conversation, anonymous_key="k1")
    Vote.objects.create(participant=signed_in, statement=statement, value=Vote.AGREE)
    Vote.objects.create(participant=anonymous, statement=statement, value=Vote.DISAGREE)
    return statement


@pytest.fixture
def minuted_meeting(ladywood, resident):
    meeting = MeetingFactory(
        subgroup=SubgroupFactory(),
        place=ladywood,
        title="Access to GPs",
        starts_at=timezone.now() - timedelta(days=7),
        minutes="People want evening appointments.",
    )
    Attendance.objects.create(meeting=meeting, user=resident)
    return meeting


def test_every_app_plugs_in_its_kinds_of_input():
    assert {kind.key for kind in inputs.input_kinds()} >= {
        "panels.recommendation",
        "grants.result",
        "conversations.statement",
        "network.meeting",
    }


def test_a_round_result_is_citable_only_once_published(published_result, ladywood):
    kind = inputs.input_kind("grants.result")
    item = kind.item(published_result.pk)
    assert item.title == f"Result of {published_result.funding_round.name}"
    assert "3 ballots were counted. Residents chose 1 project: Walking group" in item.quote
    assert [found.object_id for found in kind.candidates([ladywood])] == [published_result.pk]
    funding_round = published_result.funding_round
    funding_round.published_at = None
    funding_round.save()
    assert kind.item(published_result.pk) is None
    assert kind.candidates([ladywood]) == []


def test_a_statement_is_quoted_with_how_people_voted(statement, ladywood):
    kind = inputs.input_kind("conversations.statement")
    item = kind.item(statement.pk)
    assert item.quote == "“Evening appointments” Of 2 people who voted on it, 1 agreed and 1 disagreed."
    statement.status, statement.rejection_reason = "rejected", "Names a person"
    statement.save()
    assert kind.item(statement.pk) is None, "a statement that is not shown cannot be cited"


def test_meeting_minutes_are_citable_once_the_meeting_has_happened(minuted_meeting, ladywood):
    kind = inputs.input_kind("network.meeting")
    assert kind.item(minuted_meeting.pk).quote == "People want evening appointments."
    assert [item.object_id for item in kind.candidates([ladywood])] == [minuted_meeting.pk]


def test_someone_who_voted_sat_on_the_panel_took_part_and_attended_is_counted_once(
    published_result, statement, minuted_meeting, ladywood, resident
):
    admin = AdminFactory()
    body = Body.objects.create(name="Ladywood Locality Partnership", slug="llp", kind="locality_partnership")
    body.places.set([ladywood])
    decision = services.record_decision(actor=admin, body=body, question="Evening GP appointments")
    for kind, object_id in [
        ("grants.result", published_result.pk),
        ("conversations.statement", statement.pk),
        ("network.meeting", minuted_meeting.pk),
    ]:
        services.link_input(
            actor=admin, decision=decision, kind=kind, object_id=object_id, shaped="adopted", how="Yes."
        )

    taking_part = selectors.participation_behind(decision.inputs.all())

    other_voter = (
        published_result.funding_round.ballots.exclude(voter=None).exclude(voter=resident).get().voter
    )
    assert taking_part.user_ids == {resident.pk, other_voter.pk}
    # One paper ballot and one anonymous conversation participant: counted, not guessed.
    assert taking_part.anonymous == 2


def test_a_panel_volunteer_with_an_account_who_also_voted_is_one_person(published_result, resident, ladywood):

    recommendation_kind = inputs.input_kind("panels.recommendation")
    recommendation = make_recommendation(ladywood)
    common = dict(assembly=recommendation.assembly, postcode="B16 8AA", features={}, consent_wording="Yes")
    Volunteer.objects.create(full_name="Rosa", email=resident.email.upper(), **common)
    Volunteer.objects.create(full_name="No account", email="nobody@example.org", **common)
    Volunteer.objects.create(full_name="No email", **common)
    unconfirmed = UserFactory(email="unconfirmed@example.org")
    User.objects.filter(pk=unconfirmed.pk).update(email_confirmed_at=None)
    Volunteer.objects.create(full_name="Unconfirmed", email="unconfirmed@example.org", **common)

    panel = recommendation_kind.participation([recommendation.pk])
    assert panel.user_ids == {resident.pk}
    assert panel.anonymous == 3

    admin = AdminFactory()
    body = Body.objects.create(name="Ladywood Locality Partnership", slug="llp", kind="locality_partnership")
    body.places.set([ladywood])
    decision = services.record_decision(actor=admin, body=body, question="Evening GP appointments")
    for kind, object_id in [
        ("panels.recommendation", recommendation.pk),
        ("grants.result", published_result.pk),
    ]:
        services.link_input(
            actor=admin, decision=decision, kind=kind, object_id=object_id, shaped="adopted", how="Y"
        )
    together = selectors.participation_behind(decision.inputs.all())
    assert resident.pk in together.user_ids
    assert len(together.user_ids) == 2  # the resident (voter, panel member and volunteer) and the other voter
