"""Oversized text, NUL characters and wrong-typed values get a plain 4xx answer (or the form again with
its errors), never a 500: PostgreSQL refuses an overlong or NUL string with an error of its own."""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ostrom.panels import forms as panel_forms
from ostrom.panels import services
from ostrom.panels.models import (
    Assembly,
    Letter,
    Lottery,
    Quota,
    Recommendation,
    Response,
    Session,
    SessionAttendance,
    Volunteer,
)
from tests.factories import CoordinatorFactory
from tests.panels.factories import AssemblyFactory, register_pool

HUGE = "x" * 10_000
NUL = "ab\x00c"
JUNK = [HUGE, NUL, "abc", "99999999999999999999999", "-1"]
STORED = [Assembly, Letter, Quota, Recommendation, Response, Session, SessionAttendance, Volunteer]


def _world():
    assembly = AssemblyFactory(panel_size=6)
    register_pool(assembly, 12, random.Random(2))
    members = list(assembly.volunteers.order_by("pk")[:6])
    lottery = Lottery.objects.create(
        assembly=assembly,
        seed="s",
        quotas=[],
        pool=[],
        selected=[str(m.pk) for m in members],
        probabilities={str(m.pk): 0.5 for m in members},
        is_current=True,
    )
    coordinator = CoordinatorFactory()
    session = services.schedule_session(
        coordinator=coordinator, assembly=assembly, title="First", starts_at="2027-01-15T10:00Z", venue="Hub"
    )
    recommendation = services.add_recommendation(
        coordinator=coordinator, assembly=assembly, title="T", text="Text", support_for=3
    )
    return assembly, lottery, coordinator, session, recommendation, members


def _junk_for(form_class, value):
    return {name: value for name in form_class.base_fields}


def _stored():
    return {model.__name__: model.objects.count() for model in STORED}


@pytest.mark.django_db
def test_every_panels_form_answers_bad_values_without_a_server_error(client):
    assembly, lottery, coordinator, session, recommendation, members = _world()
    quota_rows = services.propose_quotas(assembly)
    quota_fields = [f"q-{i}-{bound}" for i in range(len(quota_rows)) for bound in ("minimum", "maximum")]
    feature_fields = [
        panel_forms.RegistrationForm.field_name(feature) for feature in panel_forms.features.ASKED
    ]
    slug = assembly.slug
    pages = [
        (reverse("panels:assembly-create"), list(panel_forms.AssemblyForm.base_fields)),
        (reverse("panels:quotas", args=[slug]), quota_fields),
        (reverse("panels:feasibility", args=[slug]) + "?propose=1", quota_fields),
        (reverse("panels:sessions", args=[slug]), list(panel_forms.SessionForm.base_fields)),
        (reverse("panels:session-record", args=[session.pk]), ["attendees", "payment", "paid_on"]),
        (reverse("panels:recommendations", args=[slug]), list(panel_forms.RecommendationForm.base_fields)),
        (reverse("panels:respond", args=[recommendation.pk]), list(panel_forms.ResponseForm.base_fields)),
        (reverse("panels:replace", args=[slug, lottery.pk]), ["dropouts", "seed"]),
        (
            reverse("panels:register", args=[slug]),
            list(panel_forms.RegistrationForm.base_fields) + feature_fields,
        ),
        (lottery.get_absolute_url(), ["anything"]),
    ]
    before = _stored()
    client.force_login(coordinator)
    answered = []
    for url, fields in pages:
        for value in JUNK:
            response = client.post(url, {name: value for name in fields})
            answered.append((url, value[:5], response.status_code))
    # A good dropout with a bad seed; a bad seed for a new draw.
    for value in [HUGE, NUL]:
        replace = client.post(
            reverse("panels:replace", args=[slug, lottery.pk]),
            {"dropouts": [str(members[0].pk)], "seed": value},
        )
        draw = client.post(reverse("panels:start-lottery", args=[slug]), {"seed": value})
        answered += [("replace", value[:5], replace.status_code), ("draw", value[:5], draw.status_code)]
    for value in JUNK:
        letters = client.post(
            reverse("panels:letters", args=[slug]),
            _junk_for(panel_forms.LettersForm, value)
            | {"file": SimpleUploadedFile("a.csv", f"address,postcode\n{value},{value}\n".encode())},
        )
        pool = client.post(
            reverse("panels:import", args=[slug]),
            {
                "file": SimpleUploadedFile(
                    f"{value[:20]}.csv", f"full_name,postcode\n{value},{value}\n".encode()
                )
            },
        )
        answered += [("letters", value[:5], letters.status_code), ("import", value[:5], pool.status_code)]

    assert [row for row in answered if row[-1] >= 500] == []
    assert _stored() == before
    assert Lottery.objects.count() == 1


