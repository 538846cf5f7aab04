"""Nothing published or audited ties a person to their ballot."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ostrom.budgeting import parse_pabulib
from ostrom.core import audit
from ostrom.grants import counting
from ostrom.grants.models import Ballot, Round
from ostrom.grants.services import results, voting
from tests.factories import CoordinatorFactory, LsoaFactory, PlaceFactory, PostcodeFactory
from tests.grants.factories import ApplicationFactory, RoundFactory, VoterFactory


@pytest.mark.django_db
def test_the_ballots_file_and_the_audit_log_never_name_a_ballot(client):
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    PostcodeFactory(postcode="B16 8AA", lsoa=LsoaFactory(parent=ladywood))
    funding_round = RoundFactory(in_phase="voting")
    funding_round.fund.places_served.add(ladywood)
    project = ApplicationFactory(funding_round=funding_round, status="shortlisted")
    voters = [VoterFactory() for _ in range(6)]
    for voter in voters:
        voting.cast_ballot(
            funding_round=funding_round,
            voter=voter,
            choices={project.pk: 1},
            postcode="B16 8AA",
            is_old_enough=True,
        )
    entering, checking = CoordinatorFactory(), CoordinatorFactory()
    paper = voting.enter_paper_ballot(
        coordinator=entering,
        funding_round=funding_round,
        paper_reference="P-0001",
        choices={project.pk: 1},
        postcode="B16 8AA",
    )
    voting.confirm_paper_ballot(coordinator=checking, ballot=paper)
    Round.objects.filter(pk=funding_round.pk).update(
        voting_closes_at=funding_round.voting_opens_at
        + (funding_round.voting_closes_at - funding_round.voting_opens_at) / 100
    )
    counting.count_votes(funding_round=funding_round, computed_by=entering)
    results.publish_result(coordinator=entering, funding_round=funding_round)

    url = reverse("grants:ballots-pb", args=[funding_round.slug])
    first, second = (parse_pabulib(client.get(url).content.decode()) for _ in range(2))
    row_ids = {str(pk) for pk in Ballot.objects.values_list("pk", flat=True)}

    assert first.voter_count == 7
    assert not set(first.voter_ids) & row_ids
    assert set(first.voter_ids) != set(second.voter_ids)
    ballot_type = ContentType.objects.get_for_model(Ballot)
    assert not audit.entries().filter(content_type=ballot_type).exists()
    entries = audit.entries_for(funding_round)
    actions = [audit.action_of(entry) for entry in entries]
    assert actions.count("ballot.cast") == 6
    assert {"paper_ballot.entered", "paper_ballot.confirmed"} <= set(actions)
