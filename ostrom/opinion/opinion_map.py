"""Builds an opinion map from votes: positions, opinion groups, representative and consensus statements.

Pure: no Django. conversations/selectors.py builds the VoteMatrix, conversations/tasks.py calls
`compute_opinion_map` and stores the OpinionMap and its `warm_start()`, which the next recomputation is
given so that groups keep their numbers and do not reshuffle when a few votes arrive. tests/opinion/
checks each stage against the Polis server's own output and against red-dwarf."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np

from ostrom.opinion import clustering, repness
from ostrom.opinion.clustering import GroupCountHistory, Starts, VoteHistory
from ostrom.opinion.pca import PrincipalComponents, place_participants
from ostrom.opinion.repness import Consensus, RepresentativeStatement, VoteCounts
from ostrom.opinion.votes import VoteMatrix


@dataclass(frozen=True)
class Settings:
    """Polis's defaults (conversation.clj, base-conv-update-graph)."""

    minimum_votes: int = 7  # votes needed to be clustered (or every statement, if fewer)
    minimum_clustered: int = 15  # below this, the most active participants are clustered anyway
    base_cluster_count: int = 100
    max_group_count: int = 5
    runs_before_group_count_changes: int = 4
    representative_count: int = 5
    consensus_count: int = 5
    seed: int = 0  # k-means++ seeding of the base clusters
    # "order-free": k-means starts that do not depend on the order of participants (ours);
    # "polis": the first rows start k-means, as in a fresh Polis conversation (to reproduce Polis).
    kmeans_starts: Starts = "order-free"


@dataclass(frozen=True)
class WarmStart:
    """What a recomputation needs from the last one; plain data, so it can be stored as JSON."""

    statement_ids: tuple[Hashable, ...]
    components: tuple[tuple[float, ...], tuple[float, ...]]
    clustered: frozenset[Hashable]
    base_cluster_of: dict[Hashable, int]
    group_of: dict[Hashable, int]
    group_count_history: GroupCountHistory
    group_members_by_count: dict[int, dict[Hashable, int]] = field(default_factory=dict)

    def to_json(self) -> dict:
        """A JSON-ready dict; participant and statement ids must be strings or integers.

        Participants are listed once ("participants") and each label map as a list of labels in that
        order (−1 for none): at 100,000 participants, a [id, label] pair per entry took seconds to
        write and read back. from_json also reads the pairs stored before."""
        history = self.group_count_history
        participants = list(self.base_cluster_of)
        return {
            "statement_ids": list(self.statement_ids),
            "components": [list(row) for row in self.components],
            "clustered": sorted(self.clustered, key=str),
            "participants": participants,
            "base_cluster_of": _aligned(self.base_cluster_of, participants),
            "group_of": _aligned(self.group_of, participants),
            "group_count_history": [history.last_best, history.runs_in_a_row, history.in_use],
            "group_members_by_count": {
                str(k): _aligned(members, participants) for k, members in self.group_members_by_count.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> WarmStart:
        last_best, runs, in_use = data["group_count_history"]
        participants = data.get("participants")

        def labels(stored: list) -> dict[Hashable, int]:
            if participants is None or (stored and isinstance(stored[0], list)):
                return {pid: label for pid, label in stored}
            return {pid: label for pid, label in zip(participants, stored, strict=True) if label >= 0}

        return cls(
            statement_ids=tuple(data["statement_ids"]),
            components=tuple(tuple(row) for row in data["components"]),
            clustered=frozenset(data["clustered"]),
            base_cluster_of=labels(data["base_cluster_of"]),
            group_of=labels(data["group_of"]),
            group_count_history=GroupCountHistory(last_best=last_best, runs_in_a_row=runs, in_use=in_use),
            group_members_by_count={
                int(k): labels(members) for k, members in data["group_members_by_count"].items()
            },
        )


def _aligned(labels: dict[Hashable, int], participants: list[Hashable]) -> list:
    """The labels in the order of `participants` (−1 for none), or [id, label] pairs if some labelled
    participant is not among them."""
    if labels.keys() <= set(participants):
        return [labels.get(pid, -1) for pid in participants]
    return [[pid, label] for pid, label in labels.items()]


@dataclass(frozen=True, eq=False)
class OpinionMap:
    """The result. Arrays are aligned with participant_ids (rows) or statement_ids (columns);
    −1 in base_cluster_of and group_of marks a participant who is placed but not clustered."""

    participant_ids: tuple[Hashable, ...]
    statement_ids: tuple[Hashable, ...]
    components: PrincipalComponents
    participant_positions: np.ndarray
    statement_positions: np.ndarray
    is_clustered: np.ndarray
    base_cluster_of: np.ndarray
    base_centres: np.ndarray
    group_of: np.ndarray
    silhouettes: dict[int, float]
    group_count_history: GroupCountHistory
    group_votes: dict[int, VoteCounts]
    representative: dict[int, tuple[RepresentativeStatement, ...]]
    consensus: Consensus
    group_informed_consensus: np.ndarray
    moderated_out: np.ndarray
    group_labels_by_count: dict[int, np.ndarray]

    @property
    def group_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.group_votes))

    def groups(self) -> dict[Hashable, int]:
        """Group of every clustered participant."""
        return {
            pid: int(group)
            for pid, group in zip(self.participant_ids, self.group_of, strict=True)
            if group >= 0
        }

    def group_sizes(self) -> dict[int, int]:
        return {group: int((self.group_of == group).sum()) for group in self.group_ids}

    def most_group_informed_consensus(self, count: int = 5) -> tuple[Hashable, ...]:
        """The statements every group most agrees with, best first (moderated-out ones left out; an
        earlier statement wins a tie)."""
        scores = np.where(self.moderated_out, -np.inf, self.group_informed_consensus)
        order = np.argsort(-scores, kind="stable")[:count]
        return tuple(self.statement_ids[column] for column in order if np.isfinite(scores[column]))

    def warm_start(self) -> WarmStart:
        rows = np.flatnonzero(self.is_clustered)
        clustered_ids = [self.participant_ids[row] for row in rows.tolist()]

        def by_id(labels: np.ndarray) -> dict[Hashable, int]:
            return dict(zip(clustered_ids, labels[rows].tolist(), strict=True))

        return WarmStart(
            statement_ids=self.statement_ids,
            components=(tuple(self.components.components[0]), tuple(self.components.components[1])),
            clustered=frozenset(clustered_ids),
            base_cluster_of=by_id(self.base_cluster_of),
            group_of=by_id(self.group_of),
            group_count_history=self.group_count_history,
            group_members_by_count={k: by_id(labels) for k, labels in self.group_labels_by_count.items()},
        )


