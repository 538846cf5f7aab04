"""Postcodes: the demo knows every postcode of the outward codes its wards use, so a visitor typing a
real Ladywood or Perry Barr postcode is found; a postcode outside the known list gets a message that
says what to do; and the examples our forms give are postcodes we know."""

import html
import random
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ostrom.demo import places as demo_places
from ostrom.places.models import Postcode
from ostrom.places.selectors import find_postcode
from tests.factories import PostcodeFactory, UserFactory


@pytest.fixture
def demo_geography(db):
    return demo_places.load(random.Random(2026))


def _problem(text: str) -> str:
    with pytest.raises(ValidationError) as raised:
        find_postcode(text)
    return raised.value.message_dict["postcode"][0]


# Real postcodes of each locality's wards (outward code and sector as Royal Mail uses them).
REAL_POSTCODES = [
    ("B16 8AA", "Ladywood", "Ladywood"),
    ("b18 6hp", "Soho and Jewellery Quarter", "Ladywood"),
    ("B7 4BP", "Nechells", "Ladywood"),
    ("B21 9NH", "Handsworth", "Perry Barr"),
    ("B19 1BP", "Lozells", "Perry Barr"),
    ("B42 2SU", "Perry Barr", "Perry Barr"),
]


def test_a_real_ladywood_or_perry_barr_postcode_is_found_in_its_ward(demo_geography):
    for postcode, ward, locality in REAL_POSTCODES:
        match = find_postcode(postcode)

        assert (match.lsoa.parent.name, match.lsoa.parent.parent.name) == (ward, locality), postcode


def test_the_demo_says_which_postcodes_it_knows(demo_geography):
    problem = _problem("SW1A 1AA")

    assert problem.startswith("We do not recognise this postcode")
    assert "This demo knows only postcodes in Ladywood and Perry Barr" in problem
    assert "B16" in problem and "B42" in problem
    assert "like B16 8AA" in problem


@pytest.mark.django_db
def test_an_unknown_postcode_is_told_what_to_do():
    PostcodeFactory(postcode="B16 8QG")

    problem = _problem("SW1A 1AA")

    assert problem.startswith("We do not recognise this postcode. Check it and try again.")
    assert "outside the area" in problem


def test_the_equality_questions_example_postcode_is_one_we_know(demo_geography, client):
    client.force_login(UserFactory())
    page = html.unescape(client.get(reverse("accounts:equality-answers")).content.decode())
    example = re.search(r"For example, ([A-Z0-9]+ [0-9][A-Z]{2})", page).group(1)

    response = client.post(reverse("accounts:equality-answers"), {"consent": "on", "postcode": example})

    assert response.status_code == 302, html.unescape(response.content.decode())[:3000]
    assert Postcode.objects.get(postcode=example).lsoa.parent.name == "Ladywood"


def test_loading_the_demo_again_adds_no_postcodes(demo_geography):
    count = Postcode.objects.count()

    demo_places.load(random.Random(2026))

    assert Postcode.objects.count() == count


@pytest.mark.django_db
def test_a_postcode_too_long_to_be_one_is_refused_by_row_not_by_the_database():
    from ostrom.core.tables import ImportRejected
    from ostrom.places import services
    from tests.factories import LsoaFactory

    lsoa = LsoaFactory()
    content = f"postcode,lsoa_code\nB16 8AA,{lsoa.code}\n00000 0SS,{lsoa.code}\n".encode()

    with pytest.raises(ImportRejected) as refused:
        services.import_postcodes(content=content, filename="postcodes.csv")

    assert [(problem.row, problem.problem) for problem in refused.value.problems] == [
        (3, "Enter a full postcode, like B16 8AA")
    ]
    assert not Postcode.objects.filter(postcode="B16 8AA").exists()
