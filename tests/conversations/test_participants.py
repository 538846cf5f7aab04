"""One participant per browser: the voting page hands out the cookie, a post without it is refused, and
an address that keeps getting fresh cookies is stopped by the limit on new participants."""

import pytest
from django.test import Client
from django.urls import reverse

from ostrom.conversations.models import Participant, Statement, Vote
from tests.conversations.factories import ConversationFactory, StatementFactory

COOKIE_NOT_KEPT = "Your browser did not keep our cookie. Allow cookies for this site and try again"


@pytest.fixture
def statement():
    return StatementFactory(conversation=ConversationFactory())


def _vote_url(statement):
    return reverse("conversations:vote", args=[statement.conversation.slug])


@pytest.mark.django_db
def test_thirty_posts_without_the_cookie_create_no_participant_and_no_vote(client, statement):
    answers = [
        client.post(_vote_url(statement), {"statement": statement.pk, "value": "1"}) for _ in range(30)
    ]

    assert {answer.status_code for answer in answers} == {400}
    assert COOKIE_NOT_KEPT in answers[-1].content.decode()
    assert Participant.objects.count() == 0 and Vote.objects.count() == 0


@pytest.mark.django_db
def test_a_forged_cookie_is_refused_like_no_cookie(client, statement):
    client.cookies["ostrom_participant"] = "made-up-key"
    answer = client.post(_vote_url(statement), {"statement": statement.pk, "value": "1"})
    assert answer.status_code == 400 and Participant.objects.count() == 0


@pytest.mark.django_db
def test_htmx_shows_why_the_answer_was_not_taken_in_place_of_the_statement(client, statement):
    answer = client.post(
        _vote_url(statement), {"statement": statement.pk, "value": "1"}, headers={"HX-Request": "true"}
    )
    fragment = answer.content.decode()
    assert answer.status_code == 400 and '<div id="statement-card"' in fragment
    assert COOKIE_NOT_KEPT in fragment and "<html" not in fragment


@pytest.mark.django_db
def test_a_browser_that_keeps_the_cookie_is_one_participant_however_often_it_votes(client, statement):
    other = StatementFactory(conversation=statement.conversation)
    client.get(statement.conversation.get_absolute_url())
    for value in ("1", "-1", "0"):
        client.post(_vote_url(statement), {"statement": statement.pk, "value": value})
    client.post(_vote_url(other), {"statement": other.pk, "value": "1"})

    participant = Participant.objects.get()
    assert participant.user is None and participant.anonymous_key
    assert sorted(participant.votes.values_list("statement_id", "value")) == [
        (statement.pk, 0),
        (other.pk, 1),
    ]


@pytest.mark.django_db
def test_fresh_cookies_from_one_address_stop_at_the_limit_on_new_participants(settings, statement):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "new-participant": "5/h"}
    answers = []
    for _ in range(30):
        browser = Client()
        browser.get(statement.conversation.get_absolute_url())
        answers.append(browser.post(_vote_url(statement), {"statement": statement.pk, "value": "1"}))

    assert [answer.status_code for answer in answers[:5]] == [302] * 5
    assert {answer.status_code for answer in answers[5:]} == {429}
    assert Participant.objects.count() == 5 and Vote.objects.count() == 5


@pytest.mark.django_db
def test_votes_and_statements_from_one_address_are_limited(client, settings, statement):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "opinion-vote": "3/h", "statement": "2/h"}
    client.get(statement.conversation.get_absolute_url())
    votes = [client.post(_vote_url(statement), {"statement": statement.pk, "value": "1"}) for _ in range(4)]
    add = reverse("conversations:add-statement", args=[statement.conversation.slug])
    statements = [client.post(add, {"text": f"Longer opening hours on day {n}"}) for n in range(3)]

    assert [vote.status_code for vote in votes] == [302, 302, 302, 429]
    assert [answer.status_code for answer in statements] == [302, 302, 429]
    assert Statement.objects.waiting().count() == 2


@pytest.mark.django_db
def test_a_statement_posted_without_the_cookie_is_refused(client, statement):
    answer = client.post(
        reverse("conversations:add-statement", args=[statement.conversation.slug]),
        {"text": "Longer opening hours on Saturdays"},
    )
    assert answer.status_code == 400 and COOKIE_NOT_KEPT in answer.content.decode()
    assert not Statement.objects.waiting().exists() and not Participant.objects.exists()


@pytest.mark.django_db
def test_the_api_limits_votes_per_address(client, settings, statement):
    from ostrom.accounts import services as account_services
    from tests.factories import UserFactory

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "opinion-vote": "2/h"}
    headers = {"Authorization": f"Bearer {account_services.create_api_token(user=UserFactory(), name='x')}"}
    url = f"/api/conversations/{statement.conversation.slug}/votes"
    answers = [
        client.put(
            url, {"statement_id": statement.pk, "value": 1}, content_type="application/json", headers=headers
        )
        for _ in range(3)
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
