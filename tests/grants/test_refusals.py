"""When grants refuses someone, it says why in plain words: the 403 carries the reason (the site's
403 page shows the refusal's message)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ostrom.accounts.permissions import NotAllowed
from ostrom.grants.models import Panel
from ostrom.grants.services import rules
from ostrom.grants.views import applications as application_views
from ostrom.grants.views import assessment as assessment_views
from ostrom.grants.views import awards as award_views
from tests.factories import CoordinatorFactory, UserFactory
from tests.grants.factories import ApplicationFactory, RoundFactory

NOT_ON_PANEL = "Only members of this round's decision panel assess applications, and you are not on it."


def _as(user, path, method="get", **data):
    request = getattr(RequestFactory(), method)(path, data)
    request.user = user
    return request


@pytest.mark.django_db
def test_a_coordinator_not_on_the_panel_is_told_why_they_cannot_assess(client):
    funding_round = RoundFactory(in_phase="assessment")
    Panel.objects.create(funding_round=funding_round)
    coordinator = CoordinatorFactory()
    url = reverse("grants:assessments", args=[funding_round.slug])
    client.force_login(coordinator)

    assert client.get(url).status_code == 403
    with pytest.raises(NotAllowed) as refused:
        assessment_views.assessments(_as(coordinator, url), slug=funding_round.slug)
    assert str(refused.value) == NOT_ON_PANEL


@pytest.mark.django_db
def test_scoring_one_application_off_the_panel_says_why(client):
    application = ApplicationFactory(funding_round=RoundFactory(in_phase="assessment"))
    coordinator = CoordinatorFactory()
    url = reverse("grants:assess", args=[application.pk])
    client.force_login(coordinator)

    assert client.get(url).status_code == 403
    with pytest.raises(NotAllowed, match="decision panel assess applications, and you are not on it"):
        assessment_views.assess(_as(coordinator, url), application_id=application.pk)


@pytest.mark.django_db
def test_an_unpublished_application_says_who_can_see_it(client):
    application = ApplicationFactory(status="submitted")
    stranger = UserFactory()
    url = application.get_absolute_url()
    client.force_login(stranger)

    assert client.get(url).status_code == 403
    with pytest.raises(NotAllowed) as refused:
        application_views.application_detail(_as(stranger, url), application_id=application.pk)
    assert "Only the person who wrote it and the round's coordinators can see it" in str(refused.value)


@pytest.mark.django_db
def test_a_stranger_posting_to_a_grant_is_told_who_records_payments():
    from ostrom.grants.models import Grant

    application = ApplicationFactory(status="funded")
    grant = Grant.objects.create(
        application=application, identifier="360G-test-1", amount_awarded=1000, award_date="2025-05-20"
    )
    url = grant.get_absolute_url()
    with pytest.raises(NotAllowed) as refused:
        award_views.grant_detail(
            _as(UserFactory(), url, "post", form="payment", amount="10"), grant_id=grant.pk
        )
    assert "round's coordinators record payments" in str(refused.value)


def test_the_coordinators_only_message_says_who_may_and_that_you_are_not_one():
    assert rules.ONLY_COORDINATORS == (
        "Only coordinators of the places this fund serves run its rounds, and you are not one of them."
    )
