"""Who may run a citizens' panel (the shared rules, honouring place-scoped roles), and a person's
panel data in their download and erasure."""

import random
from decimal import Decimal

import pytest
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.accounts.models import Role
from ostrom.accounts.permissions import NotAllowed
from ostrom.panels import services
from ostrom.panels.models import Assembly, Letter, Lottery, SessionAttendance, Volunteer
from tests.factories import CoordinatorFactory, PlaceFactory, UserFactory
from tests.panels.factories import AssemblyFactory, register_pool

NEW_ASSEMBLY = {
    "question": "How should we run evening clinics?",
    "commissioning_body": "BSol ICB",
    "panel_size": "20",
    "registration_closes_on": "2027-01-10",
    "first_session_on": "2027-02-01",
    "last_session_on": "2027-03-01",
    "payment_offered": "£200",
    "support_offered": "Travel",
    "delete_personal_data_on": "2027-06-01",
    "allows_prefer_not_to_say": "on",
}


def _coordinator_of(place):
    user = UserFactory()
    Role.objects.create(user=user, kind=Role.Kind.COORDINATOR, place=place)
    return user


@pytest.mark.django_db
def test_a_place_coordinator_sets_up_and_runs_panels_in_their_place_only(client):
    assembly = AssemblyFactory()  # in Ladywood
    perry_barr = PlaceFactory(code="DEMO-P01", name="Perry Barr", kind="locality")
    ladywood_coordinator = _coordinator_of(assembly.place)
    client.force_login(_coordinator_of(perry_barr))

    refused_page = client.post(reverse("panels:assembly-create"), NEW_ASSEMBLY | {"place": assembly.place.pk})
    quotas = client.get(reverse("panels:quotas", args=[assembly.slug]))
    letters = client.get(reverse("panels:letters-download", args=[assembly.slug, "csv"]))
    client.force_login(ladywood_coordinator)
    created = client.post(reverse("panels:assembly-create"), NEW_ASSEMBLY | {"place": assembly.place.pk})
    own_quotas = client.get(reverse("panels:quotas", args=[assembly.slug]))

    assert "Only a coordinator for this place can set up a citizens" in refused_page.content.decode()
    assert quotas.status_code == letters.status_code == 403
    assert created.status_code == 302 and own_quotas.status_code == 200
    assert Assembly.objects.filter(question=NEW_ASSEMBLY["question"]).count() == 1
    with pytest.raises(NotAllowed):
        services.start_lottery(coordinator=_coordinator_of(perry_barr), assembly=assembly)


@pytest.mark.django_db
def test_residents_cannot_set_up_a_panel_or_see_its_volunteers(client):
    assembly = AssemblyFactory()
    client.force_login(UserFactory())

    assert client.get(reverse("panels:assembly-create")).status_code == 403
    assert client.get(reverse("panels:import", args=[assembly.slug])).status_code == 403
    assert client.get(reverse("panels:sessions", args=[assembly.slug])).status_code == 403
    assert "Coordinators" not in client.get(assembly.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_partner_of_the_place_responds_but_a_partner_elsewhere_does_not(client):
    assembly = AssemblyFactory()
    recommendation = services.add_recommendation(
        coordinator=CoordinatorFactory(), assembly=assembly, title="T", text="Text", support_for=3
    )
    here, elsewhere = UserFactory(), UserFactory()
    Role.objects.create(user=here, kind=Role.Kind.PARTNER, place=assembly.place)
    Role.objects.create(user=elsewhere, kind=Role.Kind.PARTNER, place=PlaceFactory(code="DEMO-P02"))
    url = reverse("panels:respond", args=[recommendation.pk])

    client.force_login(elsewhere)
    assert client.get(url).status_code == 403
    client.force_login(here)
    assert client.get(url).status_code == 200


def _volunteer_with_a_seat(email):
    assembly = AssemblyFactory(panel_size=6)
    letter = Letter.objects.create(
        assembly=assembly, code="HOME2345", address="4 Oak Road", postcode="B16 8AA"
    )
    register_pool(assembly, 8, random.Random(3))
    services.register_interest(
        assembly=assembly,
        full_name="Joy Brown",
        email=email.upper(),
        phone="0121 496 0001",
        postcode="B16 8AA",
        letter_code=letter.code,
        answers={
            "Age band": "45 to 54",
            "Sex": "Female",
            "Ethnic group": "White",
            "Disability": "No",
            "Lived experience of the topic": "Yes",
        },
        has_consented=True,
    )
    joy = Volunteer.objects.get(full_name="Joy Brown")
    members = [joy, *assembly.volunteers.exclude(pk=joy.pk)[:5]]
    Lottery.objects.create(
        assembly=assembly,
        seed="s",
        quotas=[],
        pool=[[str(m.pk), dict(m.features), None] for m in members],
        selected=[str(m.pk) for m in members],
        probabilities={str(m.pk): 0.5 for m in members},
        is_current=True,
    )
    coordinator = CoordinatorFactory()
    session = services.schedule_session(
        coordinator=coordinator, assembly=assembly, title="First", starts_at="2027-01-15T10:00Z", venue="Hub"
    )
    services.record_session(coordinator=coordinator, session=session, attendees=members, payment=Decimal(75))
    return joy


@pytest.mark.django_db
def test_a_persons_panel_registration_is_in_their_download():
    user = UserFactory(email="joy@example.org")
    _volunteer_with_a_seat("joy@example.org")

    data = account_services.export_personal_data(user=user)

    [record] = data["citizens_panel_registrations"]
    assert record["full_name"] == "Joy Brown" and record["phone"] == "0121 496 0001"
    assert record["letter_address"] == "4 Oak Road" and record["answers"]["Age band"] == "45 to 54"
    assert record["sessions"] == [
        {"session": "First", "date": "2027-01-15", "payment": "75.00", "paid_on": None}
    ]


@pytest.mark.django_db
def test_erasure_anonymises_a_persons_volunteer_record_and_keeps_the_lottery_whole():
    user = UserFactory(email="joy@example.org")
    joy = _volunteer_with_a_seat("joy@example.org")
    lottery = Lottery.objects.get()
    others = Volunteer.objects.exclude(pk=joy.pk).values_list("full_name", flat=True)
    before = sorted(others)

    account_services.erase_person(user=user, requested_by=user)

    joy.refresh_from_db()
    assert (joy.full_name, joy.email, joy.phone, joy.postcode, joy.household, joy.lsoa) == (
        "",
        "",
        "",
        "",
        "",
        None,
    )
    assert joy.anonymised_at is not None and joy.features["Age band"] == "45 to 54"
    assert Letter.objects.get(code="HOME2345").address == ""
    assert SessionAttendance.objects.filter(volunteer=joy).count() == 1
    assert str(joy.pk) in Lottery.objects.get(pk=lottery.pk).selected
    assert sorted(Volunteer.objects.exclude(pk=joy.pk).values_list("full_name", flat=True)) == before
    assert account_services.export_personal_data(user=user)["citizens_panel_registrations"] == []


@pytest.mark.django_db
def test_every_panels_model_with_a_person_in_it_is_registered():
    covered = account_services.models_with_personal_data()

    assert {Volunteer, SessionAttendance, Letter}.issubset(covered)
