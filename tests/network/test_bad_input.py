"""Every write of the collective, places and accounts APIs answers oversized, NUL-containing and
wrong-typed values with a 4xx and a plain message, never a 500 (also on PostgreSQL), and the API
keeps the forms' limits because the service checks them."""

import pytest
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.network.models import Meeting, Organisation, Subgroup
from tests.factories import CoordinatorFactory, MeetingFactory, PlaceFactory, SubgroupFactory, UserFactory

HUGE = "x" * 25000  # over every limit, the 20,000 of minutes included
NUL = "a\x00b"


@pytest.fixture
def world(db):
    PlaceFactory(code="DEMO-W41", kind="ward")
    SubgroupFactory(slug="best-start", name="Best start")
    meeting = MeetingFactory(subgroup=Subgroup.objects.get(slug="best-start"))
    token = account_services.create_api_token(user=CoordinatorFactory(), name="ICB")
    return {"meeting": meeting, "headers": {"Authorization": f"Bearer {token}"}}


ORGANISATION = {
    "name": "Open Door",
    "kind": "vcse",
    "contact_name": "Amina Begum",
    "contact_email": "amina@example.org",
    "places_served": ["DEMO-W41"],
}
SUBGROUP = {"name": "Mental health", "description": "Talking therapies"}
MEETING = {"subgroup": "best-start", "title": "Listening event", "starts_at": "2026-12-03T18:30:00Z"}
RECORD = {"minutes": "Good turnout.", "attendee_emails": []}
PLACE = {"name": "Aston", "kind": "ward"}

BAD_VALUES = [("oversized", HUGE), ("NUL", NUL), ("wrong type", 12345), ("wrong type", ["a", "b"])]
WRITES = [
    ("post", "/api/organisations", ORGANISATION, field)
    for field in ["name", "contact_name", "contact_email", "description", "website", "contact_phone"]
] + [
    ("post", "/api/subgroups", SUBGROUP, "name"),
    ("post", "/api/subgroups", SUBGROUP, "description"),
    ("post", "/api/meetings", MEETING, "title"),
    ("post", "/api/meetings", MEETING, "agenda"),
    ("post", "/api/meetings", MEETING, "venue"),
    ("post", "/api/meetings", MEETING, "subgroup"),
    ("post", "/api/meetings", MEETING, "place"),
    ("put", "/api/meetings/{meeting}/record", RECORD, "minutes"),
    ("put", "/api/places/DEMO-W99", PLACE, "name"),
    ("put", "/api/places/DEMO-W99", PLACE, "parent_code"),
]


@pytest.mark.parametrize(("method", "path", "valid", "field"), WRITES)
@pytest.mark.parametrize(("problem", "value"), BAD_VALUES)
def test_a_bad_value_in_any_write_gets_a_plain_4xx(client, world, method, path, valid, field, problem, value):
    url = path.format(meeting=world["meeting"].pk)
    send = getattr(client, method)

    response = send(url, {**valid, field: value}, content_type="application/json", headers=world["headers"])

    assert 400 <= response.status_code < 500, response.content
    assert "detail" in response.json()
    assert not Organisation.objects.exists() and Meeting.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/subgroups/a%00b",
        "/api/subgroups/" + "x" * 300,
        "/api/places/a%00b",
        "/api/places/a%00b/population",
        "/api/organisations/99999999999999999999",
        "/api/organisations/abc",
        "/api/meetings/99999999999999999999",
        "/api/organisations?place=a%00b",
        "/api/organisations?subgroup=a%00b",
        "/api/meetings?place=a%00b",
        "/api/places/?kind=a%00b",
    ],
)
def test_a_bad_value_in_any_read_gets_a_4xx(client, world, path):
    assert 400 <= client.get(path, headers=world["headers"]).status_code < 500


@pytest.mark.parametrize(
    ("method", "path"), [("post", "/api/subgroups/{}/membership"), ("delete", "/api/subgroups/{}/membership")]
)
@pytest.mark.parametrize("slug", ["a%00b", "x" * 300])
def test_joining_or_leaving_a_made_up_subgroup_gets_a_4xx(client, world, method, path, slug):
    response = getattr(client, method)(path.format(slug), headers=world["headers"])
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
def test_the_api_keeps_the_forms_limits_with_a_message_on_the_field(client, world):
    response = client.post(
        "/api/organisations",
        {**ORGANISATION, "name": "x" * 201},
        content_type="application/json",
        headers=world["headers"],
    )
    assert response.status_code == 422 and "200" in str(response.json()["detail"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "javascript:alert(document.cookie)", "Enter a full web address"),
        ("website", "ftp://example.org/files", "Enter a full web address"),
        ("contact_email", "not an email", "Enter an email address in the correct format"),
        ("places_served", ["NOWHERE"], "No place has the code NOWHERE"),
    ],
)
def test_the_api_refuses_unsafe_websites_and_emails_that_are_not_emails(client, world, field, value, message):
    response = client.post(
        "/api/organisations",
        {**ORGANISATION, field: value},
        content_type="application/json",
        headers=world["headers"],
    )

    assert response.status_code == 422
    assert response.json()["detail"][field] == [message] or message in str(response.json()["detail"])
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_a_website_that_is_not_http_is_never_a_link(client):
    organisation = Organisation.objects.create(
        name="Old Record",
        kind="vcse",
        contact_name="Sam",
        contact_email="sam@example.org",
        website="javascript:alert(1)",
        status="member",
        joined_on="2026-01-01",
    )
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert 'href="javascript:' not in page


@pytest.mark.django_db
def test_the_join_form_refuses_nul_and_keeps_what_was_typed(client):
    ward = PlaceFactory(kind="ward")
    client.force_login(UserFactory())
    page = client.post(
        reverse("network:join"),
        {
            "name": "Open Door",
            "kind": "vcse",
            "places_served": [ward.pk],
            "contact_name": NUL,
            "contact_email": "amina@example.org",
        },
    ).content.decode()

    assert "There is a problem" in page and 'value="Open Door"' in page
    assert not Organisation.objects.exists()
