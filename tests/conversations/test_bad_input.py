"""Bad input gets a plain message and a 4xx, never a 500, and stores nothing: on every conversations form
and API operation, with oversized text, text containing NUL and values of the wrong type. Run on
PostgreSQL too, where an overlong or NUL string would otherwise be a DataError."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ostrom.accounts import services as account_services
from ostrom.conversations.models import Conversation, Participant, Statement, Vote
from tests.conversations.factories import ConversationFactory, StatementFactory
from tests.factories import CoordinatorFactory, UserFactory

COMMENTS_HEADER = b"timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
VOTES_HEADER = b"timestamp,datetime,comment-id,voter-id,vote\n"
GOOD_COMMENTS = COMMENTS_HEADER + b"1,x,0,1,0,0,1,Hello there everyone\n"
GOOD_VOTES = VOTES_HEADER + b"1,x,0,5,1\n"
HUGE = 10**30


@pytest.fixture
def statement():
    return StatementFactory(conversation=ConversationFactory(), text="Practices need interpreters on site")


def _new_conversation(client, **changes):
    client.force_login(CoordinatorFactory())
    data = {
        "question": "What would help you see a GP?",
        "description": "",
        "moderation": "review_first",
        "seed_statements": "Practices need interpreters on site",
        "allows_anonymous": "on",
        **changes,
    }
    return client.post(reverse("conversations:conversation-create"), data)


@pytest.mark.django_db
def test_a_closing_time_skipped_when_the_clocks_go_forward_is_refused_and_the_form_kept(client):
    response = _new_conversation(client, closes_at="2027-03-28 01:30", question="Spring closing")

    page = response.content.decode()
    assert response.status_code == 400 and "so 01:30 does not happen" in page
    assert "Spring closing" in page and "2027-03-28 01:30" in page
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_a_closing_date_in_the_past_is_refused_with_a_message(client):
    yesterday = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")

    response = _new_conversation(client, closes_at=yesterday, question="Past closing")

    page = response.content.decode()
    assert response.status_code == 400 and "The closing date must be in the future" in page
    assert "Past closing" in page and not Conversation.objects.exists()


def _import(client, conversation, comments: bytes, votes: bytes):
    return client.post(
        reverse("conversations:polis-import", args=[conversation.slug]),
        {"comments": SimpleUploadedFile("c.csv", comments), "votes": SimpleUploadedFile("v.csv", votes)},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("comments", "votes", "message"),
    [
        (
            GOOD_COMMENTS,
            VOTES_HEADER + b"1,x,0\n",
            "votes.csv row 2: the row has fewer columns than the header",
        ),
        (
            COMMENTS_HEADER + b"1,x,0,1\n",
            GOOD_VOTES,
            "comments.csv row 2: the row has fewer columns than the header",
        ),
        (
            GOOD_COMMENTS,
            VOTES_HEADER + f"{HUGE},x,0,5,1\n".encode(),
            "votes.csv row 2: timestamp must be a whole number of milliseconds",
        ),
        (
            GOOD_COMMENTS,
            VOTES_HEADER + b"1,x,0," + b"7" * 41 + b",1\n",
            "votes.csv row 2: voter-id must be 1 to 40 characters",
        ),
        (
            COMMENTS_HEADER + b"1,x,0,1,0,0,1,Hello\x00there\n",
            GOOD_VOTES,
            "comments.csv row 2: comment-body contains a character we cannot store",
        ),
        (
            COMMENTS_HEADER + b"1,x,0,1,0,0,1,Hello there\n1,x,0,1,0,0,1,Hello again\n",
            GOOD_VOTES,
            "comments.csv row 3: comment-id 0 appears twice",
        ),
        (GOOD_COMMENTS, VOTES_HEADER + b"1,x,0,5,1\n" * 2 + b"1,x,\xff\n", "must be saved as UTF-8"),
    ],
    ids=[
        "short vote row",
        "short comment row",
        "huge timestamp",
        "long voter id",
        "NUL",
        "reused comment id",
        "not UTF-8",
    ],
)
def test_a_polis_file_with_a_bad_row_says_which_row_and_imports_nothing(client, comments, votes, message):
    conversation = ConversationFactory()
    client.force_login(CoordinatorFactory())

    response = _import(client, conversation, comments, votes)

    assert response.status_code == 400 and message in response.content.decode()
    assert not conversation.statements.exists() and not conversation.participants.exists()


@pytest.mark.django_db
def test_importing_the_same_polis_voters_twice_is_refused(client):
    conversation = ConversationFactory()
    client.force_login(CoordinatorFactory())
    assert _import(client, conversation, GOOD_COMMENTS, GOOD_VOTES).status_code == 302
    other_comments = COMMENTS_HEADER + b"1,x,1,1,0,0,1,Another statement here\n"

    response = _import(client, conversation, other_comments, VOTES_HEADER + b"1,x,1,5,1\n")

    assert response.status_code == 400
    assert "votes.csv row 2: voter 5 is already in this conversation" in response.content.decode()
    assert conversation.statements.count() == 1 and conversation.participants.count() == 1


# The sweep: every form and API operation, each with oversized, NUL-containing and wrong-typed values.

LONG = "Practices should open longer " * 400


def _vote_page(client, target, **data):
    client.get(target.conversation.get_absolute_url())
    return client.post(reverse("conversations:vote", args=[target.conversation.slug]), data)


def _add_statement(client, statement, text):
    client.get(statement.conversation.get_absolute_url())
    return client.post(
        reverse("conversations:add-statement", args=[statement.conversation.slug]), {"text": text}
    )


def _moderate(client, statement, **data):
    waiting = StatementFactory(conversation=statement.conversation, status=Statement.Status.WAITING)
    client.force_login(CoordinatorFactory())
    prefixed = {f"s{waiting.pk}-{name}": value for name, value in data.items()}
    return client.post(reverse("conversations:moderate", args=[waiting.pk]), prefixed)


def _api_vote(client, statement, payload):
    headers = {"Authorization": f"Bearer {account_services.create_api_token(user=UserFactory(), name='x')}"}
    return client.put(
        f"/api/conversations/{statement.conversation.slug}/votes",
        payload,
        content_type="application/json",
        headers=headers,
    )


def _api_get(client, statement, path):
    headers = {"Authorization": f"Bearer {account_services.create_api_token(user=UserFactory(), name='x')}"}
    return client.get(f"/api/conversations/{path}", headers=headers)


SWEEP = {
    "create: question too long": lambda c, s: _new_conversation(c, question="Why " * 60),
    "create: question with NUL": lambda c, s: _new_conversation(c, question="What\x00 now?"),
    "create: description too long": lambda c, s: _new_conversation(c, description=LONG),
    "create: description with NUL": lambda c, s: _new_conversation(c, description="More\x00"),
    "create: statements too long": lambda c, s: _new_conversation(c, seed_statements=LONG),
    "create: a statement too long": lambda c, s: _new_conversation(c, seed_statements="Longer " * 50),
    "create: statements with NUL": lambda c, s: _new_conversation(c, seed_statements="Open\x00 later"),
    "create: closing date not a date": lambda c, s: _new_conversation(c, closes_at="tomorrow-ish"),
    "create: place not a number": lambda c, s: _new_conversation(c, place="abc"),
    "create: moderation not a choice": lambda c, s: _new_conversation(c, moderation="x" * 300),
    "vote: statement not a number": lambda c, s: _vote_page(c, s, statement="abc", value="1"),
    "vote: statement with NUL": lambda c, s: _vote_page(c, s, statement="1\x00", value="1"),
    "vote: statement too big": lambda c, s: _vote_page(c, s, statement=str(HUGE), value="1"),
    "vote: value not a number": lambda c, s: _vote_page(c, s, statement=s.pk, value="abc"),
    "vote: value out of range": lambda c, s: _vote_page(c, s, statement=s.pk, value="5"),
    "statement: too long": lambda c, s: _add_statement(c, s, "Longer opening " * 30),
    "statement: with NUL": lambda c, s: _add_statement(c, s, "Longer opening\x00 hours please"),
    "moderate: reason too long": lambda c, s: _moderate(c, s, decision="reject", reason="Rude " * 60),
    "moderate: reason with NUL": lambda c, s: _moderate(c, s, decision="reject", reason="Rude\x00"),
    "moderate: decision not a choice": lambda c, s: _moderate(c, s, decision="x" * 500),
    "moderate: merge into not a number": lambda c, s: _moderate(c, s, decision="merge", merge_into="abc"),
    "api vote: statement not a number": lambda c, s: _api_vote(c, s, {"statement_id": "abc", "value": 1}),
    "api vote: statement too big": lambda c, s: _api_vote(c, s, {"statement_id": HUGE, "value": 1}),
    "api vote: value not a number": lambda c, s: _api_vote(c, s, {"statement_id": s.pk, "value": "agree"}),
    "api vote: value out of range": lambda c, s: _api_vote(c, s, {"statement_id": s.pk, "value": 7}),
    "api vote: value too big": lambda c, s: _api_vote(c, s, {"statement_id": s.pk, "value": HUGE}),
    "api vote: text in place of a number": lambda c, s: _api_vote(
        c, s, {"statement_id": "1\x00", "value": 1}
    ),
    "api vote: not an object": lambda c, s: _api_vote(c, s, ["x" * 5000]),
    "api statements: slug with NUL": lambda c, s: _api_get(c, s, "gp%00access/statements"),
    "api statements: slug too long": lambda c, s: _api_get(c, s, "g" * 5000 + "/statements"),
    "api votes: slug with NUL": lambda c, s: _api_get(c, s, "gp%00access/votes"),
    "api map: slug with NUL": lambda c, s: _api_get(c, s, "gp%00access/map"),
    "api map: slug too long": lambda c, s: _api_get(c, s, "g" * 5000 + "/map"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", SWEEP)
def test_bad_input_to_every_form_and_api_operation_gets_a_4xx_and_stores_nothing(client, statement, case):
    stored = (Conversation.objects.count(), Statement.objects.count(), Participant.objects.count())

    response = SWEEP[case](client, statement)

    assert 400 <= response.status_code < 500, response.content.decode()[:500]
    if case.startswith("moderate"):
        stored = (stored[0], stored[1] + 1, stored[2])  # the statement waiting for a decision
        assert not Statement.objects.filter(status=Statement.Status.REJECTED).exists()
    assert (Conversation.objects.count(), Statement.objects.count(), Participant.objects.count()) == stored
    assert not Vote.objects.exists()
