"""Rate limits on public writes: exactly the limit gets through in a window, on a page and on the API
operation that shares its count; each window, network and group counts on its own; the database keeps
a keyed hash, never the address; and simultaneous requests are each counted."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.core import ratelimits
from ostrom.core.models import RateLimitCounter
from ostrom.grants.models import Ballot
from tests.concurrency import at_once, needs_postgresql, raised
from tests.factories import LsoaFactory, PlaceFactory, PostcodeFactory
from tests.grants.factories import ApplicationFactory, RoundFactory, VoterFactory

TEN_O_CLOCK = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _request_from(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def _attempts_let_through(group: str, addresses: list[str]) -> list[bool]:
    """Whether `check` let each attempt through, one attempt per address given, in order."""
    outcomes = []
    for address in addresses:
        try:
            ratelimits.check(_request_from(address), group)
        except ratelimits.Ratelimited:
            outcomes.append(False)
        else:
            outcomes.append(True)
    return outcomes


@pytest.mark.parametrize(
    ("rate", "limit", "period_seconds"),
    [("10/h", 10, 3600), ("100/d", 100, 86400), ("5/m", 5, 60), ("30/s", 30, 1), ("10/5m", 10, 300)],
)
def test_rates_read_as_attempts_per_period(rate, limit, period_seconds):
    assert ratelimits.parse_rate(rate) == ratelimits.Rate(limit=limit, period_seconds=period_seconds)


@pytest.mark.parametrize("rate", ["thirty an hour", "/h", "10/0m"])
def test_a_rate_that_cannot_be_read_stops_with_what_it_should_look_like(rate):
    with pytest.raises(ImproperlyConfigured, match=rate):
        ratelimits.parse_rate(rate)


def test_every_configured_rate_can_be_read(settings):
    for rate in settings.RATE_LIMITS.values():
        assert ratelimits.parse_rate(rate).limit > 0


def _words(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.django_db
def test_a_ballot_page_and_its_api_operation_let_exactly_the_limit_through_between_them(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballot": "3/h"}
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    PostcodeFactory(postcode="B16 8AA", lsoa=LsoaFactory(parent=ladywood))
    funding_round = RoundFactory(in_phase="voting")
    funding_round.fund.places_served.add(ladywood)
    project = ApplicationFactory(funding_round=funding_round, status="shortlisted")
    page = reverse("grants:ballot", args=[funding_round.slug])
    vote = {f"project_{project.pk}": "on", "postcode": "B16 8AA", "is_old_enough": "on"}
    token = account_services.create_api_token(user=VoterFactory(), name="test")

    def through_api():
        return client.put(
            f"/api/rounds/{funding_round.slug}/ballot",
            {"choices": {project.pk: 1}, "postcode": "B16 8AA", "is_old_enough": True},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )

    client.force_login(VoterFactory())
    on_the_page = [client.post(page, vote).status_code for _ in range(2)]
    client.logout()
    allowed_by_api = through_api()
    refused_by_api = through_api()
    client.force_login(VoterFactory())
    refused_on_the_page = client.post(page, vote)

    assert on_the_page == [302, 302] and allowed_by_api.status_code == 200
    assert refused_by_api.status_code == 429
    assert "Too many attempts from your network" in refused_by_api.json()["detail"]
    assert refused_on_the_page.status_code == 429
    assert "Too many attempts" in refused_on_the_page.content.decode()
    assert Ballot.objects.count() == 2  # the page's two votes were one person's, changed once
    # Both say when the hour's window ends, in words and in the Retry-After header.
    for refused in (refused_by_api, refused_on_the_page):
        seconds = int(refused["Retry-After"])
        assert 1 <= seconds <= 60 * 60
        wait = ratelimits.wait_of(ratelimits.TooManyAttempts("", retry_after=seconds))
        assert wait in (refused.json()["detail"] if refused is refused_by_api else _words(refused))


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "Wait a minute and try again"),
        (60, "Wait a minute and try again"),
        (61, "Wait 2 minutes and try again"),
        (59 * 60, "Wait 59 minutes and try again"),
        (59 * 60 + 1, "Wait an hour and try again"),
        (60 * 60, "Wait an hour and try again"),
        (60 * 60 + 1, "Wait 2 hours and try again"),
        (23 * 60 * 60, "Wait 23 hours and try again"),
        (23 * 60 * 60 + 1, "Try again tomorrow"),
    ],
)
def test_a_refusal_says_how_long_to_wait_in_words(seconds, words):
    assert ratelimits.wait_of(ratelimits.TooManyAttempts("", retry_after=seconds)) == words


@pytest.mark.django_db
def test_a_limit_per_minute_says_to_wait_a_minute_not_an_hour(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign-up": "1/m"}
    client.post(reverse("accounts:sign-up"), {})

    refused = client.post(reverse("accounts:sign-up"), {})

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Wait a minute and try again." in _words(refused)
    assert "hour" not in _words(refused)


@pytest.mark.django_db
def test_a_new_window_starts_a_new_count(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballot": "3/h", "statement": "2/5m"}

    def count(group, at):
        return ratelimits.count_attempt(group=group, address="192.0.2.10", at=at)

    hourly = [count("ballot", TEN_O_CLOCK + timedelta(minutes=minutes)) for minutes in (0, 30, 59)]
    next_hour = count("ballot", TEN_O_CLOCK + timedelta(hours=1))
    five_minutes = [count("statement", TEN_O_CLOCK + timedelta(minutes=minutes)) for minutes in (1, 4, 5)]

    assert hourly == [1, 2, 3] and next_hour == 1
    assert five_minutes == [1, 2, 1]


@pytest.mark.django_db
def test_two_addresses_count_separately_and_so_do_two_groups(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballot": "1/h", "statement": "1/h"}

    assert _attempts_let_through("ballot", ["192.0.2.1", "192.0.2.2", "192.0.2.1"]) == [True, True, False]
    assert _attempts_let_through("statement", ["192.0.2.1"]) == [True]


@pytest.mark.django_db
def test_an_ipv6_network_counts_as_one_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballot": "2/h"}
    same_home = ["2001:db8:1:2::1", "2001:db8:1:2:abcd::9", "2001:db8:1:2:ffff:ffff:ffff:ffff"]
    next_door = "2001:db8:1:3::1"

    assert _attempts_let_through("ballot", [*same_home, next_door]) == [True, True, False, True]


@pytest.mark.django_db
def test_an_ipv4_caller_seen_through_a_dual_stack_server_counts_as_its_ipv4_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballot": "1/h"}

    assert _attempts_let_through("ballot", ["::ffff:192.0.2.1", "::ffff:192.0.2.2", "192.0.2.1"]) == [
        True,
        True,
        False,
    ]


@pytest.mark.django_db
def test_the_database_keeps_no_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballot": "5/h", "statement": "5/h"}
    _attempts_let_through("ballot", ["198.51.100.23", "2001:db8:5:6::7"])
    _attempts_let_through("statement", ["198.51.100.23"])

    stored = [str(value) for row in RateLimitCounter.objects.values_list() for value in row]
    keys = RateLimitCounter.objects.values_list("key", flat=True)

    assert len(set(keys)) == 3
    assert not any(part in value for value in stored for part in ("198.51.100", "2001:db8", "ballot"))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_attempts_are_each_counted_and_only_the_limit_gets_through(settings):
    needs_postgresql()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballot": "5/d"}
    callers = 8

    outcomes = at_once([lambda: ratelimits.check(_request_from("192.0.2.7"), "ballot")] * callers)

    assert len(raised(outcomes)) == callers - 5
    assert all(isinstance(problem, ratelimits.Ratelimited) for problem in raised(outcomes))
    assert RateLimitCounter.objects.get().attempt_count == callers
