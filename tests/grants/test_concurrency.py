"""The public vote under simultaneous use: one person's repeated submissions, the same Pabulib file
imported twice at once, and two counts of a round at once. Nothing lost, nothing counted twice.
PostgreSQL only (tests/concurrency.py); the fifty voters at once are in test_ballots.py."""

import pytest
from django.core.exceptions import ValidationError

from ostrom.core import audit
from ostrom.grants import counting
from ostrom.grants.models import Application, Ballot, BallotChoice, Result
from ostrom.grants.services import voting
from tests.concurrency import at_once, fast_passwords, needs_postgresql, raised
from tests.factories import CoordinatorFactory
from tests.grants.factories import VoterFactory
from tests.grants.test_ballots import _pb, _vote_ready
from tests.grants.test_results import _voted_round


@fast_passwords
@pytest.mark.django_db(transaction=True)
def test_one_voter_submitting_five_times_at_once_keeps_one_whole_ballot():
    needs_postgresql()
    funding_round, (cook, football, massage) = _vote_ready()
    voter = VoterFactory()
    sent = [{cook.pk: 1}, {football.pk: 1}, {massage.pk: 1}, {cook.pk: 1, massage.pk: 1}, {football.pk: 1}]

    def vote(choices):
        return lambda: voting.cast_ballot(
            funding_round=funding_round,
            voter=voter,
            choices=choices,
            postcode="B16 8AA",
            is_old_enough=True,
        )

    assert raised(at_once([vote(choices) for choices in sent])) == []
    ballot = Ballot.objects.get(funding_round=funding_round)
    # One submission stands whole: never a mixture of two, never choices left from an earlier one.
    assert dict(ballot.choices.values_list("application_id", "value")) in sent
    actions = [audit.action_of(entry) for entry in audit.entries()]
    assert (actions.count("ballot.cast"), actions.count("ballot.changed")) == (1, 4)


@fast_passwords
@pytest.mark.django_db(transaction=True)
def test_the_same_pabulib_file_imported_twice_at_once_is_stored_once():
    needs_postgresql()
    funding_round, (cook, football, massage) = _vote_ready()
    coordinator = CoordinatorFactory()
    votes = [(f"v{n}", [cook, massage] if n % 2 else [football]) for n in range(30)]
    text = _pb([cook, football, massage], votes)

    def import_file():
        return voting.import_pabulib_ballots(coordinator=coordinator, funding_round=funding_round, text=text)

    outcomes = at_once([import_file, import_file])
    assert 30 in outcomes
    [refused] = raised(outcomes)
    assert isinstance(refused, ValidationError) and "has already been imported" in refused.messages[0]
    assert Ballot.objects.filter(funding_round=funding_round).count() == 30
    assert BallotChoice.objects.filter(ballot__funding_round=funding_round).count() == 45


@fast_passwords
@pytest.mark.django_db(transaction=True)
def test_two_counts_of_a_round_at_once_store_one_result():
    needs_postgresql()
    funding_round, big_a, big_b, small = _voted_round(rule="mes")
    first, second = CoordinatorFactory(), CoordinatorFactory()

    def count(person):
        return lambda: counting.count_votes(funding_round=funding_round, computed_by=person).pk

    outcomes = at_once([count(first), count(second)])
    assert raised(outcomes) == []
    result = Result.objects.get(funding_round=funding_round)
    assert outcomes == [result.pk, result.pk]
    assert result.ballot_count == 10
    assert small.pk in result.selected and len(result.selected) == 2
    funded = Application.objects.filter(funding_round=funding_round, status=Application.Status.FUNDED)
    assert sorted(funded.values_list("pk", flat=True)) == sorted(result.selected)
    actions = [audit.action_of(entry) for entry in audit.entries()]
    assert (actions.count("result.created"), actions.count("result.changed")) == (1, 1)
