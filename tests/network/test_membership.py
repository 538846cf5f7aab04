import re

import pytest
from django.urls import reverse

from ostrom.core import audit
from ostrom.network.models import Membership, Organisation
from tests.factories import (
    CoordinatorFactory,
    EqualityAnswerFactory,
    PlaceFactory,
    SubgroupFactory,
    UserFactory,
)


@pytest.mark.django_db
def test_a_join_form_error_keeps_what_was_typed(client):
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    client.force_login(UserFactory())

    response = client.post(
        reverse("network:join"),
        {
            "name": "Lozells Mums and Tots",
            "kind": "vcse",
            "description": "Weekly stay and play",
            "places_served": [ladywood.pk],
            "contact_name": "Shabana Iqbal",
            "contact_email": "not-an-email",
            "website": "https://lozells.example.org",
        },
    )
    page = response.content.decode()

    assert "Enter an email address in the correct format" in page
    assert 'value="Lozells Mums and Tots"' in page and "Weekly stay and play" in page
    assert 'value="Shabana Iqbal"' in page and 'value="not-an-email"' in page
    assert re.search(r'value="vcse"\s+checked', page)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_an_organisation_joins_for_free_and_a_coordinator_approves_it(client):
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    applicant = UserFactory()
    client.force_login(applicant)
    client.post(
        reverse("network:join"),
        {
            "name": "Nechells Food Co-op",
            "kind": "community_business",
            "places_served": [ladywood.pk],
            "contact_name": "Ola Mensah",
            "contact_email": "ola@example.org",
        },
    )
    organisation = Organisation.objects.get(name="Nechells Food Co-op")
    assert organisation.status == "applied"
    assert ">Nechells Food Co-op</a>" not in client.get(reverse("network:organisation-list")).content.decode()

    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    client.post(reverse("network:decide", args=[organisation.pk]), {"decision": "approve"})

    organisation.refresh_from_db()
    assert organisation.status == "member" and organisation.joined_on is not None
    assert applicant.has_role("organisation_contact")
    assert Membership.objects.get(organisation=organisation).user == applicant
    assert [audit.action_of(e) for e in audit.entries_for(organisation)] == [
        "organisation.approved",
        "organisation.created",
    ]
    assert ">Nechells Food Co-op</a>" in client.get(reverse("network:organisation-list")).content.decode()


@pytest.mark.django_db
def test_a_resident_cannot_approve_an_organisation(client):
    organisation = Organisation.objects.create(
        name="Pending", kind="vcse", contact_name="A", contact_email="a@b.org"
    )
    client.force_login(UserFactory())
    assert (
        client.post(reverse("network:decide", args=[organisation.pk]), {"decision": "approve"}).status_code
        == 403
    )
    organisation.refresh_from_db()
    assert organisation.status == "applied"


@pytest.mark.django_db
def test_declining_needs_a_reason(client):
    organisation = Organisation.objects.create(
        name="Pending", kind="vcse", contact_name="A", contact_email="a@b.org"
    )
    client.force_login(CoordinatorFactory())
    page = client.post(
        reverse("network:decide", args=[organisation.pk]), {"decision": "decline"}
    ).content.decode()
    assert "Say why the organisation cannot join" in page
    organisation.refresh_from_db()
    assert organisation.status == "applied"


@pytest.mark.django_db
def test_joining_and_leaving_a_subgroup(client):
    subgroup = SubgroupFactory(name="Primary care access", slug="primary-care-access")
    person = UserFactory()
    client.force_login(person)

    client.post(reverse("network:subgroup-join", args=[subgroup.slug]))
    client.post(reverse("network:subgroup-join", args=[subgroup.slug]))
    assert list(subgroup.members.all()) == [person]
    assert "You are a member" in client.get(subgroup.get_absolute_url()).content.decode()

    client.post(reverse("network:subgroup-leave", args=[subgroup.slug]))
    assert not subgroup.members.exists()


@pytest.mark.django_db
def test_coordinators_see_people_by_subgroup_without_their_equality_answers(client):
    subgroup = SubgroupFactory(slug="communications")
    member = EqualityAnswerFactory(
        ethnic_group="white_roma", postcode="B7 4AA", user__full_name="Jayne O'Neill"
    ).user
    subgroup.members.add(member)
    outsider = UserFactory(full_name="Not In Any Group")
    client.force_login(CoordinatorFactory())

    page = client.get(reverse("network:people"), {"subgroup": "communications"}).content.decode()

    assert "Jayne O&#39;Neill" in page and outsider.full_name not in page
    assert "Roma" not in page and "B7 4AA" not in page


@pytest.mark.django_db
def test_residents_cannot_list_people(client):
    client.force_login(UserFactory())
    assert client.get(reverse("network:people")).status_code == 403
