"""The page people land on after signing in: what waits for them, by role, each thing linking to where
it is done. The world (tests/world.py) has one of everything in Ladywood."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.grants.models import Ballot
from ostrom.impact.models import Return
from ostrom.panels.models import Response, Volunteer
from tests.factories import PASSWORD
from tests.world import client_as, world  # noqa: F401 (the world fixture)

PAGE = reverse("overview:what-needs-doing")


def _text(response) -> str:
    """The page's text with tags removed and spaces collapsed, as a person reads it."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _links(response) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


@pytest.mark.django_db
def test_signing_in_without_somewhere_to_go_back_to_lands_on_what_needs_doing(world, client):  # noqa: F811
    response = client.post(
        reverse("accounts:login"), {"username": world.people["resident"].email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE


@pytest.mark.django_db
def test_the_header_links_to_what_needs_doing_for_people_signed_in(world):  # noqa: F811
    response = client_as(world, "resident").get(reverse("core:home"))

    assert PAGE in _links(response)
    assert PAGE not in _links(client_as(world, "anonymous").get(reverse("core:home")))


@pytest.mark.django_db
def test_a_coordinator_sees_what_waits_for_them_in_their_places(world):  # noqa: F811
    Ballot.objects.create(
        funding_round=world.round,
        is_paper=True,
        paper_reference="P-001",
        entered_by=world.people["coordinator"],
    )
    Return.objects.filter(pk=world.monitoring_return.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )

    response = client_as(world, "coordinator_ladywood").get(PAGE)
    text = _text(response)
    links = _links(response)

    assert "1 organisation asking to join" in text
    assert reverse("network:approvals") in links
    assert "1 statement to moderate" in text
    assert reverse("conversations:moderation", args=[world.conversation.slug]) in links
    assert "1 paper ballot to confirm" in text
    assert reverse("grants:paper-ballots", args=[world.round.slug]) in links
    assert "Progress return overdue from Ladywood Health Champions" in text
    assert world.grant.get_absolute_url() in links
    # Rounds and panels they run, under the phase each is in; the published round is done.
    assert "Open for applications" in text and "Public vote" in text
    assert world.applying_round.get_absolute_url() in links and world.round.get_absolute_url() in links
    assert world.decided_round.get_absolute_url() not in links
    assert "Recruiting volunteers" in text and world.assembly.get_absolute_url() in links


@pytest.mark.django_db
def test_a_coordinator_of_another_place_is_not_shown_work_they_may_not_do(world):  # noqa: F811
    response = client_as(world, "coordinator_perry_barr").get(PAGE)
    text = _text(response)

    assert "Nothing is waiting for you to approve, moderate or confirm" in text
    assert "You run no grant round that is still in progress" in text
    assert "You run no citizens' panel that is still in progress" in text
    assert reverse("network:approvals") not in _links(response)


@pytest.mark.django_db
def test_a_partner_sees_recommendations_awaiting_a_response_and_the_reach_pages(world):  # noqa: F811
    response = client_as(world, "partner").get(PAGE)
    text = _text(response)
    links = _links(response)

    assert "1. Text reminders" in text
    assert reverse("panels:respond", args=[world.recommendation.pk]) in links
    assert reverse("grants:reach", args=[world.round.slug]) in links
    assert reverse("conversations:results", args=[world.conversation.slug]) in links
    # A partner is not a coordinator: nothing to approve or moderate is offered.
    assert reverse("network:approvals") not in links


@pytest.mark.django_db
def test_a_panel_member_sees_the_applications_to_score_while_the_panel_assesses(world):  # noqa: F811
    now = timezone.now()
    type(world.round).objects.filter(pk=world.round.pk).update(
        applications_close_at=now - timedelta(days=1), voting_opens_at=now + timedelta(days=5)
    )

    response = client_as(world, "panel_member").get(PAGE)

    assert f"Score the applications to {world.round.name}" in _text(response)
    assert "Scoring is open until" in _text(response)
    assert reverse("grants:assessments", args=[world.round.slug]) in _links(response)
    assert "Applications to score" not in _text(client_as(world, "resident").get(PAGE))


@pytest.mark.django_db
def test_a_recommendation_once_answered_no_longer_waits(world):  # noqa: F811
    Response.objects.create(recommendation=world.recommendation, outcome="not_accepted", reasons="Cost")

    text = _text(client_as(world, "partner").get(PAGE))

    assert "Text reminders" not in text
    assert "No recommendation is waiting for a response from you" in text


@pytest.mark.django_db
def test_a_resident_sees_what_is_open_to_them_and_until_when(world):  # noqa: F811
    response = client_as(world, "resident").get(PAGE)
    text = _text(response)
    links = _links(response)

    assert f"Apply to {world.applying_round.name}" in text
    assert reverse("grants:application-create", args=[world.applying_round.slug]) in links
    assert f"Vote in {world.round.name}" in text
    assert reverse("grants:ballot", args=[world.round.slug]) in links
    assert "Voting is open until" in text and "Applications are open until" in text
    assert "Take part in “What would make it easier to see a GP in Ladywood?”" in text
    assert world.conversation.get_absolute_url() in links
    assert "Volunteer for the citizens' panel on “How should we cut waiting lists?”" in text
    assert reverse("panels:register", args=[world.assembly.slug]) in links
    registration_closes = world.assembly.registration_closes_on
    assert f"Registration is open until {registration_closes.day} {registration_closes:%B %Y}" in text
    # Coordinators' and partners' sections are not shown to a resident.
    assert "Waiting for you" not in text and "Recommendations waiting" not in text


@pytest.mark.django_db
def test_a_resident_sees_what_they_have_done(world):  # noqa: F811
    resident = world.people["resident"]
    Ballot.objects.create(funding_round=world.round, voter=resident)
    Volunteer.objects.create(
        assembly=world.assembly,
        full_name=resident.full_name,
        email=resident.email,
        postcode="B16 8QG",
        features={},
        consent_wording="Kept until the panel ends.",
    )
    world.statement.author = world.conversation.participants.create(user=resident)
    world.statement.save()

    response = client_as(world, "resident").get(PAGE)
    text = _text(response)
    links = _links(response)

    assert "Subgroups you belong to" in text and world.subgroup.get_absolute_url() in links
    assert "Rounds you voted in" in text and "You voted on" in text
    assert "You have voted" in text  # beside the round still open for voting
    assert "Citizens' panels you volunteered for" in text and world.assembly.get_absolute_url() in links
    assert "Statements you wrote" in text and "Appointments by phone after 8am" in text


@pytest.mark.django_db
def test_an_organisation_contact_sees_their_organisation_and_applications(world):  # noqa: F811
    response = client_as(world, "organisation_contact").get(PAGE)
    text = _text(response)
    links = _links(response)

    assert "Your organisations" in text and world.organisation.get_absolute_url() in links
    assert "You are its contact" in text
    assert "Your applications for grants" in text and world.application.get_absolute_url() in links


@pytest.mark.django_db
def test_the_page_is_for_people_signed_in(world):  # noqa: F811
    response = client_as(world, "anonymous").get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_partner_sees_decisions_held_back_checklists_to_review_and_commitments_overdue(world):  # noqa: F811
    from ostrom.decisions.models import Assurance, AssuranceAnswer, Commitment

    checklist = Assurance.objects.get(decision=world.decision)
    checklist.verdict, checklist.verdict_reason = "not_satisfied", "Walk-in centre users were not asked"
    checklist.save()
    Commitment.objects.filter(pk=world.commitment.pk).update(due_on=timezone.localdate() - timedelta(days=3))

    text = _text(client_as(world, "partner").get(PAGE))

    assert "Held back by the Board's co-production checklist" in text
    assert "Do not proceed: Walk-in centre users were not asked" in text
    assert "We will send text reminders" in text.split("Commitments overdue", 1)[1]
    assert "The decisions dashboard" in text
    assert "The decisions dashboard" not in _text(client_as(world, "resident").get(PAGE))

    checklist.verdict = ""
    checklist.save()
    for key, _ in Assurance.QUESTIONS:
        AssuranceAnswer.objects.create(assurance=checklist, question=key, text="Answered")
    text = _text(client_as(world, "partner").get(PAGE))
    assert "Checklists waiting for a review" in text
    assert "Held back" not in text
