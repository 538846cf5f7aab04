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


def test_a_resident_lands_on_what_is_open_to_them_and_goes_to_vote(visitor, world):
    resident = visitor()
    page = resident.visit("/")
    assert page.get_by_role("heading", name="Happening now").is_visible()
    assert page.get_by_role("link", name=f"Vote in {world.round.name}").is_visible()

    resident.sign_in(world.people["resident"].email, PASSWORD)

    assert page.url.endswith("/what-needs-doing/")
    assert page.get_by_role("heading", name="What needs doing").is_visible()
    assert page.get_by_role("heading", name="Open to you now").is_visible()
    assert "Voting is open until" in page.content()
    assert page.get_by_role("link", name="Mental health").is_visible()  # a subgroup they belong to
    page.get_by_role("link", name=f"Vote in {world.round.name}").click()
    resident.check_accessibility()
    assert page.url.endswith(f"/rounds/{world.round.slug}/vote/")


def test_a_coordinator_lands_on_what_waits_for_them(visitor, world):
    coordinator = visitor()
    coordinator.sign_in(world.people["coordinator_ladywood"].email, PASSWORD)
    page = coordinator.page

    assert page.get_by_role("heading", name="Waiting for you", exact=True).is_visible()
    assert page.get_by_role("link", name="1 statement to moderate").is_visible()
    page.get_by_role("link", name="1 organisation asking to join").click()
    coordinator.check_accessibility()
    assert "Ladywood Walking Group" in page.content()


def test_a_partner_lands_on_recommendations_and_reach(visitor, world):
    partner = visitor()
    partner.sign_in(world.people["partner"].email, PASSWORD)
    page = partner.page

    assert page.get_by_role("heading", name="Recommendations waiting for your response").is_visible()
    assert page.get_by_role("link", name="1. Text reminders").is_visible()
    page.get_by_role("link", name=f"Who voted in {world.round.name}").click()
    partner.check_accessibility()
    assert page.url.endswith(f"/rounds/{world.round.slug}/reach/")


def test_signing_in_from_a_deep_page_comes_back_to_it(visitor, world):
    resident = visitor()
    page = resident.visit(world.conversation.get_absolute_url())

    page.get_by_role("link", name="Sign in", exact=True).first.click()
    resident.check_accessibility()
    page.get_by_label("Email address").fill(world.people["resident"].email)
    page.get_by_label("Password").fill(PASSWORD)
    resident.click_and_check("Sign in")

    assert page.url.endswith(world.conversation.get_absolute_url())


def test_a_refused_page_says_why_and_offers_a_way_back(visitor, world):
    resident = visitor()
    resident.sign_in(world.people["resident"].email, PASSWORD)

    page = resident.visit("/organisations/approvals/")

    assert page.get_by_role("heading", name="You cannot do this").is_visible()
    assert "Only coordinators can see this page" in page.content()
    assert "Forbidden" not in page.content()
    page.get_by_role("link", name="Go to the Ostrom home page").click()
    resident.check_accessibility()
    assert page.get_by_role("heading", name="Happening now").is_visible()
