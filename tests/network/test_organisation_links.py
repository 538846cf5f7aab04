"""An organisation's page leads on: to the places it serves, its subgroups, and the applications and
grants anyone may see (the grants app's rules: `Round.is_result_public`, and applications only on the
ballot, to the applicant, or to the round's coordinators)."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ostrom.grants.models import Application, Grant
from tests.factories import CoordinatorFactory, OrganisationFactory, PlaceFactory, SubgroupFactory
from tests.grants.factories import ApplicationFactory, RoundFactory


def _grant(application):
    return Grant.objects.create(
        application=application,
        identifier=f"360G-ostrom-{application.pk}",
        amount_awarded=Decimal("2000"),
        award_date=date(2025, 5, 20),
    )


@pytest.fixture
def organisation():
    ladywood = PlaceFactory(name="Ladywood", kind="locality", code="DEMO-L01")
    organisation = OrganisationFactory(name="Lozells Mums and Tots", places_served=[ladywood])
    organisation.subgroups.set([SubgroupFactory(name="Best start in life", slug="best-start-in-life")])
    return organisation


@pytest.mark.django_db
def test_the_organisation_page_links_to_its_places_and_subgroups(client, organisation):
    page = client.get(organisation.get_absolute_url()).content.decode()

    assert 'href="/places/DEMO-L01/"' in page
    assert 'href="/subgroups/best-start-in-life/"' in page


@pytest.mark.django_db
def test_the_organisation_page_links_to_published_grants_and_applications_on_the_ballot(client, organisation):
    published = RoundFactory(
        in_phase="decision", name="Flourish 2025", published_at=timezone.now() - timedelta(days=1)
    )
    funded = ApplicationFactory(
        funding_round=published,
        organisation=organisation,
        title="Stay and play",
        status=Application.Status.FUNDED,
    )
    grant = _grant(funded)
    counted = RoundFactory(in_phase="decision", name="Flourish 2026")  # counted, not yet published
    secret = ApplicationFactory(
        funding_round=counted,
        organisation=organisation,
        title="Baby massage",
        status=Application.Status.FUNDED,
    )
    secret_grant = _grant(secret)
    draft = ApplicationFactory(
        organisation=organisation, title="Toddler tunes", status=Application.Status.SUBMITTED
    )

    page = client.get(organisation.get_absolute_url()).content.decode()

    assert f'href="{funded.get_absolute_url()}"' in page and f'href="{grant.get_absolute_url()}"' in page
    assert f'href="{published.get_absolute_url()}"' in page
    # On the ballot, so public; but shown as shortlisted and with no grant until the result is published.
    assert f'href="{secret.get_absolute_url()}"' in page
    assert f'href="{secret_grant.get_absolute_url()}"' not in page
    assert "Shortlisted for the public vote" in page and len(re.findall(r">\s*Funded\s*<", page)) == 1
    # A sent application not on the ballot is seen only by its applicant and the round's coordinators.
    assert "Toddler tunes" not in page

    client.force_login(draft.applicant)
    assert (
        f'href="{draft.get_absolute_url()}"' in client.get(organisation.get_absolute_url()).content.decode()
    )

    client.force_login(CoordinatorFactory())
    coordinator_sees = client.get(organisation.get_absolute_url()).content.decode()
    assert (
        f'href="{secret_grant.get_absolute_url()}"' in coordinator_sees
        and "Toddler tunes" in coordinator_sees
    )


@pytest.mark.django_db
def test_an_organisation_without_applications_says_so(client, organisation):
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "No applications for grants that you can see yet" in page
