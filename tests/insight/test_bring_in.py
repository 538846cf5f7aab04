"""Free text already in Ostrom comes into insight without retyping, keeping a link back, never published
on its own, and only once however often it is brought in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.conversations.models import Conversation, Participant, Statement
from ostrom.core import audit
from ostrom.events.models import Action, Event, Highlight, Topic
from ostrom.events.models import Participant as EventParticipant
from ostrom.insight.bringing_in import bring_in
from ostrom.insight.models import Insight
from ostrom.surveys.models import Answer, Question, Response, Section, Survey
from tests.factories import MeetingFactory, PlaceFactory, UserFactory
from tests.insight.factories import coordinator_of


@pytest.fixture
def ladywood():
    area = PlaceFactory(code="E-AREA", name="Birmingham", kind="ics")
    return PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality", parent=area)


def _text_everywhere(place, speaker):
    """One piece of free text in each part of Ostrom, plus some that must stay out."""
    conversation = Conversation.objects.create(question="What would help?", slug="help", place=place)
    author = Participant.objects.create(conversation=conversation, user=speaker)
    shown = Statement.objects.create(
        conversation=conversation, text="More evening GP slots", author=author, status="accepted"
    )
    Statement.objects.create(
        conversation=conversation, text="Rude words", status="rejected", rejection_reason="Rude"
    )
    seed = Statement.objects.create(
        conversation=conversation, text="Seed statement", status="accepted", is_seed=True
    )
    Statement.objects.create(conversation=conversation, text="Waiting for a moderator", author=author)

    now = timezone.now()
    survey = Survey.objects.create(
        title="Wellbeing survey",
        slug="wellbeing",
        place=place,
        status="sent",
        opens_at=now - timedelta(days=9),
        closes_at=now,
        sent_at=now - timedelta(days=9),
    )
    section = Section.objects.create(survey=survey, title="You", order=1)
    free_text = Question.objects.create(
        section=section, order=1, kind="text", text="What would help you most?"
    )
    number = Question.objects.create(section=section, order=2, kind="number", text="How many times?")
    submitted = Response.objects.create(survey=survey, user=speaker, submitted_at=timezone.now())
    answer = Answer.objects.create(response=submitted, question=free_text, value="A walking group near me")
    Answer.objects.create(response=submitted, question=number, value=3)
    unfinished = Response.objects.create(survey=survey, user=UserFactory())
    Answer.objects.create(response=unfinished, question=free_text, value="Not sent yet")

    day = timezone.now() - timedelta(days=3)
    event = Event.objects.create(
        title="What matters to me",
        slug="open-space",
        venue_name="Hall",
        place=place,
        starts_at=day,
        ends_at=day + timedelta(hours=4),
    )
    participant = EventParticipant.objects.create(event=event, user=speaker, name="Rae")
    topic = Topic.objects.create(event=event, title="Loneliness", proposer_name="Rae", leaning="ourselves")
    highlight = Highlight.objects.create(
        topic=topic, text="Lunch clubs keep people going", recorded_by=participant
    )
    action = Action.objects.create(event=event, topic=topic, text="Start a lunch club", kind="ourselves")

    meeting = MeetingFactory(place=place, minutes="We agreed to ask for a community bus.")
    MeetingFactory(place=place, minutes="")
    return {
        "conversations.seed": seed,
        "conversations.statement": shown,
        "surveys.answer": answer,
        "events.highlight": highlight,
        "events.action": action,
        "network.meeting": meeting,
    }


@pytest.mark.django_db
def test_each_kind_of_free_text_comes_in_once_with_a_link_back_and_unpublished(ladywood):
    speaker = UserFactory()
    origins = _text_everywhere(ladywood, speaker)
    coordinator = coordinator_of(ladywood)

    counts = bring_in(
        coordinator=coordinator, place=ladywood, sources=["conversations", "surveys", "events", "meetings"]
    )

    assert counts == {"conversations": 2, "surveys": 1, "events": 2, "meetings": 1}
    comments = {(c.origin_kind, c.origin_id): c for c in Insight.objects.all()}
    assert set(comments) == {
        (kind.replace(".seed", ".statement"), thing.pk) for kind, thing in origins.items()
    }
    for comment in comments.values():
        assert comment.kind == "comment" and comment.consent_to_use is True
        assert comment.publication == "not_published" and not comment.is_published
        assert comment.origin_url
    assert comments[("surveys.answer", origins["surveys.answer"].pk)].text == "A walking group near me"
    assert comments[("surveys.answer", origins["surveys.answer"].pk)].speaker == speaker
    assert comments[("events.highlight", origins["events.highlight"].pk)].speaker == speaker
    assert (
        comments[("network.meeting", origins["network.meeting"].pk)].origin_url
        == origins["network.meeting"].get_absolute_url()
    )
    assert not Insight.objects.published().exists()
    assert audit.entries().filter(additional_data__action="insight.brought_in").count() == 4


@pytest.mark.django_db
def test_bringing_in_again_changes_nothing(ladywood):
    _text_everywhere(ladywood, UserFactory())
    coordinator = coordinator_of(ladywood)
    bring_in(
        coordinator=coordinator, place=ladywood, sources=["conversations", "surveys", "events", "meetings"]
    )

    again = bring_in(
        coordinator=coordinator, place=ladywood, sources=["conversations", "surveys", "events", "meetings"]
    )

    assert again == {"conversations": 0, "surveys": 0, "events": 0, "meetings": 0}
    assert Insight.objects.count() == 6


@pytest.mark.django_db
def test_only_text_from_the_place_comes_in(ladywood):
    elsewhere = PlaceFactory(code="E-PERRYBARR", name="Perry Barr", kind="locality", parent=ladywood.parent)
    _text_everywhere(elsewhere, UserFactory())

    counts = bring_in(
        coordinator=coordinator_of(ladywood), place=ladywood, sources=["conversations", "events"]
    )

    assert counts == {"conversations": 0, "events": 0}


@pytest.mark.django_db(transaction=True)
def test_the_page_brings_comments_in_as_background_work_with_progress(client, ladywood, run_tasks):
    _text_everywhere(ladywood, UserFactory())
    client.force_login(coordinator_of(ladywood))

    response = client.post(
        reverse("insight:bring-in"), {"place": ladywood.pk, "sources": ["surveys", "meetings"]}
    )
    run_tasks()

    progress_page = client.get(response["Location"]).content.decode()
    assert "2 new comments brought in" in progress_page
    assert Insight.objects.filter(kind="comment").count() == 2


@pytest.mark.django_db
def test_a_coordinator_of_another_place_cannot_bring_its_comments_in(client, ladywood):
    elsewhere = PlaceFactory(code="E-PERRYBARR", name="Perry Barr", kind="locality", parent=ladywood.parent)
    client.force_login(coordinator_of(elsewhere))

    page = client.post(
        reverse("insight:bring-in"), {"place": ladywood.pk, "sources": ["surveys"]}
    ).content.decode()

    assert "Only a coordinator for this place" in page


@pytest.mark.django_db
def test_a_statement_written_in_urdu_comes_in_by_its_english_translation_so_it_can_join_a_theme(ladywood):
    from ostrom.conversations.translations import CONVERSATION, items
    from ostrom.translations import services as translation_services

    conversation = Conversation.objects.create(question="What would help?", slug="help", place=ladywood)
    urdu = Statement.objects.create(
        conversation=conversation, text="شام کو جی پی کے مزید اوقات", language="ur", status="accepted"
    )
    untranslated = Statement.objects.create(
        conversation=conversation, text="ہفتے کے آخر میں کلینک", language="ur", status="accepted"
    )
    coordinator = coordinator_of(ladywood)
    key = next(item.key for item in items(conversation) if item.instance == urdu)
    translation_services.save_translations(
        actor=coordinator,
        kind=CONVERSATION,
        document=conversation,
        language="en-gb",
        texts={key: "More evening GP slots"},
    )

    bring_in(coordinator=coordinator, place=ladywood, sources=["conversations"])

    texts = dict(Insight.objects.values_list("origin_id", "text"))
    assert texts == {urdu.pk: "More evening GP slots", untranslated.pk: "ہفتے کے آخر میں کلینک"}