class TooFewVotes(ValueError):
    """There are not yet enough participants or statements with votes to draw groups."""


def compute_opinion_map(
    votes: VoteMatrix,
    *,
    moderated_out: Iterable[Hashable] = (),
    previous: WarmStart | None = None,
    history: VoteHistory | None = None,
    settings: Settings = Settings(),
) -> OpinionMap:
    """Positions, groups, representative and consensus statements for a conversation.

    votes: every participant's votes; moderated_out: statements taken out by moderators (or meta
    statements) – as in Polis they count as a pass from everyone when placing participants and are
    never picked as representative or consensus statements. previous: the last result's warm start;
    it keeps the map's axes pointing the same way, keeps everyone clustered before, starts k-means
    from the last groups and holds the number of groups until a new one has won 4 runs in a row.
    history: from `clustering.replay_vote_history`, for a conversation imported from Polis: everyone
    Polis had clustered stays clustered, and with kmeans_starts="polis" participants are taken in the
    order they arrived, as Polis holds them.

    Output is independent of the order of participants and of statements in the input; ties are
    broken by the ids (see each stage). Raises TooFewVotes when fewer than two base clusters form.
    Source: Polis math (conversation.clj small-conv-update), stage by stage."""
    moderated = np.isin(np.asarray(votes.statement_ids, dtype=object), list(moderated_out))
    previous_components = _previous_components(previous, votes.statement_ids)
    placement = place_participants(
        votes.votes, moderated_out=moderated, previous_components=previous_components
    )
    positions = placement.participant_positions

    is_clustered = clustering.clustered_participants(
        votes.vote_counts(),
        int((votes.voter_counts() > 0).sum()),
        participant_ids=votes.participant_ids,
        minimum_votes=settings.minimum_votes,
        minimum_clustered=settings.minimum_clustered,
        previously_clustered=(history.clustered if history else frozenset())
        | (previous.clustered if previous else frozenset()),
    )
    rows = np.flatnonzero(is_clustered)
    if history is not None and settings.kmeans_starts == "polis":
        arrival = {pid: position for position, pid in enumerate(history.arrival_order)}
        rows = np.array(
            sorted(rows, key=lambda row: (arrival.get(votes.participant_ids[row], len(arrival)), row)),
            dtype=np.int64,
        )
    previous_base = None
    rows_by_id = _RowsById(votes.participant_ids)
    if previous is not None:
        previous_base = rows_by_id.values(previous.base_cluster_of)[rows]
    base_labels, base_centres = clustering.base_clusters(
        positions[rows],
        cluster_count=settings.base_cluster_count,
        seed=settings.seed,
        previous_labels=previous_base,
        starts=settings.kmeans_starts,
    )
    if len(base_centres) < 2:
        raise TooFewVotes("Groups need at least two participants who voted differently")
    base_weights = np.bincount(base_labels, minlength=len(base_centres)).astype(np.float64)

    previous_centres = None
    if previous is not None:
        previous_centres = {
            k: _recentred_groups(positions[rows], rows_by_id.values(members)[rows])
            for k, members in previous.group_members_by_count.items()
        }
        previous_centres = {k: centres for k, centres in previous_centres.items() if len(centres) == k}
    groupings = clustering.group_base_clusters(
        base_centres,
        base_weights,
        max_group_count=settings.max_group_count,
        previous_centres=previous_centres,
        starts=settings.kmeans_starts,
    )
    if not groupings:
        raise TooFewVotes("Groups need at least two participants who voted differently")
    history = clustering.choose_group_count(
        {k: grouping.silhouette for k, grouping in groupings.items()},
        previous.group_count_history if previous else None,
        runs_before_change=settings.runs_before_group_count_changes,
    )
    labels_by_count = {}
    for k, grouping in groupings.items():
        labels = np.full(len(votes.participant_ids), -1)
        labels[rows] = grouping.labels[base_labels]
        if previous is not None and k in previous.group_members_by_count:
            earlier = previous.group_members_by_count[k]
            labels = clustering.match_labels(labels, rows_by_id.values(earlier), k)
        labels_by_count[k] = labels
    group_of = labels_by_count[history.in_use]

    group_ids = sorted(set(group_of[rows].tolist()))
    group_votes = repness.count_votes_by_group(votes.votes, group_of)
    group_sizes = np.bincount(group_of[rows], minlength=max(group_ids) + 1)
    group_counts_for_repness = [
        repness.with_statements_zeroed(group_votes[group], moderated, int(group_sizes[group]))
        for group in group_ids
    ]
    chosen = repness.representative_statements(
        group_counts_for_repness,
        votes.statement_ids,
        excluded=moderated,
        pick_count=settings.representative_count,
    )
    everyone = repness.count_votes(votes.votes, np.arange(len(votes.participant_ids)), zeroed=moderated)
    return OpinionMap(
        participant_ids=votes.participant_ids,
        statement_ids=votes.statement_ids,
        components=placement.components,
        participant_positions=positions,
        statement_positions=placement.statement_positions,
        is_clustered=is_clustered,
        base_cluster_of=_spread(base_labels, rows, len(votes.participant_ids)),
        base_centres=base_centres,
        group_of=group_of,
        silhouettes={k: grouping.silhouette for k, grouping in groupings.items()},
        group_count_history=history,
        group_votes=group_votes,
        representative=dict(zip(group_ids, chosen, strict=True)),
        consensus=repness.consensus_statements(
            everyone, votes.statement_ids, excluded=moderated, pick_count=settings.consensus_count
        ),
        group_informed_consensus=repness.group_informed_consensus([group_votes[g] for g in group_ids]),
        moderated_out=moderated,
        group_labels_by_count=labels_by_count,
    )


