import pytest
from django.core.management import call_command

from ostrom.accounts.models import EqualityAnswer, User
from ostrom.conversations.models import OpinionMapResult
from ostrom.grants.models import Grant, Round
from ostrom.panels.models import Assembly
from ostrom.network.models import Meeting, Organisation, Subgroup
from ostrom.places.models import Place


@pytest.mark.django_db
def test_the_demo_tells_one_coherent_story_and_loads_twice_without_duplicates(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        Meeting.objects.count(),
        Place.objects.count(),
    )
    call_command("seed_demo", verbosity=0)

    assert (
        User.objects.count(),
        Organisation.objects.count(),
        Meeting.objects.count(),
        Place.objects.count(),
    ) == counts
    assert Organisation.objects.members().count() == 30
    assert EqualityAnswer.objects.consented().count() == 300
    assert sorted(Subgroup.objects.values_list("slug", flat=True)) == [
        "best-start-in-life",
        "building-trust",
        "communications",
        "diabetes-obesity-asthma",
        "primary-care-access",
    ]
    assert set(Place.objects.filter(kind="locality").values_list("name", flat=True)) == {
        "Ladywood",
        "Perry Barr",
    }
    assert (
        Place.objects.lsoas().filter(statistics__measure="imd_decile").count()
        == Place.objects.lsoas().count()
    )


@pytest.mark.django_db
def test_the_demo_refuses_to_load_on_a_live_site(settings):
    settings.DEBUG = False
    with pytest.raises(Exception, match="The demo is for local use"):
        call_command("seed_demo", verbosity=0)
