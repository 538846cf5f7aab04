"""A round's ballots as a Pabulib .pb file (https://pabulib.org/format), for researchers to reproduce the result."""

import secrets
from dataclasses import replace
from fractions import Fraction

from ostrom.budgeting import format_pabulib
from ostrom.budgeting.election import money_text

from .models import Round
from .selectors import election_for


def pabulib_text(funding_round: Round) -> str:
    election = _with_random_voter_ids(election_for(funding_round))
    meta = {
        "description": f"{funding_round.fund.name}: {funding_round.name}",
        "country": "United Kingdom",
        "unit": ", ".join(place.name for place in funding_round.fund.places_served.all()),
        "instance": str(funding_round.voting_closes_at.year),
        "num_projects": str(len(election.projects)),
        "num_votes": str(election.voter_count),
        "budget": money_text(Fraction(funding_round.budget)),
        "vote_type": str(election.vote_type),
        "rule": funding_round.counting_rule.pabulib_name,
        "date_begin": funding_round.voting_opens_at.date().isoformat(),
        "date_end": funding_round.voting_closes_at.date().isoformat(),
        "currency": "GBP",
    }
    if funding_round.ballot_type == Round.BallotType.CUMULATIVE:
        meta["max_sum_points"] = str(funding_round.points_per_voter)
    columns = ("voter_id", "vote", "points") if election.vote_type == "cumulative" else ("voter_id", "vote")
    return format_pabulib(replace(election, meta=meta, vote_columns=columns))


def _with_random_voter_ids(election):
    """Ballot secrecy: the voters are put in a random order and numbered with random ids for each
    download, so nothing in the file leads back to a ballot's row in the database (or to who cast it)."""
    order = list(range(election.voter_count))
    secrets.SystemRandom().shuffle(order)
    ids = set()
    while len(ids) < election.voter_count:
        ids.add(secrets.token_hex(6))
    return replace(
        election, kind_of_voter=election.kind_of_voter[order], voter_ids=tuple(sorted(ids)), voter_fields={}
    )