def _spread(values: np.ndarray, rows: np.ndarray, length: int) -> np.ndarray:
    spread = np.full(length, -1)
    spread[rows] = values
    return spread


def _previous_components(previous: WarmStart | None, statement_ids: tuple) -> np.ndarray | None:
    if previous is None:
        return None
    column_of = {sid: column for column, sid in enumerate(previous.statement_ids)}
    components = np.zeros((2, len(statement_ids)))
    earlier = np.asarray(previous.components)
    for column, sid in enumerate(statement_ids):
        if sid in column_of:
            components[:, column] = earlier[:, column_of[sid]]
    return components


def _recentred_groups(positions: np.ndarray, labels: np.ndarray) -> np.ndarray:
    known = labels >= 0
    if not known.any():
        return np.empty((0, 2))
    present = np.unique(labels[known])
    return np.array([positions[labels == group].mean(0) for group in present])


class _RowsById:
    """Finds participants' rows by id, for reading a warm start's labels (dicts keyed by id)."""

    def __init__(self, participant_ids: tuple[Hashable, ...]):
        self.participant_ids = participant_ids
        self.ids = np.asarray(participant_ids)
        self.order = np.argsort(self.ids, kind="stable") if self.ids.dtype.kind in "iuU" else None

    def values(self, values_by_id: dict[Hashable, int]) -> np.ndarray:
        """Each row's value in `values_by_id`, −1 where it has none."""
        result = np.full(len(self.ids), -1, dtype=np.int64)
        if not values_by_id or not len(self.ids):
            return result
        keys = np.asarray(list(values_by_id))
        values = np.fromiter(values_by_id.values(), np.int64, len(values_by_id))
        if self.order is None or keys.dtype.kind != self.ids.dtype.kind:
            row_of = {pid: row for row, pid in enumerate(self.participant_ids)}
            for pid, value in values_by_id.items():
                if pid in row_of:
                    result[row_of[pid]] = value
            return result
        # Numbers or strings: every key's row at once by binary search.
        places = np.minimum(np.searchsorted(self.ids, keys, sorter=self.order), len(self.ids) - 1)
        rows = self.order[places]
        found = self.ids[rows] == keys
        result[rows[found]] = values[found]
        return result
