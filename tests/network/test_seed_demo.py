import pytest
from django.core.management import call_command

from ostrom.accounts.models import EqualityAnswer, User
from ostrom.conversations.models import OpinionMapResult
from ostrom.decisions.models import InputLink
from ostrom.decisions.selectors import participation_behind
from ostrom.grants.models import Grant, Round
from ostrom.network.models import Meeting, Organisation, Subgroup
from ostrom.panels.models import Assembly
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

    flourish = Round.objects.get(name="Flourish Small Grants 2025")
    assert flourish.phase == "published" and flourish.budget == 60000
    assert flourish.applications.count() == 18 and flourish.panel.seats.count() == 9
    assert flourish.panel.seats.filter(has_lived_experience=True).count() / 9 >= 0.4
    assert flourish.ballots.counted().count() == 600
    assert flourish.result.rule.startswith("equal-shares") and flourish.result.cost <= 60000
    assert Grant.objects.count() == len(flourish.result.selected) > 0

    gp_access = OpinionMapResult.objects.get(conversation__question__startswith="What would make it easier")
    assert gp_access.participant_count == 800 and len(set(gp_access.groups.values())) == 3
    assert gp_access.conversation.statements.shown().count() == 40 and gp_access.consensus["agree"]

    waiting_lists = Assembly.objects.get(question__startswith="How can we shorten waiting lists")
    lottery = waiting_lists.lotteries.get(is_current=True)
    assert waiting_lists.letters.count() == 6000 and waiting_lists.volunteers.count() == 450
    assert len(lottery.selected) == 30 and lottery.min_probability > 0
    assert waiting_lists.sessions.count() == 4
    assert waiting_lists.recommendations.filter(response__isnull=False).count() == 12

    # Meetings: some people have signed up for the upcoming ones; one is online, with a secure link.
    upcoming = Meeting.objects.upcoming()
    assert upcoming.exists() and all(m.attendances.signed_up().exists() for m in upcoming)
    assert not any(m.attendances.came().exists() for m in upcoming)
    assert upcoming.filter(online_url__startswith="https://").exists()
    assert all(m.attendances.came().exists() for m in Meeting.objects.past())

    # What the Open Space and the community panel survey said is cited by decisions, for reach too.
    cited = {
        link.kind: link for link in InputLink.objects.filter(kind__in=["events.action", "surveys.result"])
    }
    assert InputLink.objects.filter(kind="events.action").count() == 2
    assert InputLink.objects.filter(kind="surveys.result").count() == 1
    assert "metric score" in cited["surveys.result"].quote
    assert participation_behind(InputLink.objects.filter(kind="events.action")).user_ids


@pytest.mark.django_db
def test_the_demo_refuses_to_load_on_a_live_site(settings):
    settings.DEBUG = False
    with pytest.raises(Exception, match="The demo is for local use"):
        call_command("seed_demo", verbosity=0)
