import pytest
from django.urls import reverse

from ostrom.network import services
from tests.factories import (
    AdminFactory,
    CoordinatorFactory,
    OrganisationFactory,
    SubgroupFactory,
    UserFactory,
)


@pytest.mark.django_db
def test_admins_can_filter_the_audit_log_by_action_and_person(client):
    coordinator = CoordinatorFactory(email="nasreen@example.org")
    services.approve_organisation(
        organisation=OrganisationFactory(status="applied", joined_on=None, name="Lozells Mums"),
        coordinator=coordinator,
    )
    services.join_subgroup(user=UserFactory(email="amina@example.org"), subgroup=SubgroupFactory())
    client.force_login(AdminFactory())

    page = client.get(reverse("core:audit-log"), {"action": "organisation.approved"}).content.decode()
    by_person = client.get(reverse("core:audit-log"), {"person": "amina@"}).content.decode()

    assert "<code>organisation.approved</code>" in page and "Lozells Mums" in page
    assert "<code>subgroup.joined</code>" not in page
    assert (
        "<code>subgroup.joined</code>" in by_person and "<code>organisation.approved</code>" not in by_person
    )


@pytest.mark.django_db
def test_the_audit_log_is_for_admins_only(client):
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("core:audit-log")).status_code == 403
