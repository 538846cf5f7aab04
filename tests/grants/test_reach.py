"""Reach compares who took part with the population of every place the fund serves, summed, and is
reachable from the round and fund pages for exactly the people who may see it."""

import pytest
from django.urls import reverse

from ostrom.accounts.models import Role, User
from ostrom.accounts.selectors import breakdown_people
from ostrom.places.models import AreaStatistic
from tests.factories import (
    AreaStatisticFactory,
    CoordinatorFactory,
    EqualityAnswerFactory,
    LsoaFactory,
    PlaceFactory,
    UserFactory,
)
from tests.grants.factories import ApplicationFactory, RoundFactory

ETHNIC = AreaStatistic.Measure.POPULATION_ETHNIC_GROUP


def _two_localities():
    """Ladywood: 1,000 people, all Indian. Perry Barr: 3,000 people, all Pakistani."""
    ladywood = PlaceFactory(code="DEMO-L1", name="Ladywood", kind="locality")
    perry_barr = PlaceFactory(code="DEMO-L2", name="Perry Barr", kind="locality")
    for locality, group, people in [(ladywood, "asian_indian", 1000), (perry_barr, "asian_pakistani", 3000)]:
        lsoa = LsoaFactory(parent=locality)
        AreaStatisticFactory(place=lsoa, measure=ETHNIC, category=group, value=people)
    return ladywood, perry_barr


def _shares(breakdown):
    return {row.label: row.population_share for row in breakdown.rows}


@pytest.mark.django_db
def test_the_population_of_all_the_places_is_summed_before_the_shares_are_worked_out():
    ladywood, perry_barr = _two_localities()
    for _ in range(20):
        EqualityAnswerFactory(user__password=None, ethnic_group="asian_indian")

    breakdown = breakdown_people(User.objects.all(), by="ethnic_group", places=[perry_barr, ladywood])

    assert breakdown.place_name == "Ladywood and Perry Barr"
    assert _shares(breakdown)["Asian, Asian British or Asian Welsh: Indian"] == pytest.approx(0.25)
    assert _shares(breakdown)["Asian, Asian British or Asian Welsh: Pakistani"] == pytest.approx(0.75)


@pytest.mark.django_db
def test_a_place_inside_another_is_not_counted_twice():
    ladywood, perry_barr = _two_localities()
    ward = PlaceFactory(code="DEMO-W1", name="Lozells", kind="ward", parent=perry_barr)
    AreaStatisticFactory(
        place=LsoaFactory(parent=ward), measure=ETHNIC, category="asian_pakistani", value=1000
    )
    for _ in range(20):
        EqualityAnswerFactory(user__password=None)

    breakdown = breakdown_people(User.objects.all(), by="ethnic_group", places=[ladywood, perry_barr, ward])

    assert breakdown.place_name == "Ladywood and Perry Barr"
    assert _shares(breakdown)["Asian, Asian British or Asian Welsh: Indian"] == pytest.approx(0.2)


@pytest.mark.django_db
def test_the_reach_page_compares_with_every_place_the_fund_serves(client):
    ladywood, perry_barr = _two_localities()
    funding_round = RoundFactory(in_phase="decision")
    funding_round.fund.places_served.set([ladywood, perry_barr])
    for _ in range(20):
        ApplicationFactory(funding_round=funding_round, applicant=EqualityAnswerFactory().user)
    partner = UserFactory()
    Role.objects.create(user=partner, kind=Role.Kind.PARTNER)
    client.force_login(partner)

    page = client.get(reverse("grants:reach", args=[funding_round.slug])).content.decode()

    assert "compared with Ladywood and Perry Barr's population" in page
    assert "Ladywood's population" not in page


@pytest.mark.django_db
def test_the_round_and_fund_pages_link_to_reach_for_exactly_the_roles_who_may_see_it(client):
    ladywood, perry_barr = _two_localities()
    funding_round = RoundFactory(in_phase="decision")
    funding_round.fund.places_served.set([ladywood, perry_barr])
    reach = reverse("grants:reach", args=[funding_round.slug])
    partner, coordinator = UserFactory(), CoordinatorFactory()
    Role.objects.create(user=partner, kind=Role.Kind.PARTNER)

    for person, may_see in [(partner, True), (coordinator, True), (UserFactory(), False), (None, False)]:
        if person is None:
            client.logout()
        else:
            client.force_login(person)
        for page in (funding_round.get_absolute_url(), funding_round.fund.get_absolute_url()):
            assert (reach in client.get(page).content.decode()) is may_see, (person, page)
        assert (client.get(reach).status_code == 200) is may_see
