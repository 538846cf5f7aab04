"""The participant × statement vote matrix that every stage of an opinion map reads.

Agree is +1, disagree −1 and pass 0; a statement a participant has not seen has no entry. Rows and
columns are kept in sorted id order, so the order in which votes arrive never changes the matrix."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

AGREE = 1
DISAGREE = -1
PASS = 0


class VotesNotUnderstood(ValueError):
    """The votes given cannot be read as agree (+1), disagree (−1) or pass (0)."""


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Votes as a sparse matrix: one row per participant, one column per statement.

    Every stored entry is a vote, so a pass is a stored 0; use `has_voted` rather than testing for
    non-zero values."""

    participant_ids: tuple[Hashable, ...]
    statement_ids: tuple[Hashable, ...]
    votes: sparse.csr_array

    @classmethod
    def from_votes(
        cls,
        participant_ids: Sequence[Hashable] | np.ndarray,
        statement_ids: Sequence[Hashable] | np.ndarray,
        values: Sequence[float] | np.ndarray,
    ) -> VoteMatrix:
        """Build the matrix from one entry per vote, oldest first.

        When a participant voted on a statement more than once, the later vote replaces the earlier
        one, as in Polis's vote history. Participants and statements are sorted by id."""
        values_array = np.asarray(values, dtype=np.float64)
        if not np.all(np.isin(values_array, (AGREE, DISAGREE, PASS))):
            raise VotesNotUnderstood("Each vote must be 1 (agree), -1 (disagree) or 0 (pass)")
        participant_array = np.asarray(participant_ids)
        statement_array = np.asarray(statement_ids)
        if not (len(participant_array) == len(statement_array) == len(values_array)):
            raise VotesNotUnderstood("Give the same number of participant ids, statement ids and votes")
        unique_participants, rows = _sorted_ids(participant_array)
        unique_statements, columns = _sorted_ids(statement_array)
        shape = (len(unique_participants), len(unique_statements))
        matrix = _csr_if_all_distinct(rows, columns, values_array, shape)
        if matrix is not None:
            return cls(
                participant_ids=tuple(unique_participants.tolist()),
                statement_ids=tuple(unique_statements.tolist()),
                votes=matrix,
            )
        cell = rows.astype(np.int64) * shape[1] + columns
        sorted_cells, order = _sorted_in_history_order(cell)
        is_latest = np.ones(len(sorted_cells), dtype=bool)
        is_latest[:-1] = sorted_cells[1:] != sorted_cells[:-1]
        matrix = _csr_from_sorted_cells(sorted_cells[is_latest], values_array[order][is_latest], shape)
        return cls(
            participant_ids=tuple(unique_participants.tolist()),
            statement_ids=tuple(unique_statements.tolist()),
            votes=matrix,
        )

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.participant_ids), len(self.statement_ids))

    def vote_counts(self) -> np.ndarray:
        """How many statements each participant has voted on (passes included)."""
        return np.diff(self.votes.indptr)

    def voter_counts(self) -> np.ndarray:
        """How many participants have voted on each statement (passes included)."""
        return np.bincount(self.votes.indices, minlength=self.shape[1])

    def select_participants(self, rows: np.ndarray) -> VoteMatrix:
        """The same votes for a subset of participants, kept in the given row order."""
        return VoteMatrix(
            participant_ids=tuple(self.participant_ids[row] for row in rows),
            statement_ids=self.statement_ids,
            votes=_csr(self.votes[rows]),
        )


def _sorted_ids(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ids in sorted order, and each entry's position among them."""
    if ids.dtype.kind in "iu" and len(ids) and ids.min() >= 0 and ids.max() <= 4 * len(ids) + 1024:
        # Small non-negative integers (database keys): counting is linear where sorting is not.
        is_present = np.zeros(int(ids.max()) + 1, dtype=bool)
        is_present[ids] = True
        return np.flatnonzero(is_present), (np.cumsum(is_present) - 1)[ids]
    distinct, positions = np.unique(ids, return_inverse=True)
    return distinct, positions.reshape(-1)


def _csr_if_all_distinct(
    rows: np.ndarray, columns: np.ndarray, values: np.ndarray, shape: tuple[int, int]
) -> sparse.csr_array | None:
    """The matrix when no participant voted twice on a statement (as the conversations app stores
    votes), or None. SciPy's conversion sorts by counting and adds up repeated cells, so it is a
    repeat exactly when fewer entries are left; then history order must decide instead."""
    matrix = sparse.coo_array((values, (rows, columns)), shape=shape).tocsr()
    if matrix.nnz != len(values):
        return None
    matrix.sort_indices()
    # Passes stay stored as explicit zeros: adding up never drops an entry.
    return sparse.csr_array((matrix.data, matrix.indices, matrix.indptr.astype(np.int64)), shape=shape)


def _sorted_in_history_order(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cells sorted, each cell's votes kept in history order (the last of each run is the latest
    vote), and the sorting permutation."""
    count = len(cells)
    if count and int(cells.max()) < np.iinfo(np.int64).max // count:
        # Cell and position packed in one key are all distinct, so an unstable sort of plain integers
        # (several times faster than a stable argsort) still keeps history order within a cell.
        keys = np.sort(cells * count + np.arange(count))
        return keys // count, keys % count
    order = np.argsort(cells, kind="stable")
    return cells[order], order


def _csr_from_sorted_cells(cells: np.ndarray, values: np.ndarray, shape: tuple[int, int]) -> sparse.csr_array:
    rows = cells // shape[1]
    columns = (cells % shape[1]).astype(np.int32)
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    # Built from its three arrays so that passes stay stored as explicit zeros.
    return sparse.csr_array((values, columns, indptr), shape=shape)


def _csr(matrix: sparse.sparray) -> sparse.csr_array:
    return sparse.csr_array(matrix)
