"""Counts on panel pages and in progress messages agree with their number: "1 was unsure", not "1 were"."""

import random

import pytest
from django.urls import reverse

from ostrom.core.models import Progress
from ostrom.panels import services
from ostrom.panels.models import Lottery, Volunteer
from tests.factories import CoordinatorFactory
from tests.panels.factories import AssemblyFactory, drawn_lottery, register_pool

ONE_EACH = [
    {"feature": "Sex", "value": "Female", "minimum": 1, "maximum": 1},
    {"feature": "Sex", "value": "Male", "minimum": 1, "maximum": 1},
]


@pytest.mark.django_db
def test_a_recommendation_with_one_vote_of_each_kind(client):
    assembly = AssemblyFactory()
    services.add_recommendation(
        coordinator=CoordinatorFactory(),
        assembly=assembly,
        title="Call-backs",
        text="Offer call-backs",
        support_for=1,
        support_against=1,
        support_unsure=1,
    )

    page = client.get(reverse("panels:recommendations", args=[assembly.slug])).content.decode()

    assert "1 member supported it, 1 opposed it and 1 was unsure" in page


@pytest.mark.django_db
def test_one_volunteer_and_one_repeat_registration(client):
    assembly = AssemblyFactory()
    register_pool(assembly, 1)
    register_pool(assembly, 1)  # the same email again: a repeat
    client.force_login(CoordinatorFactory())

    page = client.get(assembly.get_absolute_url()).content.decode()

    assert "1 volunteer has registered." in page
    assert "1 more registration repeated an earlier one" in page


@pytest.mark.django_db(transaction=True)
def test_one_member_one_seat_refilled_and_one_replacement(client, run_tasks):
    coordinator = CoordinatorFactory()
    lottery = drawn_lottery(
        size=2, volunteers=12, rng=random.Random(3), quotas=ONE_EACH, coordinator=coordinator
    )
    client.force_login(coordinator)
    Volunteer.objects.filter(pk=lottery.selected[0]).update(has_withdrawn=True)

    sessions = client.get(reverse("panels:sessions", args=[lottery.assembly.slug])).content.decode()
    client.post(
        reverse("panels:replace", args=[lottery.assembly.slug, lottery.pk]),
        {"dropouts": [lottery.selected[1]]},
    )
    run_tasks()
    refill = Lottery.objects.get(replaces=lottery)
    page = client.get(refill.get_absolute_url()).content.decode()

    assert "The panel has 1 member." in sessions
    assert "This draw refilled 1 seat of" in page
    assert Progress.objects.get(title__startswith="Refilling").title.startswith("Refilling 1 seat on")
    assert Progress.objects.get(title__startswith="Refilling").message == "1 replacement drawn"
