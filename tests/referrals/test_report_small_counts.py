"""The report's headline counts never show a number of people from 1 to 4: not on the page, in its CSV
or in the API, not for a place with a few referrals, and not by subtracting the places inside a place
from its total (ostrom/referrals/reports.py, the module docstring)."""

import csv
import io
import re

import pytest
from django.urls import reverse

from ostrom.core.suppression import SUPPRESSED_TEXT
from ostrom.places.models import Place
from ostrom.referrals import reports
from tests.factories import PlaceFactory
from tests.referrals.factories import ReferralFactory, ServiceFactory, link_worker_for
from tests.referrals.report_story import build_story

SMALL_COUNT = re.compile(r"(?<![\d,])[1-4] (?:people|person|social prescriptions?)\b")


def _shown(client, place):
    """The headline as the page, the CSV and the API give it to the place's link worker."""
    page = client.get(reverse("referrals:report", args=[place.code])).content.decode()
    headline = re.search(r"<p[^>]*data-headline>(.*?)</p>", page, re.DOTALL).group(1)
    rows = csv.DictReader(
        io.StringIO(client.get(reverse("referrals:report-csv", args=[place.code])).content.decode())
    )
    in_csv = {row["group"]: row["people"] for row in rows if row["section"] == "headline"}
    answer = client.get(f"/api/referrals/reports/{place.code}").json()
    return headline, in_csv, answer


def _refer(place, count, service):
    return [ReferralFactory(place=place, services=[service]) for _ in range(count)]


def _three_referrals_that_round(place, service, *, to: int):
    """Three referrals in the place whose headline rounds to `to` (0 or 5). The rounding is fixed by
    who is referred (each referral's record key and the set's key), so try new referrals until it does:
    each set of 3 rounds down two times in five."""
    for _ in range(60):
        referrals = _refer(place, 3, service)
        if (reports.report_for(place, reports.last_12_months()).people.count or 0) == to:
            return referrals
        for referral in referrals:
            referral.delete()
    raise AssertionError(f"no set of 3 referrals rounded to {to} in 60 tries")


@pytest.mark.django_db
@pytest.mark.parametrize("rounds_to", [0, 5])
def test_a_place_with_3_referrals_never_shows_3_on_the_page_in_the_csv_or_the_api(client, rounds_to):
    place = PlaceFactory(kind=Place.Kind.WARD, name="Soho")
    service = ServiceFactory()
    _three_referrals_that_round(place, service, to=rounds_to)
    client.force_login(link_worker_for(place))

    headline, in_csv, answer = _shown(client, place)

    assert not SMALL_COUNT.search(headline), headline
    assert set(in_csv.values()) <= {SUPPRESSED_TEXT, "5"}
    assert answer["people_referred"] in (None, 5) and answer["social_prescriptions"] in (None, 5)
    if rounds_to == 0:
        assert "made fewer than 5 social prescriptions for fewer than 5 people." in headline
        assert in_csv == {
            "People referred (rounded to 5)": SUPPRESSED_TEXT,
            "Social prescriptions (rounded to 5)": SUPPRESSED_TEXT,
        }
        assert answer["people_referred"] is None and answer["people_referred_text"] == SUPPRESSED_TEXT
        assert answer["social_prescriptions"] is None
        assert answer["social_prescriptions_text"] == SUPPRESSED_TEXT
    else:
        # One prescription each: the two counts hold the same people's keys and round alike.
        assert "made about 5 social prescriptions for about 5 people." in headline
        assert answer["people_referred"] == 5 and answer["social_prescriptions"] == 5


@pytest.mark.django_db
def test_a_place_with_no_referrals_says_fewer_than_5_rather_than_none(client):
    """A period can be a single day: "none" beside "fewer than 5" would say whether anyone was referred."""
    place = PlaceFactory(kind=Place.Kind.WARD, name="Soho")
    client.force_login(link_worker_for(place))

    headline, in_csv, answer = _shown(client, place)

    assert "made fewer than 5 social prescriptions for fewer than 5 people." in headline
    assert set(in_csv.values()) == {SUPPRESSED_TEXT}
    assert answer["people_referred"] is None and answer["social_prescriptions"] is None


@pytest.fixture
def story(db, settings):
    settings.BREAKDOWN_MINIMUM_PEOPLE = 20
    settings.SUPPRESSION_THRESHOLD = 5
    return build_story()


def test_many_referrals_show_a_multiple_of_5_and_the_page_the_csv_and_the_api_agree(client, story):
    # 27 people and 32 social prescriptions: neither a multiple of 5.
    _refer(story["ladywood"], 2, story["lunch_club"])
    client.force_login(story["worker"])

    headline, in_csv, answer = _shown(client, story["ladywood"])

    people, prescriptions = answer["people_referred"], answer["social_prescriptions"]
    assert people in (25, 30) and prescriptions in (30, 35)
    assert f"made about {prescriptions} social prescriptions for about {people} people;" in headline
    assert in_csv == {
        "People referred (rounded to 5)": str(people),
        "Social prescriptions (rounded to 5)": str(prescriptions),
    }
    assert answer["people_referred_text"] == str(people)
    assert answer["conversion"]["referred"] == people
    # The shares are of the rounded people referred, so they give back no exact count.
    assert answer["conversion"]["attended"]["share"] == round(
        answer["conversion"]["attended"]["people"] / people, 4
    )


def test_a_place_minus_the_places_inside_it_does_not_give_its_few_referrals(client, story):
    """Ladywood holds its ward Soho's referrals and 3 of its own: subtracting Soho's headline from
    Ladywood's must not give 3."""
    locality = PlaceFactory(kind=Place.Kind.LOCALITY, name="Aston", parent=story["ladywood"].parent)
    ward = PlaceFactory(kind=Place.Kind.WARD, name="Nechells", parent=locality)
    _refer(ward, 22, story["lunch_club"])
    _refer(locality, 3, story["lunch_club"])
    client.force_login(link_worker_for(locality))

    whole, whole_csv, whole_answer = _shown(client, locality)
    part, part_csv, part_answer = _shown(client, ward)

    for field in ("people_referred", "social_prescriptions"):
        difference = (whole_answer[field] or 0) - (part_answer[field] or 0)
        assert difference % 5 == 0, (field, whole_answer[field], part_answer[field])
    for group, shown in whole_csv.items():
        difference = int(shown) - int(part_csv[group])
        assert difference % 5 == 0 and difference != 3
    for sentence in (whole, part):
        counts = [int(n.replace(",", "")) for n in re.findall(r"about ([\d,]+)", sentence)]
        assert counts and all(count % 5 == 0 for count in counts), sentence
