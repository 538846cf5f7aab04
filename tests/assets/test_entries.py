"""Organisations propose entries, coordinators approve or reject them, and entries are marked checked:
what shows is only what a coordinator approved, and every rule an entry is checked with."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ostrom.assets import selectors, services
from ostrom.assets.models import Schedule, Service, ServiceChange
from ostrom.assets.validation import checked_entry
from ostrom.core import audit
from tests.assets.factories import ServiceAtLocationFactory, ServiceFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _problems(data) -> dict:
    with pytest.raises(ValidationError) as caught:
        checked_entry(data)
    return caught.value.message_dict


def test_a_new_entry_waits_for_a_coordinator_and_does_not_show(contact, organisation, entry):
    change = services.propose_entry(actor=contact, organisation=organisation, data=entry)

    assert change.status == ServiceChange.Status.WAITING
    assert change.service is None
    assert change.proposed["name"] == "Tuesday walking group"
    assert not Service.objects.public().exists()
    assert audit.entries_for(change).count() == 1


def test_approving_a_new_entry_creates_it_with_everything_and_marks_it_checked_today(
    contact, coordinator, organisation, entry, lsoa
):
    change = services.propose_entry(actor=contact, organisation=organisation, data=entry)

    service = services.approve_change(actor=coordinator, change=change)

    assert service.organisation == organisation
    assert service.assured_date == timezone.localdate()
    assert service.minimum_age == 18 and service.maximum_age is None
    assert sorted(service.categories.values_list("code", flat=True)) == [
        "meeting-people",
        "physical-activity",
    ]
    location = service.service_at_locations.get().location
    assert location.postal_code == "B16 8QG"
    assert location.place == lsoa
    assert location.latitude == Decimal("52.4791") and location.longitude == Decimal("-1.9174")
    assert list(location.accessibility.values_list("feature", flat=True)) == ["step_free"]
    schedule = service.schedules.get()
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == ("TU", time(10), time(12))
    assert [(c.option, c.amount) for c in service.cost_options.all()] == [("per session", Decimal("0.00"))]
    assert sorted(service.languages.values_list("code", flat=True)) == ["en", "ur"]
    contact_record = service.contacts.get()
    assert contact_record.email == "sam@example.org"
    assert contact_record.phones.get().number == "0121 496 0000"
    change.refresh_from_db()
    assert change.status == ServiceChange.Status.APPROVED and change.service == service
    assert change.reviewed_by == coordinator
    assert Service.objects.public().get() == service
    assert audit.entries_for(service).count() == 1


def test_an_edit_does_not_show_until_it_is_approved(contact, coordinator, organisation, entry):
    service = services.approve_change(
        actor=coordinator, change=services.propose_entry(actor=contact, organisation=organisation, data=entry)
    )
    edited = {**entry, "schedules": [{"byday": "TH", "opens_at": "18:00", "closes_at": "19:30"}]}

    change = services.propose_entry(actor=contact, organisation=organisation, data=edited, service=service)

    assert service.schedules.get().byday == "TU"
    services.approve_change(actor=coordinator, change=change)
    schedule = Schedule.objects.get(service=service)
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == ("TH", time(18), time(19, 30))
    assert service.service_at_locations.count() == 1


def test_a_second_edit_replaces_the_waiting_one(contact, organisation, entry):
    service = ServiceFactory(organisation=organisation)
    first = services.propose_entry(actor=contact, organisation=organisation, data=entry, service=service)

    second = services.propose_entry(
        actor=contact, organisation=organisation, data={**entry, "name": "Thursday walks"}, service=service
    )

    assert second.pk == first.pk
    assert ServiceChange.objects.filter(service=service, status="waiting").count() == 1
    assert ServiceChange.objects.get(service=service).proposed["name"] == "Thursday walks"
    assert audit.entries_for(first).count() == 2


def test_only_the_organisations_contacts_and_coordinators_propose(organisation, entry, outsider):
    with pytest.raises(PermissionDenied):
        services.propose_entry(actor=UserFactory(), organisation=organisation, data=entry)
    with pytest.raises(PermissionDenied):
        services.propose_entry(actor=outsider, organisation=organisation, data=entry)


def test_an_entry_of_another_organisation_cannot_be_changed_through_this_one(contact, organisation, entry):
    with pytest.raises(ValidationError):
        services.propose_entry(actor=contact, organisation=organisation, data=entry, service=ServiceFactory())


def test_only_the_coordinators_of_its_places_review(contact, outsider, organisation, entry):
    change = services.propose_entry(actor=contact, organisation=organisation, data=entry)

    with pytest.raises(PermissionDenied):
        services.approve_change(actor=contact, change=change)
    with pytest.raises(PermissionDenied):
        services.approve_change(actor=outsider, change=change)
    with pytest.raises(PermissionDenied):
        services.reject_change(actor=outsider, change=change, note="No")


def test_a_rejected_change_says_why_and_changes_nothing(contact, coordinator, organisation, entry):
    change = services.propose_entry(actor=contact, organisation=organisation, data=entry)

    with pytest.raises(ValidationError) as caught:
        services.reject_change(actor=coordinator, change=change, note="  ")
    assert caught.value.message_dict == {
        "note": ["Say why the change was not approved, for the organisation"]
    }

    services.reject_change(actor=coordinator, change=change, note="We need the address")

    change.refresh_from_db()
    assert change.status == ServiceChange.Status.REJECTED and change.review_note == "We need the address"
    assert not Service.objects.exists()
    with pytest.raises(ValidationError, match="already been reviewed"):
        services.approve_change(actor=coordinator, change=change)


def test_marking_checked_sets_today_for_contacts_and_reviewers_only(
    contact, coordinator, outsider, organisation
):
    service = ServiceFactory(organisation=organisation, assured_date=date(2025, 1, 1))
    assert service.is_stale()

    services.mark_checked(actor=contact, service=service)
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate() and not service.is_stale()
    services.mark_checked(actor=coordinator, service=service)
    with pytest.raises(PermissionDenied):
        services.mark_checked(actor=outsider, service=service)
    assert audit.entries_for(service).count() == 2


def test_an_approved_edit_keeps_the_entry_in_its_place_and_the_schedules_of_its_venue(
    contact, coordinator, organisation, entry
):
    at = ServiceAtLocationFactory(service=ServiceFactory(organisation=organisation))
    Schedule.objects.create(service_at_location=at, byday="MO", opens_at=time(9), closes_at=time(10))
    current = selectors.entry_of(at.service)
    assert current["schedules"] == [{"byday": "MO", "opens_at": "09:00", "closes_at": "10:00"}]

    change = services.propose_entry(
        actor=contact,
        organisation=organisation,
        data={**current, "name": "Monday stretch"},
        service=at.service,
    )
    services.approve_change(actor=coordinator, change=change)

    assert at.service.service_at_locations.get().location == at.location
    assert [s.byday for s in Schedule.objects.filter(service=at.service)] == ["MO"]
    assert not Schedule.objects.filter(service_at_location=at).exists()


# The rules an entry is checked with -------------------------------------------------------------


def test_the_name_is_required(entry):
    assert _problems({**entry, "name": " "}) == {"name": ["Enter the name of the service"]}


def test_web_addresses_must_be_http_or_https(entry):
    assert "url" in _problems({**entry, "url": "javascript:alert(1)"})
    assert "url" in _problems({**entry, "url": "ftp://example.org"})
    assert checked_entry({**entry, "url": "http://example.org"})["url"] == "http://example.org"


def test_latitude_and_longitude_must_be_on_the_earth(entry):
    location = entry["location"]
    problems = _problems({**entry, "location": {**location, "latitude": "100", "longitude": "-200"}})
    assert problems["location.latitude"] == ["Latitude must be a number from -90 to 90, like 52.4862"]
    assert problems["location.longitude"] == ["Longitude must be a number from -180 to 180, like -1.8904"]
    assert "location.latitude" in _problems({**entry, "location": {**location, "latitude": "north"}})


def test_both_coordinates_or_neither(entry):
    problems = _problems({**entry, "location": {**entry["location"], "longitude": ""}})
    assert problems == {"location.longitude": ["Enter both the latitude and the longitude, or neither"]}


def test_the_postcode_must_be_one_we_know(entry):
    problems = _problems({**entry, "location": {**entry["location"], "postal_code": "ZZ9 9ZZ"}})
    assert problems == {"location.postal_code": ["Enter a postcode in the area we cover, like B16 8QG"]}


def test_ages_must_be_in_order(entry):
    assert _problems({**entry, "minimum_age": "65", "maximum_age": "18"}) == {
        "maximum_age": ["The youngest age must be the same as or lower than the oldest age"]
    }
    assert "minimum_age" in _problems({**entry, "minimum_age": "-1"})
    assert "maximum_age" in _problems({**entry, "maximum_age": "121"})


def test_opening_time_must_be_before_closing_time(entry):
    problems = _problems({**entry, "schedules": [{"byday": "TU", "opens_at": "12:00", "closes_at": "10:00"}]})
    assert problems == {"schedules[0].closes_at": ["The opening time must be before the closing time"]}
    assert "schedules[0].opens_at" in _problems(
        {**entry, "schedules": [{"byday": "TU", "opens_at": "25:00", "closes_at": "10:00"}]}
    )


def test_days_are_monday_to_sunday(entry):
    problems = _problems({**entry, "schedules": [{"byday": "XX", "opens_at": "10:00", "closes_at": "12:00"}]})
    assert problems == {"schedules[0].byday": ["Select a day from Monday to Sunday"]}
    several = checked_entry(
        {**entry, "schedules": [{"byday": "we,mo", "opens_at": "9.30", "closes_at": "11:00"}]}
    )
    assert several["schedules"] == [{"byday": "MO,WE", "opens_at": "09:30", "closes_at": "11:00"}]


def test_costs_are_not_negative(entry):
    problems = _problems({**entry, "costs": [{"option": "per session", "amount": "-1"}]})
    assert problems == {"costs[0].amount": ["The cost must be £0 or more"]}
    assert "costs[0].amount" in _problems({**entry, "costs": [{"option": "", "amount": "two pounds"}]})


def test_languages_by_code_or_name(entry):
    languages = checked_entry({**entry, "languages": ["URDU", "pa", {"code": "so"}, "Urdu"]})["languages"]
    assert languages == [
        {"code": "ur", "name": "Urdu"},
        {"code": "pa", "name": "Punjabi"},
        {"code": "so", "name": "Somali"},
    ]
    assert _problems({**entry, "languages": ["Klingon"]}) == {
        "languages[0]": ["Enter a language by its name or code, like Urdu or ur"]
    }


def test_categories_come_from_the_wellbeing_taxonomy(entry):
    assert _problems({**entry, "categories": ["food", "astrology"]}) == {
        "categories": ["Select categories from the list"]
    }


def test_accessibility_features_come_from_the_list_and_need_a_place(entry):
    assert "accessibility" in _problems({**entry, "accessibility": ["teleporter"]})
    assert "accessibility" in _problems({**entry, "location": None})


def test_email_addresses_and_phone_numbers_are_checked(entry):
    assert "email" in _problems({**entry, "email": "not an email"})
    assert "contact.email" in _problems({**entry, "contact": {**entry["contact"], "email": "nope"}})
    assert "contact.phone" in _problems({**entry, "contact": {**entry["contact"], "phone": "call me"}})


def test_text_that_cannot_be_stored_is_refused(entry):
    assert _problems({**entry, "name": "a\x00b"}) == {
        "name": ["Remove the invisible control character from this text"]
    }
    assert _problems({**entry, "description": "x" * 5001}) == {
        "description": ["This must be 5,000 characters or fewer"]
    }
    assert _problems({**entry, "name": ["a", "b"]}) == {"name": ["Enter text"]}


def test_a_change_is_checked_again_when_it_is_approved(contact, coordinator, organisation, entry):
    change = services.propose_entry(actor=contact, organisation=organisation, data=entry)
    ServiceChange.objects.filter(pk=change.pk).update(proposed={**entry, "name": ""})
    change.refresh_from_db()

    with pytest.raises(ValidationError):
        services.approve_change(actor=coordinator, change=change)
    assert not Service.objects.exists()


def test_stale_entries_are_those_not_checked_for_six_months(organisation):
    fresh = ServiceFactory(organisation=organisation, assured_date=timezone.localdate() - timedelta(days=100))
    old = ServiceFactory(organisation=organisation, assured_date=timezone.localdate() - timedelta(days=200))
    never = ServiceFactory(organisation=organisation, assured_date=None)

    assert set(Service.objects.stale()) == {old, never}
    assert not fresh.is_stale()
