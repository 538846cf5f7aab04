"""The demo themes whatever insights exist, quickly, and a second run changes nothing."""

import pytest

from ostrom.demo import themes
from ostrom.insight.models import Theme, ThemeAssignment, ThemeRun
from tests.factories import PlaceFactory
from tests.insight.theme_factories import make_insights

pytestmark = pytest.mark.django_db


def test_the_demo_themes_the_areas_insights_once():
    birmingham = PlaceFactory(name="Birmingham")
    ladywood = PlaceFactory(name="Ladywood", parent=birmingham)
    make_insights(ladywood, per_topic=60)

    first = themes.load({"place": birmingham})
    counts = (ThemeRun.objects.count(), Theme.objects.count(), ThemeAssignment.objects.count())
    second = themes.load({"place": birmingham})

    assert {run.place for run in first} == {birmingham, ladywood}
    assert all(run.status == ThemeRun.Status.FINISHED for run in first)
    assert Theme.objects.for_place(ladywood).current().count() >= 2
    assert second == []
    assert (ThemeRun.objects.count(), Theme.objects.count(), ThemeAssignment.objects.count()) == counts
