import re
from decimal import Decimal

import pytest
from django.urls import reverse

from ostrom.core import audit
from ostrom.grants.models import Assessment, Panel, PanelSeat
from ostrom.grants.services import assessment
from tests.factories import CoordinatorFactory, EqualityAnswerFactory, PlaceFactory, UserFactory
from tests.grants.factories import ApplicationFactory, RoundFactory


def _panel(funding_round, seats=3, lived_experience_target=40):
    return Panel.objects.create(
        funding_round=funding_round,
        seat_count=seats,
        lived_experience_target=lived_experience_target,
        localities_target=2,
        ethnic_groups_target=2,
    )


@pytest.mark.django_db
def test_the_panel_page_shows_targets_against_who_sits_on_it(client):
    birmingham = PlaceFactory(kind="place")
    ladywood = PlaceFactory(kind="locality", name="Ladywood", parent=birmingham)
    perry_barr = PlaceFactory(kind="locality", name="Perry Barr", parent=birmingham)
    funding_round = RoundFactory()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    client.post(
        reverse("grants:panel", args=[funding_round.slug]),
        {
            "form": "panel",
            "seat_count": "3",
            "lived_experience_target": "60",
            "localities_target": "2",
            "ethnic_groups_target": "2",
            "hourly_rate": "12.60",
        },
    )
    people = [
        EqualityAnswerFactory(ethnic_group=group).user
        for group in ["asian_pakistani", "black_caribbean", "white_irish"]
    ]
    for person, lived, place in zip(
        people, ["yes", "yes", "no"], [ladywood, perry_barr, ladywood], strict=True
    ):
        client.post(
            reverse("grants:panel", args=[funding_round.slug]),
            {"form": "seat", "email": person.email, "has_lived_experience": lived, "place": place.pk},
        )

    page = client.get(reverse("grants:panel", args=[funding_round.slug])).content.decode()

    assert PanelSeat.objects.count() == 3
    assert "67% (2 of 3)" in page and "at least 60%" in page
    assert len(re.findall(r">\s*Met\s*<", page)) == 4
    assert all(person.has_role("panel_member") for person in people)
    full = client.post(
        reverse("grants:panel", args=[funding_round.slug]),
        {"form": "seat", "email": UserFactory().email, "has_lived_experience": "no", "place": ladywood.pk},
    )
    assert "All 3 seats are taken" in full.content.decode()


@pytest.mark.django_db
def test_paid_hours_and_training_are_recorded_per_member(client):
    panel = _panel(RoundFactory())
    panel.hourly_rate = Decimal("12.60")
    panel.save()
    seat = PanelSeat.objects.create(
        panel=panel, member=UserFactory(), has_lived_experience=True, place=PlaceFactory(kind="ward")
    )
    client.force_login(CoordinatorFactory())

    client.post(
        reverse("grants:panel-seat", args=[seat.pk]),
        {"paid_hours": "7.5", "training_completed_on": "2026-02-14"},
    )

    seat.refresh_from_db()
    assert seat.paid_hours == Decimal("7.5") and str(seat.training_completed_on) == "2026-02-14"
    assert seat.amount_paid == Decimal("94.50")
    assert audit.action_of(audit.entries_for(seat).first()) == "panel_seat.changed"


@pytest.mark.django_db
def test_a_conflicted_member_cannot_score_or_see_the_discussion(client):
    funding_round = RoundFactory(in_phase="assessment")
    application = ApplicationFactory(funding_round=funding_round)
    panel = _panel(funding_round)
    place = PlaceFactory(kind="ward")
    member, other = UserFactory(), UserFactory(full_name="Joy Brown")
    for person in (member, other):
        PanelSeat.objects.create(panel=panel, member=person, has_lived_experience=True, place=place)
    assessment.assess_application(
        member=other, application=application, score=4, comment="Strong local roots"
    )
    client.force_login(member)
    url = reverse("grants:assess", args=[application.pk])

    assert "Strong local roots" in client.get(url).content.decode()
    client.post(url, {"form": "score", "score": "5", "comment": "My friends run it"})
    client.post(url, {"form": "conflict", "reason": "I volunteer there"})
    page = client.get(url).content.decode()

    assert not Assessment.objects.filter(seat__member=member).exists()
    assert "Strong local roots" not in page and "you do not score or discuss it" in page
    with pytest.raises(assessment.Conflicted):
        assessment.assess_application(member=member, application=application, score=5, comment="Still keen")


@pytest.mark.django_db
def test_scores_rank_the_shortlist_and_the_coordinator_chooses_it(client):
    funding_round = RoundFactory(in_phase="assessment")
    strong, weak = (
        ApplicationFactory(funding_round=funding_round, title=t) for t in ["Strong bid", "Weak bid"]
    )
    panel = _panel(funding_round)
    seat_holder = UserFactory()
    PanelSeat.objects.create(
        panel=panel, member=seat_holder, has_lived_experience=True, place=PlaceFactory(kind="ward")
    )
    assessment.assess_application(member=seat_holder, application=strong, score=5, comment="Great")
    assessment.assess_application(member=seat_holder, application=weak, score=2, comment="Unclear")
    client.force_login(CoordinatorFactory())
    url = reverse("grants:shortlist", args=[funding_round.slug])

    page = client.get(url).content.decode()
    client.post(url, {"applications": [strong.pk]})

    assert page.index("Strong bid") < page.index("Weak bid")
    strong.refresh_from_db()
    weak.refresh_from_db()
    assert (strong.status, weak.status) == ("shortlisted", "not_shortlisted")


@pytest.mark.django_db
def test_only_the_panel_scores(client):
    application = ApplicationFactory(funding_round=RoundFactory(in_phase="assessment"))
    client.force_login(UserFactory())
    assert client.get(reverse("grants:assess", args=[application.pk])).status_code == 403


@pytest.mark.django_db
def test_a_member_sees_what_the_rest_of_the_panel_said_but_not_their_own_score_twice(client):
    funding_round = RoundFactory(in_phase="assessment")
    application = ApplicationFactory(funding_round=funding_round)
    panel = _panel(funding_round)
    place = PlaceFactory(kind="ward")
    member, other = UserFactory(full_name="Sam Patel"), UserFactory(full_name="Joy Brown")
    for person in (member, other):
        PanelSeat.objects.create(panel=panel, member=person, has_lived_experience=True, place=place)
    assessment.assess_application(
        member=other, application=application, score=4, comment="Strong local roots"
    )
    assessment.assess_application(member=member, application=application, score=2, comment="Thin budget")
    client.force_login(member)

    page = client.get(reverse("grants:assess", args=[application.pk])).content.decode()
    said = page[page.index("What other panel members said") :]

    assert "Joy Brown: 4 out of 5.</strong> Strong local roots" in said
    assert "Sam Patel" not in said
    rows = client.get(reverse("grants:assessments", args=[funding_round.slug])).content.decode()
    assert application.title in rows
