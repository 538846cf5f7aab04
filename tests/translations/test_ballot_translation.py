"""A ballot translated by a coordinator: a resident who chose Urdu votes on projects named in Urdu, and the
vote counts for the same projects."""

import pytest
from django.urls import reverse

from ostrom.grants.models import Ballot
from ostrom.grants.translations import ROUND, items
from ostrom.translations import services
from tests.factories import CoordinatorFactory, LsoaFactory, PlaceFactory, PostcodeFactory
from tests.grants.factories import ApplicationFactory, PriorityFactory, RoundFactory, VoterFactory

pytestmark = pytest.mark.django_db

URDU_FOOTBALL = "پیدل فٹ بال"
URDU_SUMMARY = "ہفتے میں ایک بار بڑی عمر کے لوگوں کے لیے فٹ بال"


@pytest.fixture
def ballot_round():
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    PostcodeFactory(postcode="B16 8AA", lsoa=LsoaFactory(parent=ladywood))
    funding_round = RoundFactory(in_phase="voting", ballot_type="approval")
    funding_round.fund.places_served.add(ladywood)
    football = ApplicationFactory(
        funding_round=funding_round,
        title="Walking football",
        summary="Football for older people",
        status="shortlisted",
    )
    ApplicationFactory(funding_round=funding_round, title="Cook and eat", status="shortlisted")
    ApplicationFactory(funding_round=funding_round, title="Not shortlisted", status="submitted")
    coordinator = CoordinatorFactory()
    texts = {}
    for item in items(funding_round):
        if item.instance == football and item.field == "title":
            texts[item.key] = URDU_FOOTBALL
        if item.instance == football and item.field == "summary":
            texts[item.key] = URDU_SUMMARY
    services.save_translations(
        actor=coordinator, kind=ROUND, document=funding_round, language="ur", texts=texts
    )
    return funding_round, football


def test_a_resident_who_chose_urdu_votes_on_the_translated_ballot_and_the_vote_counts(
    client, ballot_round, settings
):
    funding_round, football = ballot_round
    client.force_login(VoterFactory())
    client.post(reverse("accounts:language"), {"language": "ur", "next": "/"})
    url = reverse("grants:ballot", args=[funding_round.slug])

    html = client.get(url).content.decode()
    assert f'<span lang="ur" dir="rtl">{URDU_FOOTBALL}</span>' in html
    assert f'<span lang="ur" dir="rtl">{URDU_SUMMARY}</span>' in html
    assert "Cook and eat" in html  # not translated: shown as written
    assert "Walking football" not in html

    client.post(url, {f"project_{football.pk}": "on", "postcode": "B16 8AA", "is_old_enough": "on"})
    ballot = Ballot.objects.get()
    assert [choice.application for choice in ballot.choices.all()] == [football]


def test_only_what_is_on_the_ballot_is_offered_for_translation(ballot_round):
    funding_round, _ = ballot_round
    PriorityFactory(funding_round=funding_round, title="Older people")
    originals = [item.original for item in items(funding_round)]

    assert "Walking football" in originals and "Older people" in originals
    assert "Not shortlisted" not in originals


def test_the_translation_pages_list_the_round_and_save_as_typed(client, ballot_round):
    funding_round, football = ballot_round
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    work = client.get(reverse("translations:work")).content.decode()
    assert funding_round.name in work and "Urdu: 2 of" in work
    page = client.get(
        reverse("translations:translate", args=[ROUND.key, funding_round.pk, "ur"])
    ).content.decode()
    assert URDU_FOOTBALL in page and 'lang="ur" dir="rtl"' in page

    key = next(
        item.key for item in items(funding_round) if item.instance == football and item.field == "title"
    )
    too_long = "ف" * 241
    refused = client.post(
        reverse("translations:translate", args=[ROUND.key, funding_round.pk, "ur"]), {key: too_long}
    )
    assert refused.status_code == 200
    assert "240 characters or fewer" in refused.content.decode() and too_long in refused.content.decode()
