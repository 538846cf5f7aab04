"""The register of interest: one lottery entry per person, only the form's questions and answers,
and every field within its limits, whether it comes through the form or the API."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from ostrom.panels import selectors, services
from ostrom.panels.models import Quota, Volunteer
from tests.factories import CoordinatorFactory
from tests.panels.factories import AssemblyFactory

FORM = {
    "full_name": "Amina Begum",
    "email": "amina@example.org",
    "postcode": "B16 8AA",
    "consent": "on",
    "feature_age_band": "25 to 34",
    "feature_sex": "Female",
    "feature_ethnic_group": "Asian, Asian British or Asian Welsh",
    "feature_disability": "No",
    "feature_lived_experience_of_the_topic": "Yes",
}
API = {
    "full_name": "Kwame Mensah",
    "email": "kwame@example.org",
    "postcode": "B16 8AA",
    "consent": True,
    "answers": {
        "Age band": "35 to 44",
        "Sex": "Male",
        "Ethnic group": "White",
        "Disability": "No",
        "Lived experience of the topic": "No",
    },
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _post_api(client, assembly, payload):
    return client.post(f"/api/panels/{assembly.slug}/registrations", payload, content_type="application/json")


@pytest.mark.django_db
def test_registering_four_times_with_one_email_gives_one_lottery_entry(client):
    assembly = AssemblyFactory()
    url = reverse("panels:register", args=[assembly.slug])

    pages = [
        client.post(url, FORM | {"email": "Amina@Example.org" if n else FORM["email"]}) for n in range(3)
    ]
    api = _post_api(client, assembly, API | {"email": "amina@example.org"})

    # The same thank-you page each time: a refusal would tell anyone who typed her email that she had
    # registered. The repeats are kept for the coordinators, and only the first enters the lottery.
    assert all("You have registered your interest" in page.content.decode() for page in pages)
    assert api.status_code == 201
    assert Volunteer.objects.count() == 4
    first = Volunteer.objects.order_by("pk").first()
    assert list(assembly.volunteers.in_pool()) == [first]
    assert Volunteer.objects.filter(duplicate_of=first).count() == 3
    assert [v.id for v in selectors.panel_request(assembly).volunteers] == [str(first.pk)]
    client.force_login(CoordinatorFactory())
    detail = client.get(assembly.get_absolute_url()).content.decode()
    assert "1 volunteer has registered" in detail and "3 more registrations repeated an earlier one" in detail


@pytest.mark.django_db
def test_the_same_name_at_the_same_postcode_is_a_repeat_too(client):
    assembly = AssemblyFactory()
    url = reverse("panels:register", args=[assembly.slug])

    client.post(url, FORM)
    client.post(
        url, FORM | {"full_name": "amina begum", "email": "", "phone": "0121 496 0000", "postcode": "b168aa"}
    )
    client.post(url, FORM | {"full_name": "Amina Begum", "email": "other@example.org", "postcode": "B17 0AA"})

    assert assembly.volunteers.in_pool().count() == 2
    assert Volunteer.objects.filter(duplicate_of__isnull=False).get().phone == "0121 496 0000"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"answers": API["answers"] | {"Age band": "Over the hill"}},
            "answers",
            "Select your age band from the answers",
        ),
        (
            {"answers": API["answers"] | {"Favourite colour": "Blue"}},
            "answers",
            "Answer only the questions on the form",
        ),
        ({"answers": {"Age band": "35 to 44"}}, "answers", "Select your sex"),
        (
            {"answers": API["answers"] | {"Deprivation of home area": "Least deprived fifth"}},
            "answers",
            "Answer only",
        ),
        ({"full_name": "A" * 151}, "full_name", "150 characters"),
        ({"full_name": "Kwame\x00Mensah"}, "full_name", "NUL"),
        ({"email": "not an email"}, "email", "Enter an email address in the correct format"),
        ({"email": "", "phone": ""}, "email", "Give an email address or a phone number"),
        ({"postcode": "ZZ1 1ZZ"}, "postcode", "We do not recognise this postcode"),
        ({"consent": False}, "consent", "Tick the box to agree"),
        ({"letter_code": "AB\x00CD"}, "letter_code", "NUL"),
    ],
)
def test_the_api_refuses_what_the_form_would_refuse(client, change, field, message):
    assembly = AssemblyFactory()

    response = _post_api(client, assembly, API | change)

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert message in str(detail[field] if isinstance(detail, dict) else detail)
    assert not Volunteer.objects.exists() and not Quota.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"full_name": "A" * 5000},
        {"answers": API["answers"] | {f"extra {n}": "x" for n in range(2000)}},
        {"full_name": 123},
        {"answers": ["35 to 44"]},
        {"answers": {"Age band": 35}},
        {"consent": "perhaps"},
        {"postcode": "B16 8AA" * 100},
    ],
)
def test_oversized_and_wrongly_typed_registrations_are_refused_with_422(client, change):
    assembly = AssemblyFactory()

    response = _post_api(client, assembly, API | change)

    assert response.status_code == 422
    assert not Volunteer.objects.exists()


@pytest.mark.django_db
def test_a_made_up_answer_never_becomes_a_public_quota_row(client):
    assembly = AssemblyFactory()
    services.save_quotas(
        coordinator=CoordinatorFactory(),
        assembly=assembly,
        quotas=[{"feature": "Age band", "value": "16 to 24", "minimum": 0, "maximum": 10}],
    )

    _post_api(client, assembly, API | {"answers": API["answers"] | {"Age band": "Made up"}})
    _post_api(client, assembly, API)

    request = selectors.panel_request(assembly)
    assert {quota.value for quota in request.quotas if quota.feature == "Age band"} == {
        "16 to 24",
        "35 to 44",
    }


@pytest.mark.django_db
def test_the_form_keeps_what_was_typed_and_refuses_nul(client):
    assembly = AssemblyFactory()

    page = client.post(
        reverse("panels:register", args=[assembly.slug]), FORM | {"full_name": "Amina\x00", "phone": "9" * 31}
    ).content.decode()

    assert page.count("There is a problem") == 1 and 'value="amina@example.org"' in page
    assert "Your phone number must be 30 characters or fewer" in page
    assert not Volunteer.objects.exists()
