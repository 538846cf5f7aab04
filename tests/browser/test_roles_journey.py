"""Each role's way in, end to end in Chromium: a resident, a coordinator and a partner sign in and land
on what needs doing; signing in from a deep page comes back to it; a refused page says why; chart
tables fit a phone. axe checks every page on the way."""

import pytest

from ostrom.accounts import equality
from ostrom.places.models import AreaStatistic, Place
from tests.factories import PASSWORD, AreaStatisticFactory, EqualityAnswerFactory, PlaceFactory
from tests.world import build_world

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(transactional_db):
    world = build_world()
    # The collective's place, with a population to compare the subgroup's members against.
    birmingham = PlaceFactory(code="E08000025", name="Birmingham", kind=Place.Kind.PLACE, parent=world.ics)
    Place.objects.filter(pk__in=[world.ladywood.pk, world.perry_barr.pk]).update(parent=birmingham)
    for index, (group, _label) in enumerate(equality.ETHNIC_GROUP_CHOICES):
        AreaStatisticFactory(
            place=world.lsoa,
            measure=AreaStatistic.Measure.POPULATION_ETHNIC_GROUP,
            category=group,
            value=40 + index,
        )
    # Enough members of the subgroup for its breakdowns to be shown: 15 + 10, so the bars are 60% and 40%.
    for group, count in [("asian_pakistani", 15), ("black_caribbean", 10)]:
        for _ in range(count):
            answer = EqualityAnswerFactory(user__password=None, ethnic_group=group, lsoa=world.lsoa)
            world.subgroup.memberships.create(user=answer.user)
    return world


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _widest_bar(page) -> float:
    """The widest bar drawn, as a share of the table it is in."""
    return page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('.ostrom-bar')].map(
            bar => bar.getBoundingClientRect().width / bar.closest('table').getBoundingClientRect().width))"""
    )


def test_chart_tables_fit_a_phone_without_scrolling_sideways(visitor, world):
    partner = visitor()
    partner.page.set_viewport_size(PHONE)
    partner.sign_in(world.people["partner"].email, PASSWORD)

    page = partner.visit(f"/subgroups/{world.subgroup.slug}/")
    assert page.locator(".ostrom-chart-cell").count() > 0
    assert _fits_the_phone(page), page.evaluate("document.documentElement.scrollWidth")
    # On a phone each row's cells stack; the bars still show the shares (60% here), not slivers.
    assert _widest_bar(page) > 0.3
    # On a wider screen the chart is a column of its own, wide enough to compare the bars.
    page.set_viewport_size({"width": 1024, "height": 900})
    widest = (
        "Math.max(...[...document.querySelectorAll('.ostrom-bar')].map(b => b.getBoundingClientRect().width))"
    )
    assert page.evaluate(widest) > 80
    page.set_viewport_size(PHONE)

    page = partner.visit(world.lsoa.get_absolute_url())
    assert page.locator(".ostrom-chart-cell").count() > 0
    assert _fits_the_phone(page), page.evaluate("document.documentElement.scrollWidth")
