"""The demo panel's dates follow its own story, not the day the demo was loaded: letters go out before
registration opens, volunteers register while it is open, the lottery is drawn after it closes and before
the first session, and the formal response comes after the last session."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from ostrom.accounts.models import Role
from ostrom.demo import panels as demo_panels
from ostrom.panels.models import Assembly, Lottery
from tests.factories import (
    AreaStatisticFactory,
    CoordinatorFactory,
    LsoaFactory,
    PlaceFactory,
    PostcodeFactory,
    UserFactory,
)


def _geography():
    place = PlaceFactory(code="DEMO-B", name="Birmingham", kind="place")
    postcodes = {}
    for n, decile in enumerate([1, 3, 5, 7, 9]):
        lsoa = LsoaFactory(parent=place)
        AreaStatisticFactory(place=lsoa, measure="imd_decile", value=decile, year=2019)
        AreaStatisticFactory(place=lsoa, measure="population_total", value=1000)
        for code, people in [("white_british", 600), ("asian_pakistani", 300), ("black_caribbean", 100)]:
            AreaStatisticFactory(place=lsoa, measure="population_ethnic_group", category=code, value=people)
        postcodes[f"B{n + 1} 1AA"] = PostcodeFactory(postcode=f"B{n + 1} 1AA", lsoa=lsoa).lsoa
    return {"place": place, "postcodes": postcodes}


@pytest.mark.django_db
def test_the_demo_lottery_was_drawn_between_registration_and_the_first_session(client):
    partner = UserFactory()
    Role.objects.create(user=partner, kind=Role.Kind.PARTNER)
    people = {"staff": {"coordinator": CoordinatorFactory(), "partner": partner}}
    demo_panels.load(random.Random(2026), _geography(), people)

    assembly = Assembly.objects.get(question=demo_panels.QUESTION)
    lottery = Lottery.objects.get(assembly=assembly, is_current=True)
    drawn_on = timezone.localtime(lottery.drawn_at).date()
    first_session = assembly.sessions.order_by("starts_at").first()
    volunteers = assembly.volunteers.all()
    letters_sent = {timezone.localtime(letter.created_at).date() for letter in assembly.letters.all()}

    assert assembly.registration_opens_on is not None
    assert max(letters_sent) < assembly.registration_opens_on
    assert all(
        assembly.registration_opens_on <= timezone.localtime(when).date() <= assembly.registration_closes_on
        for when in volunteers.values_list("registered_at", flat=True)
    )
    assert all(v.consented_at == v.registered_at for v in volunteers)
    assert assembly.registration_closes_on < drawn_on < first_session.starts_at.date()
    assert drawn_on < timezone.localdate() - timedelta(days=30)
    for recommendation in assembly.recommendations.select_related("response"):
        responded_on = timezone.localtime(recommendation.response.responded_at).date()
        assert assembly.last_session_on < responded_on <= timezone.localdate()
        if recommendation.response.action_due_on:
            assert recommendation.response.action_due_on > responded_on

    page = client.get(lottery.get_absolute_url()).content.decode()
    assert f"chosen by a fair lottery on {date_format(drawn_on, 'j F Y')}" in page
    assert date_format(timezone.localdate(), "j F Y") not in page.split("Check the draw")[0]
