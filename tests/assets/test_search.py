"""The one search the directory page and the API share: each filter finds what it says, and only public
entries, ordered by name; and the words a result shows."""

from datetime import time
from decimal import Decimal

import pytest

from ostrom.assets import presenters
from ostrom.assets.models import Accessibility, Schedule, Service
from ostrom.assets.selectors import Search, search
from tests.assets.factories import (
    AccessibilityFactory,
    CostOptionFactory,
    LanguageFactory,
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from tests.factories import LsoaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def names(wanted: Search) -> list[str]:
    return [service.name for service in search(wanted)]


def test_text_finds_the_name_the_description_and_the_organisation():
    ServiceFactory(name="Zumba", description="Dance for fitness")
    ServiceFactory(name="Allotment", description="Grow vegetables together")
    ServiceFactory(name="Coffee", organisation=OrganisationFactory(name="St Mary's Church"))

    assert names(Search(text="zumba")) == ["Zumba"]
    assert names(Search(text="VEGETABLES")) == ["Allotment"]
    assert names(Search(text="st mary")) == ["Coffee"]


def test_category_by_its_code():
    ServiceFactory(name="Food bank", categories=["food"])
    ServiceFactory(name="Walk", categories=["physical-activity"])

    assert names(Search(category="food")) == ["Food bank"]


def test_place_finds_entries_at_a_location_inside_it(ladywood, perry_barr):
    inside = LsoaFactory(parent=ladywood)
    ServiceAtLocationFactory(
        service=ServiceFactory(name="Ladywood cafe"), location=LocationFactory(place=inside)
    )
    ServiceAtLocationFactory(
        service=ServiceFactory(name="Perry Barr cafe"),
        location=LocationFactory(place=LsoaFactory(parent=perry_barr)),
    )
    served = ServiceFactory(name="Ladywood helpline")
    served.places.add(ladywood)

    assert names(Search(place=ladywood)) == ["Ladywood cafe", "Ladywood helpline"]


def test_day_and_time_find_a_schedule_open_then():
    ScheduleFactory(
        service=ServiceFactory(name="Morning walk"), byday="MO,TU", opens_at=time(10), closes_at=time(12)
    )
    ScheduleFactory(
        service=ServiceFactory(name="Evening club"), byday="TU", opens_at=time(18), closes_at=time(20)
    )
    at_venue = ServiceAtLocationFactory(service=ServiceFactory(name="Saturday market"))
    Schedule.objects.create(service_at_location=at_venue, byday="SA", opens_at=time(9), closes_at=time(13))

    assert names(Search(day="TU")) == ["Evening club", "Morning walk"]
    assert names(Search(day="TU", at=time(18))) == ["Evening club"]
    assert names(Search(at=time(12))) == ["Saturday market"]  # closing time is not open
    assert names(Search(day="MO", at=time(18))) == []
    assert names(Search(day="SA")) == ["Saturday market"]


def test_free_only_leaves_out_anything_with_a_price():
    CostOptionFactory(service=ServiceFactory(name="Yoga"), amount=Decimal("3"))
    CostOptionFactory(service=ServiceFactory(name="Walk"), amount=Decimal("0"))
    ServiceFactory(name="Drop-in")

    assert names(Search(free_only=True)) == ["Drop-in", "Walk"]


def test_language_by_code_or_name():
    LanguageFactory(service=ServiceFactory(name="Urdu coffee morning"), code="ur", name="Urdu")
    LanguageFactory(service=ServiceFactory(name="Polish club"), code="pl", name="Polish")

    assert names(Search(language="urdu")) == ["Urdu coffee morning"]
    assert names(Search(language="pl")) == ["Polish club"]
    assert names(Search(language="Klingon")) == []


def test_accessibility_feature_of_its_location():
    at = ServiceAtLocationFactory(service=ServiceFactory(name="Hall club"))
    AccessibilityFactory(location=at.location, feature=Accessibility.Feature.HEARING_LOOP)
    ServiceAtLocationFactory(service=ServiceFactory(name="Upstairs club"))

    assert names(Search(feature="hearing_loop")) == ["Hall club"]


def test_only_public_entries_each_once_and_by_name():
    ServiceFactory(name="B group")
    ServiceFactory(name="A group")
    ServiceFactory(name="Closed group", status=Service.Status.DEFUNCT)
    twice = ServiceFactory(name="C group", categories=["food", "carers"])
    ScheduleFactory(service=twice, byday="MO")
    ScheduleFactory(service=twice, byday="MO", opens_at=time(14), closes_at=time(15))

    assert names(Search()) == ["A group", "B group", "C group"]
    assert names(Search(day="MO")) == ["C group"]


def test_opening_times_and_costs_in_words():
    service = ServiceFactory()
    ScheduleFactory(service=service, byday="TU", opens_at=time(10), closes_at=time(12))
    ScheduleFactory(service=service, byday="MO,WE", opens_at=time(18, 30), closes_at=time(20))
    ScheduleFactory(service=service, byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(17))
    CostOptionFactory(service=service, amount=Decimal("2.50"), option="per session")

    found = search(Search()).get()

    assert presenters.opening_times(found) == [
        "Tuesdays 10am to 12pm",
        "Mondays and Wednesdays 6:30pm to 8pm",
        "Monday to Friday 9am to 5pm",
    ]
    assert presenters.cost_in_words(found) == "£2.50 per session"
