"""A coordinator replaces people who dropped out from the public lottery page: they tick who left, the
replacements are drawn in the background, and the new draw is the panel. Nobody else sees names."""

import random

import pytest
from django.urls import reverse

from ostrom.core.models import Progress
from ostrom.panels.models import Lottery, Volunteer
from tests.factories import CoordinatorFactory, UserFactory
from tests.panels.factories import drawn_lottery

HALF_AND_HALF = [
    {"feature": "Sex", "value": "Female", "minimum": 5, "maximum": 5},
    {"feature": "Sex", "value": "Male", "minimum": 5, "maximum": 5},
]


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_ticks_who_dropped_out_and_replacements_are_drawn(client, run_tasks):
    coordinator = CoordinatorFactory()
    first = drawn_lottery(
        size=10, volunteers=60, rng=random.Random(9), quotas=HALF_AND_HALF, coordinator=coordinator
    )
    names = dict(Volunteer.objects.filter(pk__in=first.selected).values_list("pk", "full_name"))
    leaving = [str(pk) for pk in sorted(names)[:2]]
    client.force_login(coordinator)

    page = client.get(first.get_absolute_url()).content.decode()
    assert "Replace people who dropped out" in page
    assert all(name in page for name in names.values())
    assert page.count('name="dropouts"') == 10

    response = client.post(
        reverse("panels:replace", args=[first.assembly.slug, first.pk]),
        {"dropouts": leaving, "seed": "again"},
    )
    progress = Progress.objects.get(title__startswith="Refilling")
    assert response.status_code == 302 and response.url == progress.get_absolute_url()
    run_tasks()

    progress.refresh_from_db()
    refill = Lottery.objects.get(replaces=first)
    assert progress.status == "finished" and progress.result_url == refill.get_absolute_url()
    assert refill.is_current and refill.seed == "again" and not set(leaving) & set(refill.selected)
    refilled = client.get(refill.get_absolute_url()).content.decode()
    assert "This draw refilled 2 seats" in refilled
    # The earlier draw is no longer the panel: nothing to replace there.
    assert "Replace people who dropped out" not in client.get(first.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_replacing_nobody_says_so_on_the_field_and_keeps_the_seed(client):
    coordinator = CoordinatorFactory()
    lottery = drawn_lottery(size=10, volunteers=40, quotas=HALF_AND_HALF, coordinator=coordinator)
    client.force_login(coordinator)

    response = client.post(
        reverse("panels:replace", args=[lottery.assembly.slug, lottery.pk]), {"seed": "typed seed"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_dropouts"' in page and "Select the people who dropped out" in page
    assert 'value="typed seed"' in page
    assert not Progress.objects.filter(title__startswith="Refilling").exists()


@pytest.mark.django_db
def test_only_the_assemblys_coordinators_see_names_and_the_replacement_form(client):
    lottery = drawn_lottery(size=10, volunteers=40, quotas=HALF_AND_HALF)
    member = Volunteer.objects.get(pk=lottery.selected[0])

    public = client.get(lottery.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    resident = client.get(lottery.get_absolute_url()).content.decode()

    for page in (public, resident):
        assert "Replace people who dropped out" not in page and member.full_name not in page
