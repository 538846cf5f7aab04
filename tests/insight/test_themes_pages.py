"""Theme pages and the place page: published text only for the public, who raised a theme (suppressed,
for those who may see reach), the decisions that cite it, and the area's numbers beside it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.decisions.inputs import input_kind
from ostrom.decisions.models import Body, Decision, InputLink
from ostrom.insight import theming
from ostrom.insight.models import Insight, Theme, ThemeAssignment
from tests.factories import AreaStatisticFactory, LsoaFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLISHED = "The phone queue at the surgery is hopeless"
UNPUBLISHED = "My neighbour told me about her diagnosis and the GP wait"
WITHDRAWN = "I waited weeks for a GP and then gave up"


@pytest.fixture
def place():
    ladywood = PlaceFactory(name="Ladywood", code="E-LW-PAGES")
    lsoa = LsoaFactory(parent=ladywood)
    for category, people in [("white_british", 600), ("pakistani", 400)]:
        AreaStatisticFactory(place=lsoa, measure="population_ethnic_group", category=category, value=people)
    AreaStatisticFactory(place=ladywood, measure="imd_rank", value=1234, year=2019)
    return ladywood


@pytest.fixture
def coordinator(place):
    person = UserFactory()
    Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, place=place)
    return person


def _insight(place, text, **fields):
    return Insight.objects.create(
        place=place,
        kind=Insight.Kind.COMMENT,
        source=Insight.Source.SURVEY,
        said_on=date(2026, 10, 1),
        text=text,
        consent_to_use=True,
        **({"publication": Insight.Publication.ANONYMISED} | fields),
    )


@pytest.fixture
def theme(place):
    theme = Theme.objects.create(place=place, label="gp, phone, surgery", keywords=["gp", "phone", "surgery"])
    insights = [
        _insight(place, PUBLISHED),
        _insight(place, UNPUBLISHED, publication=Insight.Publication.NOT_PUBLISHED),
        _insight(place, WITHDRAWN, consent_withdrawn_at=timezone.now()),
    ]
    for insight in insights:
        ThemeAssignment.objects.create(place=place, insight=insight, theme=theme)
    theme.representative = [insight.pk for insight in insights]
    theme.size = 3
    theme.save()
    return theme


@pytest.mark.parametrize("who", ["anonymous", "resident", "other_coordinator"])
def test_unpublished_words_never_show_on_a_theme_page_or_in_the_api_for_the_public(client, theme, who):
    if who != "anonymous":
        person = UserFactory()
        if who == "other_coordinator":
            Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, place=PlaceFactory())
        client.force_login(person)

    page = client.get(theme.get_absolute_url()).content.decode()
    api = client.get(f"/api/themes/{theme.pk}").json()

    assert PUBLISHED in page
    assert UNPUBLISHED not in page and WITHDRAWN not in page
    assert [comment["text"] for comment in api["representative"]] == [PUBLISHED]


def test_the_places_coordinators_see_every_comment_marked_as_not_published(client, theme, coordinator):
    client.force_login(coordinator)

    page = client.get(theme.get_absolute_url()).content.decode()

    assert PUBLISHED in page and UNPUBLISHED in page and WITHDRAWN in page
    assert "Not published" in page
    assert "Change this theme" in page


def test_who_raised_it_is_for_those_who_see_reach_and_small_numbers_are_hidden(client, theme, coordinator):
    speaker = UserFactory()
    Insight.objects.filter(text=PUBLISHED).update(speaker=speaker)

    public = client.get(theme.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    coordinators = client.get(theme.get_absolute_url()).content.decode()

    assert "Who raised it" not in public
    assert "Who raised it" in coordinators
    assert "too few to break down without identifying someone" in coordinators


def test_a_theme_page_shows_the_areas_numbers_and_the_decisions_that_cite_it(client, theme, place):
    body = Body.objects.create(
        name="Ladywood Locality Partnership", slug="lw-lp", kind="locality_partnership"
    )
    body.places.set([place])
    cited = Decision.objects.create(
        body=body, question="Open the surgery phone lines at 7am", slug="phones", published_at=timezone.now()
    )
    draft = Decision.objects.create(body=body, question="A draft nobody may see yet", slug="draft")
    for decision in (cited, draft):
        InputLink.objects.create(
            decision=decision,
            kind="insight.theme",
            object_id=theme.pk,
            title="Theme",
            quote="GP phones",
            shaped="adopted",
            how="We opened the lines earlier.",
        )

    page = client.get(theme.get_absolute_url()).content.decode()

    assert "Open the surgery phone lines at 7am" in page
    assert "A draft nobody may see yet" not in page
    assert "Ethnic group (1,000 people)" in page
    assert "Index of Multiple Deprivation rank" in page and "1,234" in page
    assert "ostrom-bar" in page  # the chart inside the table


def test_the_place_page_shows_what_people_said_beside_the_numbers(client, theme, place):
    page = client.get(place.get_absolute_url()).content.decode()

    assert "What people said here" in page
    assert f'href="{theme.get_absolute_url()}"' in page
    assert page.index("What people said here") < page.index("Who lives here")
    assert "Ethnic group (1,000 people)" in page


def test_a_place_without_themes_has_no_section_for_them(client, place):
    assert "What people said here" not in client.get(place.get_absolute_url()).content.decode()


def test_a_merged_themes_page_leads_to_the_theme_it_joined(client, theme, place, coordinator):
    other = Theme.objects.create(place=place, label="phones")
    theming.merge_themes(theme=other, into=theme, merged_by=coordinator)

    response = client.get(other.get_absolute_url())

    assert response.status_code == 302 and response["Location"] == theme.get_absolute_url()


def test_a_theme_is_an_input_a_decision_can_cite_with_who_took_part(theme, place):
    speaker = UserFactory()
    Insight.objects.filter(text=PUBLISHED).update(speaker=speaker)
    kind = input_kind("insight.theme")

    candidates = kind.candidates([place])
    participation = kind.participation([theme.pk])

    assert [item.object_id for item in candidates] == [theme.pk]
    assert kind.item(theme.pk).url == theme.get_absolute_url()
    assert participation.user_ids == frozenset({speaker.pk})
    assert participation.anonymous == 2


def test_renaming_with_no_name_is_refused_on_the_page(client, theme, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("insight:theme-rename", args=[theme.pk]), {"label": "  "})

    assert "Enter a name for the theme" in response.content.decode()
    theme.refresh_from_db()
    assert theme.label == "gp, phone, surgery"


def test_merging_a_theme_into_itself_or_another_places_theme_is_refused(client, theme, coordinator):
    elsewhere = Theme.objects.create(place=PlaceFactory(), label="elsewhere")
    client.force_login(coordinator)

    for into in (theme, elsewhere):
        response = client.post(reverse("insight:theme-merge", args=[theme.pk]), {"into": into.pk})
        assert "Select the theme to merge with" in response.content.decode()
    theme.refresh_from_db()
    assert theme.merged_into is None


def test_the_api_renames_and_starts_runs_only_for_the_places_coordinators(client, theme, coordinator):
    client.force_login(UserFactory())
    refused = client.put(
        f"/api/themes/{theme.pk}/label", {"label": "GP phones"}, content_type="application/json"
    )
    client.force_login(coordinator)
    renamed = client.put(
        f"/api/themes/{theme.pk}/label", {"label": "GP phones"}, content_type="application/json"
    )
    started = client.post("/api/theme-runs", {"place": theme.place.code}, content_type="application/json")
    again = client.post("/api/theme-runs", {"place": theme.place.code}, content_type="application/json")
    progress = client.get(f"/api/theme-runs/{started.json()['id']}")

    assert refused.status_code == 403
    assert renamed.json()["label"] == "GP phones"
    assert started.status_code == 201 and started.json()["status"] == "queued"
    assert again.status_code == 409
    assert progress.json()["message"] == "Waiting for a worker to pick this up"


def test_a_coordinator_pins_a_comment_to_another_theme_on_the_pin_page(client, theme, place, coordinator):
    other = Theme.objects.create(place=place, label="phones and queues")
    moved = Insight.objects.get(text=UNPUBLISHED)
    client.force_login(coordinator)

    response = client.post(
        reverse("insight:theme-pin", args=[theme.pk]), {"insight": moved.pk, "theme": other.pk}
    )

    assert response.status_code == 302 and response["Location"] == other.get_absolute_url()
    assignment = ThemeAssignment.objects.get(place=place, insight=moved)
    assert assignment.theme == other and assignment.pinned
    other.refresh_from_db()
    assert other.size == 1


def test_a_theme_too_small_to_split_says_so(client, place, coordinator):
    small = Theme.objects.create(place=place, label="small", size=2)
    client.force_login(coordinator)

    response = client.post(reverse("insight:theme-split", args=[small.pk]))

    assert "A theme needs at least 4 comments to be split" in response.content.decode()
    assert not Theme.objects.filter(split_from=small).exists()


def test_the_places_coordinators_are_offered_to_find_themes_on_the_place_page(client, place, coordinator):
    client.force_login(coordinator)

    page = client.get(place.get_absolute_url()).content.decode()

    assert "No themes have been found" in page
    assert reverse("insight:theme-run-start", args=[place.code]) in page
