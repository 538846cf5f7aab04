import re

import pytest
from django.urls import reverse

from ostrom.accounts.models import User
from ostrom.accounts.selectors import DIMENSIONS, breakdown_people
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


def _person(**answers):
    """A resident with consented equality answers (no password, to keep the test quick)."""
    return EqualityAnswerFactory(user__password=None, **answers).user


@pytest.mark.django_db
def test_breakdown_by_deprivation_compares_people_with_the_population():
    birmingham, deprived, affluent = _area()
    for _ in range(14):
        _person(lsoa=deprived)
    for _ in range(8):
        _person(lsoa=affluent)

    breakdown = breakdown_people(User.objects.all(), by="imd_decile", places=[birmingham])
    rows = {row.label.split(" (")[0]: row for row in breakdown.rows}

    # People are rounded to 5 (14 shows as 10 or 15); the population is public and exact.
    assert rows["Decile 1"].cell.count in (10, 15) and rows["Decile 1"].population_share == pytest.approx(
        0.75
    )
    assert rows["Decile 9"].cell.count in (5, 10) and rows["Decile 9"].population_share == pytest.approx(0.25)
    assert breakdown.total_text in ("20", "25")
    assert rows["Decile 1"].cell.share == rows["Decile 1"].cell.count / int(breakdown.total_text)


@pytest.mark.django_db
def test_people_who_withdrew_consent_are_counted_as_not_answered():
    people = [_person(ethnic_group="black_african") for _ in range(7)]
    people += [_person(ethnic_group="asian_indian") for _ in range(9)]
    people += [_person(ethnic_group="white_irish") for _ in range(5)]
    answer = people[0].equality_answer
    answer.consent.withdrawn_at = answer.consent.given_at
    answer.consent.save()
    withdrawn = breakdown_people(User.objects.all(), by="ethnic_group")

    answer.delete()
    never_answered = breakdown_people(User.objects.all(), by="ethnic_group")

    assert withdrawn == never_answered


@pytest.mark.django_db
def test_the_same_people_always_get_the_same_figures_and_one_total():
    birmingham, deprived, _ = _area()
    for group, age in [("asian_indian", "25-34"), ("white_british", "45-54"), ("black_african", "75+")]:
        for _ in range(8):
            _person(ethnic_group=group, age_band=age, lsoa=deprived)
    people = User.objects.all()

    first = [breakdown_people(people, by=by, places=[birmingham]) for by in DIMENSIONS]
    again = [breakdown_people(people.order_by("-pk"), by=by, places=[birmingham]) for by in DIMENSIONS]

    assert first == again
    assert {breakdown.total_text for breakdown in first} in ({"20"}, {"25"})


@pytest.mark.django_db
def test_a_subgroup_breakdown_page_never_shows_a_count_under_5(client):
    birmingham, deprived, _ = _area()
    Place.objects.filter(pk=birmingham.pk).update(kind=Place.Kind.PLACE)
    subgroup = SubgroupFactory()
    for group, count in [("asian_indian", 12), ("white_irish", 2), ("black_caribbean", 4), ("other_arab", 1)]:
        for _ in range(count):
            subgroup.members.add(_person(ethnic_group=group, lsoa=deprived))
    for _ in range(6):
        subgroup.members.add(_person(ethnic_group="white_british", lsoa=deprived))
    client.force_login(CoordinatorFactory())

    page = client.get(reverse("network:subgroup-detail", args=[subgroup.slug])).content.decode()
    people_cells = re.findall(
        r'<td\s+class="nhsuk-table__cell nhsuk-table__cell--numeric"[^>]*>\s*'
        r'(?:<span class="nhsuk-table__heading"[^>]*>[^<]*</span>)?([^<%]*)</td>',
        page,
    )

    assert "fewer than 5" in page
    shown = [int(text.replace(",", "")) for text in people_cells if text.strip().replace(",", "").isdigit()]
    assert shown and all(number >= 5 and number % 5 == 0 for number in shown)
    assert "People (rounded to 5)" in page


@pytest.mark.django_db
def test_too_few_people_are_not_broken_down(client):
    subgroup = SubgroupFactory()
    for _ in range(19):
        subgroup.members.add(_person(ethnic_group="asian_indian"))
    client.force_login(CoordinatorFactory())

    page = client.get(reverse("network:subgroup-detail", args=[subgroup.slug])).content.decode()

    assert "Who this subgroup reaches" in page
    assert "Fewer than 20 people: too few to break down without identifying someone" in page
    assert "People (rounded to 5)" not in page
    assert breakdown_people(subgroup.members.all(), by="ethnic_group").rows == []


@pytest.mark.django_db
def test_residents_do_not_see_breakdowns(client):
    subgroup = SubgroupFactory()
    client.force_login(EqualityAnswerFactory().user)
    assert (
        "Who this subgroup reaches"
        not in client.get(reverse("network:subgroup-detail", args=[subgroup.slug])).content.decode()
    )
