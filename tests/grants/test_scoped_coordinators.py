"""A coordinator scoped to a place runs the grant rounds of funds serving only that place."""

import pytest
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.accounts.models import Role
from ostrom.core.models import Progress
from ostrom.grants.models import Fund
from ostrom.grants.services import results
from tests.factories import AdminFactory, PlaceFactory, UserFactory
from tests.grants.factories import ApplicationFactory, RoundFactory


def _two_funds():
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    perry_barr = PlaceFactory(kind="locality", name="Perry Barr")
    ours = RoundFactory(in_phase="decision")
    ours.fund.places_served.add(ladywood)
    theirs = RoundFactory(in_phase="decision")
    theirs.fund.places_served.add(perry_barr)
    for funding_round in (ours, theirs):
        ApplicationFactory(funding_round=funding_round, status="shortlisted")
    coordinator = UserFactory()
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=ladywood)
    return ours, theirs, coordinator, ladywood, perry_barr


@pytest.mark.django_db
def test_a_ladywood_coordinator_runs_ladywoods_round_but_not_perry_barrs(client):
    ours, theirs, coordinator, *_ = _two_funds()
    client.force_login(coordinator)

    own_page = client.get(reverse("grants:round-detail", args=[ours.slug])).content.decode()
    other_page = client.get(reverse("grants:round-detail", args=[theirs.slug])).content.decode()
    assert "Applications received" in own_page and "Issue codes" in own_page
    assert "Applications received" not in other_page

    for name in ["shortlist", "panel", "paper-ballots", "access-codes", "suspicious-voting"]:
        assert client.get(reverse(f"grants:{name}", args=[ours.slug])).status_code == 200, name
        assert client.get(reverse(f"grants:{name}", args=[theirs.slug])).status_code == 403, name

    counted = client.post(reverse("grants:count-votes", args=[ours.slug]))
    refused = client.post(reverse("grants:count-votes", args=[theirs.slug]))
    assert counted.url == Progress.objects.get().get_absolute_url()
    assert refused.status_code == 403 and Progress.objects.count() == 1


@pytest.mark.django_db
def test_the_api_shows_a_ladywood_coordinator_ladywoods_uncounted_result_only(client, run_tasks):
    ours, theirs, coordinator, *_ = _two_funds()
    for funding_round in (ours, theirs):
        results.start_result(coordinator=AdminFactory(), funding_round=funding_round)
    run_tasks()
    token = account_services.create_api_token(user=coordinator, name="test")
    headers = {"Authorization": f"Bearer {token}"}

    assert client.get(f"/api/rounds/{ours.slug}/result", headers=headers).status_code == 200
    refused = client.get(f"/api/rounds/{theirs.slug}/result", headers=headers)
    assert refused.status_code == 403 and refused.json()["detail"] == "The result is not published yet"
    ours_listed = client.get(f"/api/rounds/{ours.slug}/shortlist", headers=headers).json()
    theirs_listed = client.get(f"/api/rounds/{theirs.slug}/shortlist", headers=headers).json()
    assert ours_listed[0]["status"] in {"funded", "not_funded"}
    assert theirs_listed[0]["status"] == "shortlisted"


@pytest.mark.django_db
def test_a_scoped_coordinator_creates_funds_only_for_places_they_coordinate(client):
    _, _, coordinator, ladywood, perry_barr = _two_funds()
    client.force_login(coordinator)
    details = {
        "name": "Ladywood Wellbeing Fund",
        "description": "Small grants",
        "funder_name": "The ICB",
        "funder_org_id": "GB-NHS-QHL",
        "source": "Health inequalities",
        "amount": "20000",
    }

    both = client.post(
        reverse("grants:fund-create"), details | {"places_served": [ladywood.pk, perry_barr.pk]}
    )
    assert "You can only create a fund for places you coordinate" in both.content.decode()
    assert not Fund.objects.filter(name="Ladywood Wellbeing Fund").exists()

    client.post(reverse("grants:fund-create"), details | {"places_served": [ladywood.pk]})
    assert list(Fund.objects.get(name="Ladywood Wellbeing Fund").places_served.all()) == [ladywood]