@pytest.mark.django_db
def test_every_panels_api_operation_answers_bad_values_with_a_4xx(client):
    assembly, lottery, *_ = _world()
    registration = {
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
    bad = [
        {field: value}
        for field in ["full_name", "email", "phone", "postcode", "letter_code"]
        for value in JUNK[:2]
    ]
    bad += [
        {"full_name": ["a list"]},
        {"email": 5},
        {"consent": "perhaps"},
        {"answers": {"Age band": HUGE}},
        {"answers": {HUGE: "35 to 44"}},
        {"answers": {"Age band": NUL}},
        {"answers": {NUL: "x"}},
        {"answers": "35 to 44"},
        {"answers": {f"extra {n}": "x" for n in range(2000)}},
    ]
    before = _stored()
    answered = []
    for change in bad:
        response = client.post(
            f"/api/panels/{assembly.slug}/registrations",
            registration | change,
            content_type="application/json",
        )
        answered.append(("registration", str(change)[:40], response.status_code))
    for slug in ["x" * 5000, "a%00b", "%00"]:
        for method, path in [
            ("get", f"/api/panels/{slug}"),
            ("get", f"/api/panels/{slug}/lottery"),
            ("get", f"/api/panels/{slug}/recommendations"),
            ("post", f"/api/panels/{slug}/lottery/checks"),
            ("post", f"/api/panels/{slug}/registrations"),
        ]:
            response = getattr(client, method)(path, registration, content_type="application/json")
            answered.append((path[:30], slug[:5], response.status_code))

    assert [row for row in answered if not 400 <= row[-1] < 500] == []
    assert _stored() == before


@pytest.mark.django_db
def test_an_address_list_with_a_field_over_128_kb_is_refused_by_row(client):
    assembly = AssemblyFactory()
    addresses = "address,postcode\n1 High Street,B16 8AA\n" + f'"{"x" * 140_000}",B16 8AA\n'
    client.force_login(CoordinatorFactory())

    page = client.post(
        reverse("panels:letters", args=[assembly.slug]),
        {"file": SimpleUploadedFile("addresses.csv", addresses.encode()), "count": "1", "oversampling": "2"},
    )

    assert page.status_code == 200
    assert "Row 3: A field in this row is longer than 131,072 characters" in page.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_long_or_nul_addresses_are_refused_by_row_and_nothing_is_made(client):
    assembly = AssemblyFactory()
    addresses = (
        "address,postcode\n"
        + f"{'y' * 251},B16 8AA\n"
        + "2 Hi\x00gh Street,B16 8AA\n"
        + "3 Low Road,B17 0AA\n"
    )
    client.force_login(CoordinatorFactory())

    page = client.post(
        reverse("panels:letters", args=[assembly.slug]),
        {"file": SimpleUploadedFile("addresses.csv", addresses.encode()), "count": "1", "oversampling": "2"},
    ).content.decode()

    assert "Row 2: The address must be 250 characters or fewer" in page
    assert "Row 3: This row contains a character that is not allowed (NUL)" in page
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_the_mail_merge_csv_cannot_carry_a_formula(client):
    assembly = AssemblyFactory()
    Letter.objects.create(
        assembly=assembly, code="ABCD2345", address='=HYPERLINK("http://x","y")', postcode="B16 8AA"
    )
    client.force_login(CoordinatorFactory())

    merge = client.get(reverse("panels:letters-download", args=[assembly.slug, "csv"])).content.decode()

    assert (
        merge.splitlines()[1]
        == 'ABCD2345,"\'=HYPERLINK(""http://x"",""y"")",B16 8AA,/panels/waiting-lists/register/'
    )
