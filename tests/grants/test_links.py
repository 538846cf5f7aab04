"""An application and its grant are not dead ends: each links to its round, its organisation, its
places and to the other."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.grants.models import Grant, Round
from tests.factories import PlaceFactory
from tests.grants.factories import ApplicationFactory, RoundFactory


def _funded():
    funding_round = RoundFactory(in_phase="decision")
    Round.objects.filter(pk=funding_round.pk).update(published_at=timezone.now() - timedelta(hours=1))
    application = ApplicationFactory(funding_round=funding_round, status="funded")
    lozells = PlaceFactory(code="DEMO-W7", name="Lozells", kind="ward")
    application.places.add(lozells)
    grant = Grant.objects.create(
        application=application,
        identifier="360G-test-7",
        amount_awarded=2000,
        award_date=timezone.localdate(),
    )
    return application, grant, lozells


def _hrefs(page):
    return page.content.decode()


@pytest.mark.django_db
def test_an_application_links_to_its_round_organisation_places_and_grant(client):
    application, grant, lozells = _funded()

    page = _hrefs(client.get(application.get_absolute_url()))

    assert f'href="{application.funding_round.get_absolute_url()}"' in page
    assert f'href="{reverse("network:organisation-detail", args=[application.organisation.pk])}"' in page
    assert f'href="{lozells.get_absolute_url()}"' in page
    assert f'href="{grant.get_absolute_url()}"' in page


@pytest.mark.django_db
def test_a_grant_links_to_its_application_round_organisation_and_places(client):
    application, grant, lozells = _funded()

    page = _hrefs(client.get(grant.get_absolute_url()))

    assert f'href="{application.get_absolute_url()}"' in page
    assert f'href="{application.funding_round.get_absolute_url()}"' in page
    assert f'href="{reverse("network:organisation-detail", args=[application.organisation.pk])}"' in page
    assert f'href="{lozells.get_absolute_url()}"' in page
