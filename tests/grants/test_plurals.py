"""Counts in grants agree with their nouns: "1 point", "1 person reached", "1 ballot imported"."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ostrom.grants import presenters
from ostrom.grants.forms import BallotForm
from ostrom.grants.models import Grant, Panel
from ostrom.grants.services import assessment, voting
from ostrom.impact import returns as impact_returns
from ostrom.impact.models import ReturnAnswer
from ostrom.network.models import Membership
from tests.factories import CoordinatorFactory, PlaceFactory, UserFactory
from tests.grants.factories import ApplicationFactory, RoundFactory


@pytest.mark.django_db
def test_a_points_ballot_with_one_point_says_one_point():
    funding_round = RoundFactory(in_phase="voting", ballot_type="cumulative", points_per_voter=1)
    project = ApplicationFactory(funding_round=funding_round, status="shortlisted")

    assert "You have 1 point." in presenters.voting_rules(funding_round)[0]
    form = BallotForm(
        {f"project_{project.pk}": "3", "postcode": "B16 8AA"},
        funding_round=funding_round,
        applications=[project],
    )
    assert not form.is_valid()
    assert form.errors[f"project_{project.pk}"] == ["You have 1 point to share out"]
    with pytest.raises(ValidationError, match="You have given 2 points: you have 1 point to share out"):
        voting.check_choices(funding_round, {project.pk: 2})


@pytest.mark.django_db
def test_a_one_seat_panel_says_its_seat_is_taken():
    funding_round = RoundFactory(in_phase="assessment")
    panel = Panel.objects.create(funding_round=funding_round, seat_count=1)
    coordinator, place = CoordinatorFactory(), PlaceFactory()
    assessment.add_panel_member(
        coordinator=coordinator, panel=panel, member=UserFactory(), has_lived_experience=True, place=place
    )

    with pytest.raises(ValidationError) as full:
        assessment.add_panel_member(
            coordinator=coordinator, panel=panel, member=UserFactory(), has_lived_experience=True, place=place
        )
    assert full.value.message_dict["member"] == ["The panel's only seat is taken"]


@pytest.mark.django_db
def test_the_priorities_page_says_the_priority_when_only_one_becomes_a_criterion(client):
    funding_round = RoundFactory(priority_count=1)

    page = client.get(reverse("grants:priorities", args=[funding_round.slug])).content.decode()

    assert "The priority with the most support becomes" in page
    assert "The 1 priorities" not in page


@pytest.mark.django_db
def test_a_return_from_one_person_says_one_person_reached(client):
    application = ApplicationFactory(status="funded")
    member = UserFactory()
    Membership.objects.create(user=member, organisation=application.organisation, is_contact=True)
    grant = Grant.objects.create(
        application=application,
        identifier="360G-test-9",
        amount_awarded=Decimal(900),
        award_date="2025-05-20",
    )
    application.funding_round.fund.places_served.add(PlaceFactory())
    progress = impact_returns.issue_grant_returns(grant=grant, awarded_on=date(2025, 5, 20))[0]
    count = progress.template.questions.get(kind="count")
    ReturnAnswer.objects.create(answered_return=progress, question=count, value=1)
    progress.submitted_at = timezone.now()
    progress.save()
    client.force_login(member)

    page = client.get(grant.get_absolute_url()).content.decode()

    assert "1 person reached" in page and "1 people" not in page


@pytest.mark.django_db
def test_importing_one_ballot_says_one_ballot(client):
    funding_round = RoundFactory(in_phase="voting")
    project = ApplicationFactory(funding_round=funding_round, status="shortlisted")
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    pb = (
        "META\nkey;value\ndescription;test\ncountry;UK\nunit;Ladywood\ninstance;2026\nnum_projects;1\n"
        "num_votes;1\nbudget;60000\nvote_type;approval\nrule;greedy\n"
        f"PROJECTS\nproject_id;cost\n{project.pk};2000\nVOTES\nvoter_id;vote\nv1;{project.pk}\n"
    )

    response = client.post(
        reverse("grants:paper-ballots", args=[funding_round.slug]),
        {"form": "import", "pb_file": SimpleUploadedFile("one.pb", pb.encode())},
        follow=True,
    )

    text = response.content.decode()
    assert "1 ballot imported" in text
