"""Search (PostgreSQL full-text search, or a plain match on SQLite) and filters, never showing
unpublished insight to someone who may not see it."""

import pytest
from django.db import connection
from django.urls import reverse

from ostrom.insight.models import Insight
from ostrom.insight.selectors import Filters, find_insight
from tests.factories import EqualityAnswerFactory, PlaceFactory, SubgroupFactory, UserFactory
from tests.insight.factories import InsightFactory, coordinator_of, partner_of


@pytest.fixture
def places():
    area = PlaceFactory(code="E-AREA", name="Birmingham", kind="ics")
    ladywood = PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality", parent=area)
    ward = PlaceFactory(code="E-SOHO", name="Soho and Jewellery Quarter", kind="ward", parent=ladywood)
    perry_barr = PlaceFactory(code="E-PERRYBARR", name="Perry Barr", kind="locality", parent=area)
    return ladywood, ward, perry_barr


@pytest.mark.django_db
def test_search_finds_words_in_the_text_and_title(places):
    ladywood, _, _ = places
    bus = InsightFactory(place=ladywood, title="Transport", text="The bus to the surgery stopped running")
    InsightFactory(place=ladywood, title="Food", text="The food bank closes early on Fridays")

    assert list(find_insight(None, Filters(query="surgery bus"))) == [bus]
    assert list(find_insight(None, Filters(query="transport"))) == [bus]
    assert list(find_insight(None, Filters(query="dentist"))) == []


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Stemming is PostgreSQL's full-text search")
@pytest.mark.django_db
def test_on_postgresql_search_matches_other_forms_of_a_word_and_ranks_titles_first(places):
    ladywood, _, _ = places
    in_text = InsightFactory(place=ladywood, title="A story", text="We walked to the park every morning")
    in_title = InsightFactory(place=ladywood, title="Walking groups", text="They help people meet")

    assert list(find_insight(None, Filters(query="walking"))) == [in_title, in_text]


@pytest.mark.django_db
def test_search_results_never_hold_unpublished_insight_for_those_who_may_not_see_it(places):
    ladywood, _, _ = places
    shown = InsightFactory(place=ladywood, text="Parking at the hospital costs too much")
    hidden = InsightFactory(place=ladywood, text="Parking is hard for carers", publication="not_published")

    for person in (None, UserFactory(), partner_of(ladywood)):
        assert list(find_insight(person, Filters(query="parking"))) == [shown]
    assert set(find_insight(coordinator_of(ladywood), Filters(query="parking"))) == {shown, hidden}


@pytest.mark.django_db
def test_filters_by_place_subgroup_source_kind_and_speakers_group(places):
    ladywood, ward, perry_barr = places
    carers = SubgroupFactory(name="Carers", slug="carers")
    in_ward = InsightFactory(place=ward, source="event", kind="quote", subgroup=carers)
    in_ladywood = InsightFactory(place=ladywood, source="survey", speaker_group="black_caribbean")
    speaker = EqualityAnswerFactory(ethnic_group="black_caribbean").user
    by_account = InsightFactory(place=perry_barr, source="survey", speaker=speaker)

    def found(user=None, **filters):
        return set(find_insight(user, Filters(**filters)))

    assert found(place=ladywood) == {in_ward, in_ladywood}
    assert found(place=ward) == {in_ward}
    assert found(subgroup=carers) == {in_ward}
    assert found(source="survey") == {in_ladywood, by_account}
    assert found(kind="quote") == {in_ward}
    # The group someone told us, for the coordinators of their place; an account holder's own equality
    # answers never pick out what they said; everyone else cannot filter by group at all.
    assert found(coordinator_of(ladywood), speaker_group="black_caribbean") == {in_ladywood}
    assert found(coordinator_of(ladywood), speaker_group="not_recorded") == {in_ward}
    assert found(coordinator_of(perry_barr), speaker_group="black_caribbean") == set()
    assert found(speaker_group="black_caribbean") == {in_ward, in_ladywood, by_account}
    assert found(partner_of(ladywood), speaker_group="black_caribbean") == {in_ward, in_ladywood, by_account}


@pytest.mark.django_db
def test_the_list_page_searches_and_filters_with_a_plain_get_form(client, places):
    ladywood, _, perry_barr = places
    InsightFactory(place=ladywood, text="Parking at the hospital costs too much")
    InsightFactory(place=perry_barr, text="Parking near the clinic is free")
    InsightFactory(place=ladywood, text="Lunch clubs help", publication="not_published")

    page = client.get(
        reverse("insight:insight-list"), {"q": "parking", "place": "E-LADYWOOD"}
    ).content.decode()

    assert '<form method="get"' in page and 'value="parking"' in page
    assert "1 insight found" in page
    assert "hospital costs" in page and "near the clinic" not in page


@pytest.mark.django_db
def test_a_filter_value_that_is_not_a_choice_shows_everything_published(client, places):
    ladywood, _, _ = places
    InsightFactory(place=ladywood)

    response = client.get(reverse("insight:insight-list"), {"place": "NOWHERE", "speaker_group": "x\x00"})

    assert response.status_code == 200 and "1 insight found" in response.content.decode()


@pytest.mark.django_db
def test_the_export_has_the_same_rule_and_no_live_formulas(client, places):
    ladywood, _, _ = places
    InsightFactory(place=ladywood, text='=HYPERLINK("http://example.com")')
    InsightFactory(place=ladywood, text="Never exported", publication="not_published")

    csv = client.get(reverse("insight:insight-export")).content.decode()

    assert "'=HYPERLINK" in csv and "Never exported" not in csv
    assert Insight.objects.count() == 2


@pytest.mark.django_db
def test_who_spoke_is_shown_only_as_protected_totals_to_those_who_see_reach(client, places):
    ladywood, _, _ = places
    for _ in range(3):
        InsightFactory(place=ladywood, speaker=EqualityAnswerFactory(ethnic_group="black_caribbean").user)

    url = reverse("insight:insight-list") + "?place=E-LADYWOOD"
    public = client.get(url).content.decode()
    client.force_login(partner_of(ladywood))
    partner = client.get(url).content.decode()

    assert "Who spoke" not in public
    assert "Who spoke, among people with an account" in partner
    # Three speakers are fewer than the minimum: no counts at all, only the suppression note.
    assert "too few to break down without identifying someone" in partner


@pytest.mark.django_db
def test_only_the_coordinators_who_record_insight_get_the_speakers_group_filter(client, places):
    ladywood, _, _ = places
    InsightFactory(place=ladywood, speaker_group="black_caribbean", text="The bus never comes")

    for person in (None, partner_of(ladywood), UserFactory()):
        if person is not None:
            client.force_login(person)
        page = client.get(reverse("insight:insight-list"), {"speaker_group": "asian_pakistani"})
        assert "Speaker's group" not in page.content.decode()
        assert "The bus never comes" in page.content.decode()  # the filter is not applied for them

    client.force_login(coordinator_of(ladywood))
    page = client.get(reverse("insight:insight-list"), {"speaker_group": "asian_pakistani"})
    assert "Speaker's group" in page.content.decode()
    assert "The bus never comes" not in page.content.decode()
