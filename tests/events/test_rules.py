"""The Open Space rules from the issue, through the services: clashes on the wall, actions without a
kind, who may do what, and the check-in secret."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ostrom.accounts import permissions
from ostrom.accounts.models import Role
from ostrom.events import services
from ostrom.events.models import Action, ActionKind, Going, Participant, Topic
from tests.events.factories import open_space
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def propose(os, participant, title, leaning=ActionKind.TOGETHER):
    return services.propose_topic(
        event=os.event, participant=participant, title=title, proposer_name=participant.name, leaning=leaning
    )


def test_a_topic_placed_where_another_is_refused_with_the_clash_named():
    os = open_space()
    amira = os.check_in("Amira")
    first = propose(os, amira, "Transport to appointments")
    second = propose(os, amira, "Loneliness after bereavement")
    services.place_topic(by=os.facilitator, topic=first, space=os.space("Room 2"), slot=os.slot("11:00"))

    with pytest.raises(services.Clash) as clash:
        services.place_topic(by=os.facilitator, topic=second, space=os.space("Room 2"), slot=os.slot("11:00"))

    assert clash.value.messages == ["Room 2 at 11:00 already has “Transport to appointments”"]
    second.refresh_from_db()
    assert second.space is None and second.slot is None


def test_the_database_refuses_two_topics_in_one_place_even_when_the_check_is_skipped():
    os = open_space()
    amira = os.check_in("Amira")
    first, second = propose(os, amira, "Transport"), propose(os, amira, "Food banks")
    place = {"space": os.space("Main hall"), "slot": os.slot("12:00")}
    Topic.objects.filter(pk=first.pk).update(**place)
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.filter(pk=second.pk).update(**place)


def test_a_topic_moves_and_comes_off_the_wall_and_its_old_place_is_free_again():
    os = open_space()
    amira = os.check_in("Amira")
    first, second = propose(os, amira, "Transport"), propose(os, amira, "Food banks")
    services.place_topic(by=os.coordinator, topic=first, space=os.space("Main hall"), slot=os.slot("11:00"))
    services.place_topic(by=os.coordinator, topic=first, space=os.space("Room 2"), slot=os.slot("11:00"))
    services.place_topic(by=os.coordinator, topic=second, space=os.space("Main hall"), slot=os.slot("11:00"))
    services.place_topic(by=os.coordinator, topic=first, space=None, slot=None)
    first.refresh_from_db()
    assert not first.is_placed


def test_only_the_facilitator_and_coordinators_of_the_place_put_topics_on_the_wall():
    os = open_space()
    amira_user = UserFactory()
    amira = os.check_in("Amira", user=amira_user)
    topic = propose(os, amira, "Transport")
    elsewhere = UserFactory()
    Role.objects.create(user=elsewhere, kind=Role.Kind.COORDINATOR, place=PlaceFactory(code="E-PERRYBARR"))
    for person in (amira_user, elsewhere):
        with pytest.raises(permissions.NotAllowed):
            services.place_topic(by=person, topic=topic, space=os.space("Main hall"), slot=os.slot("11:00"))


def test_an_action_without_a_kind_is_refused_and_nothing_is_stored():
    os = open_space()
    amira = os.check_in("Amira")
    topic = propose(os, amira, "Transport")
    for kind in ("", None, "whatever"):
        with pytest.raises(ValidationError) as problem:
            services.record_action(
                event=os.event, topic=topic, participant=amira, text="Ask for a community bus", kind=kind
            )
        assert problem.value.message_dict == {"kind": [services.CHOOSE_KIND]}
    assert not Action.objects.exists()


def test_an_action_of_each_kind_is_kept_with_its_owner():
    os = open_space()
    amira = os.check_in("Amira")
    topic = propose(os, amira, "Transport")
    for kind in ActionKind.values:
        services.record_action(
            event=os.event, topic=topic, participant=amira, text=f"Action {kind}", kind=kind, owner="Amira"
        )
    assert sorted(topic.actions.values_list("kind", flat=True)) == sorted(ActionKind.values)


def test_someone_not_checked_in_cannot_propose_topics_or_record_actions():
    os = open_space()
    signed_up = services.sign_up(event=os.event, key="at-home", name="Sam")
    with pytest.raises(permissions.NotAllowed):
        propose(os, signed_up, "Stuffed from home")
    with pytest.raises(permissions.NotAllowed):
        services.propose_topic(
            event=os.event, participant=None, title="No one", proposer_name="X", leaning=ActionKind.OURSELVES
        )
    assert not Topic.objects.exists()


def test_checking_in_needs_the_events_secret():
    os = open_space()
    for token in ("", "guess", os.event.check_in_token[:-1], None):
        with pytest.raises(permissions.NotAllowed):
            services.check_in(event=os.event, token=token, key="k", name="Mallory")
    assert not Participant.objects.exists()


def test_a_new_check_in_link_stops_the_old_one_and_keeps_people_checked_in():
    os = open_space()
    amira = os.check_in("Amira")
    old = os.event.check_in_token
    services.renew_check_in_link(by=os.coordinator, event=os.event)
    with pytest.raises(permissions.NotAllowed):
        services.check_in(event=os.event, token=old, key="k", name="Mallory")
    amira.refresh_from_db()
    assert amira.is_checked_in
    with pytest.raises(permissions.NotAllowed):
        services.renew_check_in_link(by=os.facilitator, event=os.event)


def test_checking_in_twice_from_one_browser_or_account_is_one_participant():
    os = open_space()
    os.check_in("Amira", key="browser-1")
    os.check_in("Amira B", key="browser-1")
    user = UserFactory(full_name="Bilal Khan")
    os.check_in("", user=user)
    os.check_in("", user=user)
    assert sorted(os.event.participants.values_list("name", flat=True)) == ["Amira B", "Bilal"]


def test_a_coordinator_ticks_in_someone_who_signed_up_and_adds_a_walk_in():
    os = open_space()
    sam = services.sign_up(
        event=os.event, key="k", name="Sam", access_needs="Wheelchair user", interpreting="Urdu"
    )
    services.tick_in(by=os.coordinator, participant=sam)
    services.add_walk_in(by=os.coordinator, event=os.event, name="Pat")
    assert os.event.participants.checked_in().count() == 2
    with pytest.raises(permissions.NotAllowed):
        services.add_walk_in(by=UserFactory(), event=os.event, name="Pat")


def test_sign_up_stops_at_capacity():
    os = open_space(capacity=1)
    services.sign_up(event=os.event, key="a", name="A")
    with pytest.raises(ValidationError, match="full"):
        services.sign_up(event=os.event, key="b", name="B")
    services.sign_up(event=os.event, key="a", name="A again")  # changing your details is fine


def test_going_to_a_session_twice_is_once_and_can_be_undone():
    os = open_space()
    amira = os.check_in("Amira")
    topic = propose(os, amira, "Transport")
    services.mark_going(participant=amira, topic=topic)
    services.mark_going(participant=amira, topic=topic)
    assert Going.objects.count() == 1
    services.mark_going(participant=amira, topic=topic, going=False)
    assert Going.objects.count() == 0


def test_actions_are_tracked_to_done_with_dated_updates_by_the_coordinators():
    os = open_space()
    amira = os.check_in("Amira")
    action = services.record_action(
        event=os.event, participant=amira, text="Map the bus routes", kind=ActionKind.OURSELVES
    )
    services.update_action(by=os.coordinator, action=action, text="Started", status="under_way")
    services.update_action(by=os.coordinator, action=action, text="Map printed", status="done")
    action.refresh_from_db()
    assert action.status == "done" and action.done_on is not None
    assert [u.text for u in action.updates.all()] == ["Started", "Map printed"]
    with pytest.raises(permissions.NotAllowed):
        services.update_action(by=UserFactory(), action=action, text="x", status="done")


def test_the_report_is_for_the_runners_until_published():
    os = open_space()
    stranger = UserFactory()
    assert not permissions.can_see_event_report(stranger, os.event)
    assert permissions.can_see_event_report(os.facilitator, os.event)
    services.publish_report(by=os.coordinator, event=os.event)
    assert permissions.can_see_event_report(None, os.event)


def test_a_topic_proposed_twice_is_refused_naming_it():
    os = open_space()
    amira = os.check_in("Amira")
    propose(os, amira, "Transport")
    with pytest.raises(ValidationError, match="already a topic"):
        propose(os, amira, "transport")
