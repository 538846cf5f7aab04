"""Which places a person's roles of one kind reach: the rule every list scoped by role reads."""

import pytest

from ostrom.accounts.models import Role
from ostrom.places.models import Place
from tests.factories import PlaceFactory, UserFactory


def _tree():
    city = PlaceFactory(code="E08000025", name="Birmingham", kind=Place.Kind.PLACE)
    ward = PlaceFactory(code="E05011151", name="Ladywood", kind=Place.Kind.WARD, parent=city)
    lsoa = PlaceFactory(code="E01033620", name="Birmingham 050A", kind=Place.Kind.LSOA, parent=ward)
    other = PlaceFactory(code="E05011152", name="Perry Barr", kind=Place.Kind.WARD, parent=city)
    return city, ward, lsoa, other


@pytest.mark.django_db
def test_a_role_for_a_ward_reaches_the_ward_and_the_small_areas_inside_it_only():
    city, ward, lsoa, other = _tree()
    person = UserFactory()
    Role.objects.create(user=person, kind=Role.Kind.LINK_WORKER, place=ward)

    places = person.role_places(Role.Kind.LINK_WORKER)

    assert places == [ward]
    assert set(Place.objects.within_any(places)) == {ward, lsoa}
    assert person.role_places(Role.Kind.COORDINATOR) == []


@pytest.mark.django_db
def test_a_role_without_a_scope_reaches_everywhere_and_a_deactivated_person_nowhere():
    _tree()
    person = UserFactory()
    Role.objects.create(user=person, kind=Role.Kind.LINK_WORKER)
    assert person.role_places(Role.Kind.LINK_WORKER) is None

    person.is_active = False
    assert person.role_places(Role.Kind.LINK_WORKER) == []
