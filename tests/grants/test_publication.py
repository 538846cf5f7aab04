"""Until the result is published, only the round's coordinators see which projects were funded."""

import pytest
from django.urls import reverse

from ostrom.grants import counting
from ostrom.grants.services import results
from tests.factories import CoordinatorFactory, UserFactory
from tests.grants.factories import ApplicationFactory, RoundFactory


def _counted_round():
    funding_round = RoundFactory(in_phase="decision")
    project = ApplicationFactory(funding_round=funding_round, title="Chair yoga", status="shortlisted")
    coordinator = CoordinatorFactory()
    counting.count_votes(funding_round=funding_round, computed_by=coordinator)
    project.refresh_from_db()
    return funding_round, project, coordinator


@pytest.mark.django_db
def test_the_count_stays_private_until_published_on_pages_api_and_downloads(client):
    funding_round, project, coordinator = _counted_round()
    assert project.status in {"funded", "not_funded"}
    told = project.get_status_display()

    client.force_login(project.applicant)
    applicant_page = client.get(project.get_absolute_url()).content.decode()
    mine = client.get(reverse("grants:my-applications")).content.decode()
    client.logout()
    public_page = client.get(project.get_absolute_url()).content.decode()
    listed = client.get(f"/api/rounds/{funding_round.slug}/shortlist").json()

    for page in (applicant_page, mine, public_page):
        assert told not in page and "Shortlisted for the public vote" in page
    assert listed[0]["status"] == "shortlisted"
    assert client.get(f"/api/rounds/{funding_round.slug}/result").status_code == 403
    assert client.get(reverse("grants:ballots-pb", args=[funding_round.slug])).status_code == 403

    client.force_login(coordinator)
    assert told in client.get(project.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert told not in client.get(project.get_absolute_url()).content.decode()

    results.publish_result(coordinator=coordinator, funding_round=funding_round)
    client.logout()
    assert told in client.get(project.get_absolute_url()).content.decode()
    assert client.get(f"/api/rounds/{funding_round.slug}/shortlist").json()[0]["status"] == project.status
    assert client.get(reverse("grants:ballots-pb", args=[funding_round.slug])).status_code == 200
