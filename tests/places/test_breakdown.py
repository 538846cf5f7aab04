import re

import pytest
from django.urls import reverse

from ostrom.accounts.models import User
from ostrom.accounts.selectors import breakdown_people
from ostrom.places.models import AreaStatistic, Place
from tests.factories import (
    AreaStatisticFactory,
    CoordinatorFactory,
    EqualityAnswerFactory,
    LsoaFactory,
    PlaceFactory,
    SubgroupFactory,
)


def _area():
    birmingham = PlaceFactory(code="E08000025", name="Birmingham")
    deprived = LsoaFactory(parent=birmingham)
    affluent = LsoaFactory(parent=birmingham)
    for lsoa, decile, population in [(deprived, 1, 3000), (affluent, 9, 1000)]:
        AreaStatisticFactory(place=lsoa, measure=AreaStatistic.Measure.IMD_DECILE, value=decile, year=2019)
        AreaStatisticFactory(place=lsoa, measure=AreaStatistic.Measure.POPULATION_TOTAL, value=population)
    return birmingham, deprived, affluent


@pytest.mark.django_db
def test_breakdown_by_deprivation_compares_people_with_the_population():
    birmingham, deprived, affluent = _area()
    for _ in range(12):
        EqualityAnswerFactory(lsoa=deprived)
    for _ in range(6):
        EqualityAnswerFactory(lsoa=affluent)

    breakdown = breakdown_people(User.objects.all(), by="imd_decile", place=birmingham)
    rows = {row.label.split(" (")[0]: row for row in breakdown.rows}

    assert rows["Decile 1"].cell.count == 12 and rows["Decile 1"].population_share == pytest.approx(0.75)
    assert rows["Decile 9"].cell.count == 6 and rows["Decile 9"].population_share == pytest.approx(0.25)
    assert breakdown.total_text == "18"


@pytest.mark.django_db
def test_people_who_withdrew_consent_are_not_counted_in_their_group():
    answers = [EqualityAnswerFactory(ethnic_group="black_african") for _ in range(7)]
    answers += [EqualityAnswerFactory(ethnic_group="asian_indian") for _ in range(9)]
    answers += [EqualityAnswerFactory(ethnic_group="white_irish") for _ in range(5)]
    answers[0].consent.withdrawn_at = answers[0].consent.given_at
    answers[0].consent.save()

    breakdown = breakdown_people(User.objects.all(), by="ethnic_group")
    rows = {row.label: row.cell.count for row in breakdown.rows}

    assert rows["Black, Black British, Black Welsh, Caribbean or African: African"] == 6
    assert rows["Asian, Asian British or Asian Welsh: Indian"] == 9
    # One person without counted answers is hidden, and so is the next smallest group (5), so
    # the hidden one cannot be worked out from the total.
    assert rows["Not answered"] is None and rows["White: Irish"] is None


@pytest.mark.django_db
def test_a_subgroup_breakdown_page_never_shows_a_count_under_5(client):
    birmingham, deprived, _ = _area()
    Place.objects.filter(pk=birmingham.pk).update(kind=Place.Kind.PLACE)
    subgroup = SubgroupFactory()
    for group, count in [("asian_indian", 7), ("white_irish", 2), ("black_caribbean", 4), ("other_arab", 1)]:
        for _ in range(count):
            subgroup.members.add(EqualityAnswerFactory(ethnic_group=group, lsoa=deprived).user)
    client.force_login(CoordinatorFactory())

    page = client.get(reverse("network:subgroup-detail", args=[subgroup.slug])).content.decode()
    people_cells = re.findall(r'<td class="nhsuk-table__cell nhsuk-table__cell--numeric">([^<%]*)</td>', page)

    assert "fewer than 5" in page
    shown = [int(text.replace(",", "")) for text in people_cells if text.strip().replace(",", "").isdigit()]
    assert shown and all(number == 0 or number >= 5 for number in shown)
    assert 7 in shown


@pytest.mark.django_db
def test_residents_do_not_see_breakdowns(client):
    subgroup = SubgroupFactory()
    client.force_login(EqualityAnswerFactory().user)
    assert (
        "Who this subgroup reaches"
        not in client.get(reverse("network:subgroup-detail", args=[subgroup.slug])).content.decode()
    )
