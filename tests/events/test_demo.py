import pytest
from django.core.management import call_command

from ostrom.events.models import Action, Event
from ostrom.events.presenters import report


@pytest.mark.django_db
def test_the_demo_open_space_has_its_wall_actions_and_report_and_loads_twice_without_duplicates(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    event = Event.objects.get()
    assert event.participants.checked_in().count() == 60
    assert event.topics.count() == 14 and (event.spaces.count(), event.slots.count()) == (3, 5)
    assert not event.topics.filter(space=None).exists()
    assert Action.objects.count() == 40
    assert set(Action.objects.values_list("kind", flat=True)) == {"ourselves", "together", "for_us"}
    assert Action.objects.filter(status="done").count() >= 3
    assert event.impressions.exists() and event.report_is_published
    # Who came: enough residents with consented answers to break down.
    assert all(not b.too_few_text for b in report(event, with_reach=True).breakdowns)
