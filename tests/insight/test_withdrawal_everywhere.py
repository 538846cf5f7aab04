"""A story without consent to publish never shows publicly, and withdrawing consent unpublishes it at once
everywhere: its page, the list, search, the API, the CSV export and a decision citing it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.decisions import services as decision_services
from ostrom.decisions.inputs import input_kind
from ostrom.decisions.models import Body, Decision
from ostrom.insight import services
from ostrom.insight.models import Insight
from tests.factories import PlaceFactory
from tests.insight.factories import coordinator_of, partner_of, story_details

WORDS = "The pharmacy shutters come down at five and nobody tells us"


@pytest.fixture
def place():
    return PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality")


def _everywhere(client, insight) -> dict:
    """Where a person could come across the insight's words."""
    return {
        "page": client.get(insight.get_absolute_url()).status_code,
        "list": WORDS in client.get(reverse("insight:insight-list")).content.decode(),
        "search": WORDS
        in client.get(reverse("insight:insight-list"), {"q": "pharmacy shutters"}).content.decode(),
        "api_list": WORDS in client.get("/api/insights").content.decode(),
        "api_search": WORDS in client.get("/api/insights", {"q": "pharmacy"}).content.decode(),
        "api_detail": client.get(f"/api/insights/{insight.pk}").status_code,
        "export": WORDS in client.get(reverse("insight:insight-export")).content.decode(),
    }


SHOWN = {
    "page": 200,
    "list": True,
    "search": True,
    "api_list": True,
    "api_search": True,
    "api_detail": 200,
    "export": True,
}
HIDDEN = {
    "page": 404,
    "list": False,
    "search": False,
    "api_list": False,
    "api_search": False,
    "api_detail": 404,
    "export": False,
}


@pytest.mark.django_db
def test_a_story_without_consent_to_publish_never_shows_publicly(client, place):
    coordinator = coordinator_of(place)
    insight = services.record_insight(
        coordinator=coordinator, **story_details(place, text=WORDS, publication="not_published")
    )

    assert _everywhere(client, insight) == HIDDEN
    client.force_login(partner_of(place))
    assert _everywhere(client, insight) == HIDDEN
    client.force_login(coordinator)
    assert _everywhere(client, insight) == SHOWN


@pytest.mark.django_db
def test_withdrawing_consent_unpublishes_it_at_once_everywhere(client, place):
    coordinator = coordinator_of(place)
    insight = services.record_insight(coordinator=coordinator, **story_details(place, text=WORDS))
    assert _everywhere(client, insight) == SHOWN

    client.force_login(coordinator)
    response = client.post(reverse("insight:insight-withdraw", args=[insight.pk]))
    assert response.status_code == 302
    client.logout()

    assert _everywhere(client, insight) == HIDDEN


@pytest.mark.django_db
def test_a_decision_citing_it_stops_showing_its_words_once_consent_is_withdrawn(client, place):
    coordinator = coordinator_of(place)
    insight = services.record_insight(coordinator=coordinator, **story_details(place, text=WORDS))
    body = Body.objects.create(
        name="Ladywood Locality Partnership", slug="ladywood-lp", kind="locality_partnership"
    )
    body.places.set([place])
    decision = Decision.objects.create(
        body=body, question="Late pharmacy opening", slug="pharmacy", published_at=timezone.now()
    )
    decision_services.link_input(
        actor=coordinator,
        decision=decision,
        kind="insight.insight",
        object_id=insight.pk,
        shaped="adopted",
        how="We asked for later opening.",
    )
    page = reverse("decisions:decision-detail", args=[decision.slug])
    assert WORDS in client.get(page).content.decode()

    services.withdraw_consent(coordinator=coordinator, insight=insight)

    shown = client.get(page).content.decode()
    assert WORDS not in shown and "withdrew their consent" in shown
    assert WORDS not in client.get(f"/api/decisions/{decision.slug}").content.decode()
    assert input_kind("insight.insight").item(insight.pk) is None


@pytest.mark.django_db
def test_only_published_insight_may_be_cited(place):
    coordinator = coordinator_of(place)
    private = services.record_insight(
        coordinator=coordinator, **story_details(place, publication="not_published")
    )
    public = services.record_insight(coordinator=coordinator, **story_details(place))
    kind = input_kind("insight.insight")

    assert [item.object_id for item in kind.candidates([place])] == [public.pk]
    assert kind.item(private.pk) is None


@pytest.mark.django_db
def test_reach_counts_speakers_with_an_account_once_and_the_rest_as_a_number(place):
    from tests.factories import UserFactory

    coordinator, speaker = coordinator_of(place), UserFactory()
    said = [
        services.record_insight(coordinator=coordinator, **story_details(place, speaker=speaker)),
        services.record_insight(coordinator=coordinator, **story_details(place, speaker=speaker)),
        services.record_insight(coordinator=coordinator, **story_details(place)),
        services.record_insight(coordinator=coordinator, **story_details(place, publication="not_published")),
    ]

    participation = input_kind("insight.insight").participation([insight.pk for insight in said])

    assert participation.user_ids == frozenset({speaker.pk})
    assert participation.anonymous == 1


@pytest.mark.django_db
def test_the_public_page_names_the_speaker_only_when_they_agreed(client, place):
    coordinator = coordinator_of(place)
    anonymous = services.record_insight(
        coordinator=coordinator, **story_details(place, speaker_name="Aisha Khan")
    )
    named = services.record_insight(
        coordinator=coordinator, **story_details(place, speaker_name="Winston Clarke", publication="named")
    )

    assert "Aisha Khan" not in client.get(anonymous.get_absolute_url()).content.decode()
    assert "Winston Clarke" in client.get(named.get_absolute_url()).content.decode()
    assert Insight.objects.published().count() == 2
