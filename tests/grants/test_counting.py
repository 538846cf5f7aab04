"""The count reads the ballots and runs the engine outside any transaction, then stores the result in
one short transaction that first checks the ballots did not change meanwhile."""

import pytest
from django.db import connection

from ostrom.grants import counting
from ostrom.grants.models import Ballot, Round
from ostrom.grants.services import voting
from tests.factories import CoordinatorFactory
from tests.grants.test_results import _voted_round


def _decision_with_paper_ballot():
    funding_round, big_a, big_b, small = _voted_round(rule="greedy")
    Round.objects.filter(pk=funding_round.pk).update(
        voting_closes_at=funding_round.voting_opens_at
        + (funding_round.voting_closes_at - funding_round.voting_opens_at)
    )
    funding_round.refresh_from_db()
    paper = voting.enter_paper_ballot(
        coordinator=CoordinatorFactory(),
        funding_round=funding_round,
        paper_reference="P-1",
        choices={small.pk: 1},
        postcode="B18 5AA",
    )
    return funding_round, paper


@pytest.mark.django_db(transaction=True)
def test_the_ballots_are_read_outside_a_transaction_and_the_result_stored_inside_one():
    funding_round, _ = _decision_with_paper_ballot()
    counter = CoordinatorFactory()
    queries = []

    def watch(execute, sql, params, many, context):
        queries.append((sql, connection.in_atomic_block))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        result = counting.count_votes(funding_round=funding_round, computed_by=counter)

    ballot_reads = [atomic for sql, atomic in queries if '"grants_ballotchoice"' in sql]
    writes = [atomic for sql, atomic in queries if sql.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert result.ballot_count == 10
    assert ballot_reads[0] is False
    assert writes and all(writes)


@pytest.mark.django_db(transaction=True)
def test_a_ballot_confirmed_while_the_engine_runs_is_counted_on_a_second_pass():
    funding_round, paper = _decision_with_paper_ballot()
    checker, counter = CoordinatorFactory(), CoordinatorFactory()
    confirmed = []

    def confirm_just_before_storing(execute, sql, params, many, context):
        if connection.in_atomic_block and not confirmed:
            confirmed.append(True)  # a second person confirms the paper ballot at this moment
            Ballot.objects.filter(pk=paper.pk).update(confirmed_by=checker)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(confirm_just_before_storing):
        result = counting.count_votes(funding_round=funding_round, computed_by=counter)

    assert confirmed and result.ballot_count == 11
