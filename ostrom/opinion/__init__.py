"""Opinion maps: a Polis-style engine that places participants, finds opinion groups and the statements
that set them apart or unite them. Pure: no Django.

    votes = VoteMatrix.from_votes(participant_ids, statement_ids, values)
    opinion_map = compute_opinion_map(votes, moderated_out=taken_out, previous=stored_warm_start)
    stored_warm_start = opinion_map.warm_start()  # .to_json() / WarmStart.from_json() to keep it
"""

from ostrom.opinion.clustering import GroupCountHistory, VoteHistory, replay_vote_history
from ostrom.opinion.opinion_map import OpinionMap, Settings, TooFewVotes, WarmStart, compute_opinion_map
from ostrom.opinion.repness import Consensus, ConsensusStatement, RepresentativeStatement, VoteCounts
from ostrom.opinion.votes import AGREE, DISAGREE, PASS, VoteMatrix, VotesNotUnderstood

__all__ = [
    "AGREE",
    "DISAGREE",
    "PASS",
    "Consensus",
    "ConsensusStatement",
    "GroupCountHistory",
    "OpinionMap",
    "RepresentativeStatement",
    "Settings",
    "TooFewVotes",
    "VoteCounts",
    "VoteHistory",
    "VoteMatrix",
    "VotesNotUnderstood",
    "WarmStart",
    "compute_opinion_map",
    "replay_vote_history",
]
