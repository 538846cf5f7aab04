"""Whether registration for a panel is not yet open, open or closed is said the same way, with its date,
on the assembly page, the register page and in the API; a closed or unopened register shows no form."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from ostrom.panels.models import Assembly, Volunteer
from tests.panels.factories import AssemblyFactory, register_pool

FORM_BUTTON = "Register my interest"


def _day(value: date) -> str:
    return date_format(value, "j F Y")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("phase", "state", "sentence"),
    [
        ("not_yet_open", "not_yet_open", "Registration opens on {opens}."),
        ("recruiting", "open", "Registration is open until {closes}."),
        ("finished", "closed", "Registration closed on {closes}."),
    ],
)
def test_the_assembly_page_register_page_and_api_say_the_same_with_the_date(client, phase, state, sentence):
    assembly = AssemblyFactory(phase=phase)
    text = sentence.format(
        opens=_day(assembly.registration_opens_on), closes=_day(assembly.registration_closes_on)
    )

    page = client.get(assembly.get_absolute_url()).content.decode()
    register = client.get(reverse("panels:register", args=[assembly.slug])).content.decode()
    api = client.get(f"/api/panels/{assembly.slug}").json()

    assert f'data-window-state="{state}"' in page and text in page
    assert f'data-window-state="{state}"' in register and text in register
    assert api["registration"]["state"] == state and api["registration"]["text"] == text
    assert assembly.is_open_for_registration is (state == "open")
    # Only an open register shows the form and the way to it.
    assert (FORM_BUTTON in register) is (state == "open")
    assert ("Register your interest" in page.split("</h1>", 1)[1]) is (state == "open")


@pytest.mark.django_db
def test_a_finished_assemblys_register_says_it_has_closed_before_anything_is_typed(client):
    assembly = AssemblyFactory(phase="finished")

    page = client.get(reverse("panels:register", args=[assembly.slug])).content.decode()
    posted = client.post(
        reverse("panels:register", args=[assembly.slug]), {"full_name": "Late Comer", "postcode": "B16 8AA"}
    )

    assert "Registration closed on" in page and "<form" not in page.split('id="maincontent"', 1)[-1]
    assert posted.status_code == 200 and "Registration closed on" in posted.content.decode()
    assert not Volunteer.objects.exists()


@pytest.mark.django_db
def test_registration_closes_when_the_panel_is_drawn_early_and_every_place_agrees(client):
    assembly = AssemblyFactory(phase="recruiting")
    register_pool(assembly, 2)
    Assembly.objects.filter(pk=assembly.pk).update(status=Assembly.Status.SELECTING)
    assembly.refresh_from_db()

    api = client.get(f"/api/panels/{assembly.slug}").json()
    refused = client.post(
        f"/api/panels/{assembly.slug}/registrations",
        {
            "full_name": "Late Comer",
            "email": "late@example.org",
            "postcode": "B16 8AA",
            "answers": {},
            "consent": True,
        },
        content_type="application/json",
    )

    assert not assembly.is_open_for_registration and assembly.registration_window.state == "closed"
    assert api["registration"]["state"] == "closed"
    assert api["registration"]["text"] == f"Registration closed on {_day(date.today() - timedelta(days=1))}."
    assert refused.status_code == 422 and "Registration closed on" in refused.content.decode()
