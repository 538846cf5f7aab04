"""Bodies, a devolved budget and the people who run them, for the money tests. Everything lies in
Ladywood; the Ladywood coordinator runs it, and a Perry Barr coordinator does not."""

from datetime import date
from decimal import Decimal

import pytest

from ostrom.accounts.models import Role
from ostrom.decisions.models import Body
from ostrom.impact.models import Programme
from ostrom.money import services
from tests.factories import PlaceFactory, UserFactory


@pytest.fixture
def ladywood():
    return PlaceFactory(name="Ladywood", kind="locality")


@pytest.fixture
def coordinator(ladywood):
    person = UserFactory(full_name="Lee Ladywood")
    Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, place=ladywood)
    return person


@pytest.fixture
def outsider():
    person = UserFactory(full_name="Perry Coordinator")
    Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, place=PlaceFactory(name="Perry Barr"))
    return person


def _body(name, slug, kind, place):
    body = Body.objects.create(name=name, slug=slug, kind=kind)
    body.places.set([place])
    return body


@pytest.fixture
def icb(ladywood):
    return _body("Birmingham and Solihull ICB", "bsol-icb", Body.Kind.ICB, ladywood)


@pytest.fixture
def pcn(ladywood):
    return _body("Ladywood PCN", "ladywood-pcn", Body.Kind.PCN, ladywood)


@pytest.fixture
def collective(ladywood):
    return _body("Ladywood Health Collective", "collective", Body.Kind.COLLECTIVE, ladywood)


@pytest.fixture
def budget(coordinator, pcn, collective):
    return services.devolve_budget(
        actor=coordinator,
        from_body=pcn,
        anchor=collective,
        amount=Decimal("250000"),
        devolved_on=date(2026, 4, 1),
        purpose="Community-led prevention in Ladywood",
    )


@pytest.fixture
def programme(ladywood):
    return Programme.objects.create(
        name="Social prescribing", slug="social-prescribing", kind="programme", place=ladywood
    )
