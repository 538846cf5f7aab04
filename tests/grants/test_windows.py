"""A round's priorities, applications and voting each say whether they are not open yet, open or
closed, with the date, on every page and in the API: nobody is told "closed" about something that
has not opened yet."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from ostrom.grants.models import Round
from tests.factories import UserFactory
from tests.grants.factories import RoundFactory

LONDON = ZoneInfo("Europe/London")


def _upcoming_applications():
    """A round setting its priorities now, whose applications open on 1 February 2099."""
    return RoundFactory(
        priorities_open_at=datetime(2020, 1, 6, 9, tzinfo=LONDON),
        applications_open_at=datetime(2099, 2, 1, tzinfo=LONDON),
        applications_close_at=datetime(2099, 3, 1, tzinfo=LONDON),
        voting_opens_at=datetime(2099, 3, 20, tzinfo=LONDON),
        voting_closes_at=datetime(2099, 4, 3, tzinfo=LONDON),
    )


def _finished():
    return RoundFactory(
        priorities_open_at=datetime(2020, 1, 6, tzinfo=LONDON),
        applications_open_at=datetime(2020, 2, 1, tzinfo=LONDON),
        applications_close_at=datetime(2020, 3, 1, tzinfo=LONDON),
        voting_opens_at=datetime(2020, 3, 20, tzinfo=LONDON),
        voting_closes_at=datetime(2020, 4, 3, tzinfo=LONDON),
    )


@pytest.mark.django_db
def test_the_apply_page_says_applications_have_not_opened_yet_with_the_date(client):
    funding_round = _upcoming_applications()
    client.force_login(UserFactory())

    response = client.get(reverse("grants:application-create", args=[funding_round.slug]), follow=True)

    text = response.content.decode()
    assert "Applications open on 1 February 2099." in text
    assert "closed" not in text.lower()


@pytest.mark.django_db
def test_the_apply_page_says_when_applications_closed(client):
    funding_round = _finished()
    client.force_login(UserFactory())

    response = client.get(reverse("grants:application-create", args=[funding_round.slug]), follow=True)

    assert "Applications closed on 1 March 2020." in response.content.decode()


@pytest.mark.django_db
def test_the_round_page_gives_each_window_its_state_and_date(client):
    funding_round = _upcoming_applications()

    text = client.get(funding_round.get_absolute_url()).content.decode()

    assert "Setting priorities is open until 1 February 2099." in text
    assert "Applications open on 1 February 2099." in text
    assert "Voting opens on 20 March 2099." in text


@pytest.mark.django_db
def test_the_priorities_page_says_setting_priorities_closed_with_the_date(client):
    funding_round = _finished()

    text = client.get(reverse("grants:priorities", args=[funding_round.slug])).content.decode()

    assert "Setting priorities closed on 1 February 2020." in text


@pytest.mark.django_db
def test_the_voting_page_says_voting_has_not_opened_yet_with_the_date(client):
    funding_round = _upcoming_applications()

    text = client.get(reverse("grants:ballot", args=[funding_round.slug])).content.decode()

    assert "Voting opens on 20 March 2099." in text


@pytest.mark.django_db
def test_the_api_gives_each_window_its_state_and_sentence(client):
    funding_round = _upcoming_applications()

    body = client.get(f"/api/rounds/{funding_round.slug}").json()

    assert body["applications_window"]["state"] == "not_yet_open"
    assert body["applications_window"]["text"] == "Applications open on 1 February 2099."
    assert body["priorities_window"]["state"] == "open"
    assert body["voting_window"]["state"] == "not_yet_open"
    assert body["voting_window"]["opens_at"].startswith("2099-03-20")


@pytest.mark.django_db
def test_sending_an_application_before_they_open_says_when_they_open():
    from ostrom.grants.services import applications, rules
    from tests.factories import OrganisationFactory

    funding_round = _upcoming_applications()
    with pytest.raises(rules.PhaseClosed, match="Applications open on 1 February 2099"):
        applications.save_application(
            funding_round=funding_round,
            applicant=UserFactory(),
            organisation=OrganisationFactory(),
            title="Chair yoga",
            summary="Weekly",
            who_benefits="Elders",
            places=[],
            amount_requested=1000,
            priority=None,
        )
    assert Round.objects.count() == 1
