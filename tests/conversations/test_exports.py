"""What the Polis-format exports publish: anyone gets shown statements and the votes on them; the
conversation's moderators get everything, with the reasons statements are not shown."""

import csv
import io

import pytest
from django.urls import reverse

from ostrom.conversations import services
from ostrom.conversations.models import Statement
from tests.conversations.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)
from tests.factories import CoordinatorFactory, UserFactory

REJECTED = "Dr Ahmed at the Ladywood practice is rude, call him on 07700 900123"
WAITING = "Evening clinics twice a week at the health centre"


@pytest.fixture
def conversation():
    conversation = ConversationFactory()
    shown = StatementFactory(conversation=conversation, text="Practices need interpreters on site")
    rejected = StatementFactory(conversation=conversation, text=REJECTED, status=Statement.Status.WAITING)
    StatementFactory(conversation=conversation, text=WAITING, status=Statement.Status.WAITING)
    voter = ParticipantFactory(conversation=conversation)
    VoteFactory(statement=shown, participant=voter, value=1)
    VoteFactory(statement=rejected, participant=voter, value=-1)
    services.moderate_statement(
        moderator=CoordinatorFactory(), statement=rejected, decision="reject", reason="Names a person"
    )
    return conversation


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_anyone_downloads_only_shown_statements_and_the_votes_on_them(client, conversation):
    comments = client.get(reverse("conversations:polis-export", args=[conversation.slug, "comments"]))
    votes = client.get(reverse("conversations:polis-export", args=[conversation.slug, "votes"]))

    text = comments.content.decode()
    assert comments.status_code == 200 and "Practices need interpreters on site" in text
    assert "07700 900123" not in text and WAITING not in text and "Names a person" not in text
    shown = conversation.statements.get(text="Practices need interpreters on site")
    assert [row["comment-id"] for row in _rows(votes)] == [str(shown.pk)]
    assert [row["comment-id"] for row in _rows(comments)] == [str(shown.pk)]


@pytest.mark.django_db
def test_the_full_export_is_for_the_conversations_moderators_with_every_status_and_reason(
    client, conversation
):
    client.force_login(CoordinatorFactory())

    comments = _rows(
        client.get(reverse("conversations:polis-full-export", args=[conversation.slug, "comments"]))
    )
    votes = _rows(client.get(reverse("conversations:polis-full-export", args=[conversation.slug, "votes"])))

    by_text = {row["comment-body"]: row for row in comments}
    assert set(by_text) == {"Practices need interpreters on site", REJECTED, WAITING}
    assert (
        by_text[REJECTED]["moderated"] == "-1" and by_text[REJECTED]["moderation-reason"] == "Names a person"
    )
    assert by_text[WAITING]["status"] == "Waiting for review"
    assert len(votes) == 2


@pytest.mark.django_db
def test_a_resident_is_refused_the_full_export(client, conversation):
    client.force_login(UserFactory())
    for part in ("comments", "votes"):
        response = client.get(reverse("conversations:polis-full-export", args=[conversation.slug, part]))
        assert response.status_code == 403 and "07700" not in response.content.decode()
    anonymous = client.__class__().get(
        reverse("conversations:polis-full-export", args=[conversation.slug, "votes"])
    )
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous.url


@pytest.mark.django_db
def test_pages_and_api_show_only_shown_statements(client, conversation):
    listed = client.get(f"/api/conversations/{conversation.slug}/statements").json()
    page = client.get(conversation.get_absolute_url()).content.decode()

    assert [item["text"] for item in listed] == ["Practices need interpreters on site"]
    assert REJECTED not in page and WAITING not in page


@pytest.mark.django_db
def test_an_export_part_that_does_not_exist_is_not_found(client, conversation):
    assert client.get(f"/conversations/{conversation.slug}/export/participants.csv").status_code == 404


@pytest.mark.django_db
def test_a_statement_written_as_a_formula_is_exported_as_text(client):
    conversation = ConversationFactory()
    StatementFactory(conversation=conversation, text='=HYPERLINK("http://x","y")')

    exported = _rows(client.get(reverse("conversations:polis-export", args=[conversation.slug, "comments"])))

    assert exported[0]["comment-body"] == '\'=HYPERLINK("http://x","y")'
