"""The record, edit and erase pages: forms keep what was typed, and the service's rules land on fields."""

import pytest
from django.urls import reverse

from ostrom.insight.models import Insight
from tests.factories import PlaceFactory
from tests.insight.factories import InsightFactory, coordinator_of


@pytest.fixture
def place():
    return PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality")


def _form(place, **overrides):
    data = {
        "place": place.pk,
        "kind": "quote",
        "text": "Buses are late every morning",
        "source": "event",
        "said_on": "2026-10-01",
        "publication": "named",
        "speaker_name": "",
        "consent_to_use": "on",
        "consent_wording": "I agree",
    }
    return data | overrides


@pytest.mark.django_db
def test_the_record_form_puts_the_rule_on_its_field_and_keeps_what_was_typed(client, place):
    client.force_login(coordinator_of(place))

    page = client.post(reverse("insight:insight-create"), _form(place)).content.decode()

    assert "Enter the name they agreed to be published with" in page
    assert "Buses are late every morning" in page and not Insight.objects.exists()


@pytest.mark.django_db
def test_a_place_the_coordinator_does_not_run_is_refused_on_the_place_field(client, place):
    other = PlaceFactory(code="E-PERRYBARR", name="Perry Barr", kind="locality")
    client.force_login(coordinator_of(place))

    page = client.post(reverse("insight:insight-create"), _form(other, speaker_name="Jo")).content.decode()

    assert "Only a coordinator for this place can record insight there" in page
    assert not Insight.objects.exists()


@pytest.mark.django_db
def test_a_brought_in_comment_is_published_only_once_a_coordinator_records_consent(client, place):
    comment = InsightFactory(
        place=place, kind="comment", publication="not_published", origin_kind="events.highlight", origin_id=7
    )
    client.force_login(coordinator_of(place))
    assert "Change it" in client.get(comment.get_absolute_url()).content.decode()

    data = _form(
        place,
        kind="comment",
        text=comment.text,
        publication="anonymised",
        consent_wording="Agreed at the follow-up call",
    )
    response = client.post(reverse("insight:insight-edit", args=[comment.pk]), data)

    comment.refresh_from_db()
    assert response.status_code == 302 and comment.is_published
    assert comment.consent_wording == "Agreed at the follow-up call"


@pytest.mark.django_db
def test_erasing_from_its_page_removes_it(client, place):
    insight = InsightFactory(place=place)
    client.force_login(coordinator_of(place))

    response = client.post(reverse("insight:insight-erase", args=[insight.pk]))

    assert response.status_code == 302 and not Insight.objects.exists()
